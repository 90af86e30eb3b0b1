// How tickets read in the console: status and priority badges, time left to the SLA due time,
// ratings as stars, dates. Shared by the worklist and the ticket page.
(function (FL) {
  'use strict';

  var el = FL.dom.el;
  var STATUS_LABELS = {
    new: 'New',
    open: 'Open',
    pending: 'Pending',
    'on-hold': 'On hold',
    resolved: 'Resolved',
    closed: 'Closed',
  };
  var DONE = { resolved: true, closed: true };
  var MINUTE = 60000;
  var SOON_MS = 60 * MINUTE;

  function statusBadge(status) {
    return el('span', {
      className: 'badge badge-status badge-status-' + status,
      text: STATUS_LABELS[status] || status,
    });
  }

  function priorityBadge(priority) {
    return priority
      ? el('span', { className: 'badge badge-priority badge-priority-' + priority, text: priority })
      : null;
  }

  /**
   * The next SLA due time that still counts: the first response until someone answered, then the
   * resolution. None once the ticket is resolved or closed.
   */
  function nextDue(ticket) {
    var sla = ticket.sla || {};
    if (DONE[ticket.status]) return null;
    var first = !sla.firstRespondedAt && sla.firstResponseDueAt;
    // While the ticket waits for the user the resolution clock is stopped (src/sla `pausedAt`).
    var resolution = !sla.pausedAt && sla.resolutionDueAt;
    var candidates = [first, resolution].filter(Boolean).map(function (iso) {
      return { iso: iso, time: Date.parse(iso), kind: iso === first ? 'first response' : 'resolution' };
    });
    candidates.sort(function (a, b) {
      return a.time - b.time;
    });
    return candidates[0] || null;
  }

  /** "3 h 20 min", "45 min", "2 d 4 h". */
  function span(ms) {
    var minutes = Math.max(0, Math.round(ms / MINUTE));
    var days = Math.floor(minutes / 1440);
    var hours = Math.floor((minutes % 1440) / 60);
    var rest = minutes % 60;
    if (days > 0) return days + ' d' + (hours ? ' ' + hours + ' h' : '');
    if (hours > 0) return hours + ' h' + (rest ? ' ' + rest + ' min' : '');
    return rest > 0 ? rest + ' min' : '< 1 min';
  }

  /** Time left to the SLA due time, as an element that says overdue plainly. */
  function slaCell(ticket, now) {
    var due = nextDue(ticket);
    var sla = ticket.sla || {};
    if (!due && sla.pausedAt && sla.resolutionDueAt && !DONE[ticket.status]) {
      // Paused: the time that was left when the clock stopped.
      var kept = Date.parse(sla.resolutionDueAt) - Date.parse(sla.pausedAt);
      return el('span', {
        className: 'sla sla-paused muted',
        text: (kept < 0 ? span(-kept) + ' overdue' : span(kept) + ' left') + ', paused',
        attrs: { title: 'Waiting for the user: the resolution clock is stopped' },
      });
    }
    if (!due) return el('span', { className: 'sla sla-none muted', text: '—' });
    var left = due.time - (now || Date.now());
    var state = left < 0 ? 'breached' : left < SOON_MS ? 'soon' : 'ok';
    var text = left < 0 ? span(-left) + ' overdue' : span(left) + ' left';
    return el('span', {
      className: 'sla sla-' + state,
      text: text,
      attrs: {
        title: 'Due ' + formatDateTime(due.iso) + ' (' + due.kind + ')',
        'data-due': due.iso,
      },
    });
  }

  function stars(rating) {
    if (!rating || !rating.score) return el('span', { className: 'muted', text: '—' });
    var score = Number(rating.score);
    return el('span', {
      className: 'rating',
      text: '★★★★★'.slice(0, score) + '☆☆☆☆☆'.slice(0, 5 - score),
      attrs: { title: score + ' of 5', 'aria-label': 'Rated ' + score + ' of 5' },
    });
  }

  function formatDateTime(iso) {
    var date = new Date(iso);
    if (isNaN(date.getTime())) return '';
    return date.toLocaleString([], {
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
  }

  /** "just now", "5 min ago", "3 h ago", else the date. */
  function ago(iso, now) {
    var time = Date.parse(iso);
    if (isNaN(time)) return '';
    var ms = (now || Date.now()) - time;
    if (ms < MINUTE) return 'just now';
    if (ms < 24 * 60 * MINUTE) return span(ms) + ' ago';
    return formatDateTime(iso);
  }

  var WORDS = { os: 'OS', macos: 'macOS', ios: 'iOS', ipados: 'iPadOS', chromeos: 'ChromeOS' };
  var FACT_LABELS = {
    urgency: 'Urgency',
    softwareName: 'Software',
    businessReason: 'Business reason',
    approver: 'Approver',
  };

  /** `businessReason` → "Business reason", `os` → "OS"; shared with the live conversation's case. */
  function factLabel(key) {
    if (FACT_LABELS[key]) return FACT_LABELS[key];
    if (WORDS[key]) return WORDS[key];
    var words = String(key)
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .replace(/[_-]+/g, ' ')
      .toLowerCase();
    return words.charAt(0).toUpperCase() + words.slice(1);
  }

  /** Fact values are ids (`windows-11`); technicians read words ("Windows 11"). */
  function factValue(value) {
    var text = String(value);
    if (WORDS[text]) return WORDS[text];
    if (!/^[a-z0-9]+(-[a-z0-9]+)+$/.test(text)) return text;
    return text
      .split('-')
      .map(function (word) {
        return WORDS[word] || word.charAt(0).toUpperCase() + word.slice(1);
      })
      .join(' ');
  }

  function userName(ticket) {
    var user = ticket.user || {};
    return user.name || user.email || 'Web chat user';
  }

  function channelName(channelId) {
    return channelId === 'directline' ? 'Web chat' : channelId === 'msteams' ? 'Teams' : channelId || '';
  }

  var STEP_RESULTS = { worked: 'worked', failed: "didn't help", stopped: 'stopped there' };

  /**
   * A step the user tried, as technicians read it: its title, how it went and, when the user said
   * more than no at it, their own words ("nie włącza się"), already redacted when stored. Plain
   * text: callers put it in as text, never as markup.
   */
  function stepText(step) {
    if (typeof step === 'string') return step;
    var result = STEP_RESULTS[step.result] || step.result || step.outcome;
    var title =
      step.title ||
      (step.source === 'article' && step.ref ? step.ref + ', step ' + step.step : '') ||
      [step.ref, step.step].filter(Boolean).join(' / ') ||
      step.id;
    var text = [title, result].filter(Boolean).join(' — ');
    return step.said ? text + ': “' + step.said + '”' : text;
  }

  FL.ticketFormat = {
    STATUS_LABELS: STATUS_LABELS,
    stepText: stepText,
    statusBadge: statusBadge,
    priorityBadge: priorityBadge,
    slaCell: slaCell,
    nextDue: nextDue,
    stars: stars,
    formatDateTime: formatDateTime,
    ago: ago,
    userName: userName,
    factLabel: factLabel,
    factValue: factValue,
    channelName: channelName,
  };
})((window.FirstLineConsole = window.FirstLineConsole || {}));
