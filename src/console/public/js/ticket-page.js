// One ticket: header, details, facts, files, rating, history timeline, the public replies and the
// internal notes (kept visibly apart: a reply went to the user, a note never does), and the
// conversation it came from. User text is shown as plain text, everything else as safe Markdown.
(function (FL) {
  'use strict';

  var el = FL.dom.el;
  var fmt = null;
  var CHANGE_LABELS = {
    created: 'Created',
    status: 'Status',
    assignee: 'Assignee',
    team: 'Team',
    priority: 'Priority',
    category: 'Category',
    reply: 'Reply sent',
    note: 'Internal note',
    merged: 'Merged',
    linked: 'Linked',
    rating: 'Rated',
    sla: 'SLA',
    'follow-up': 'Follow-up',
    'handed-over': 'Handed to a technician',
    trimmed: 'Older history',
  };
  var DELIVERY = {
    live: 'delivered in the chat',
    proactive: 'sent to Teams',
    'on-return': 'shown when the user returns',
    email: 'sent by e-mail',
    undelivered: 'not delivered yet',
  };

  function byId(id) {
    return document.getElementById(id);
  }

  function addField(list, label, value) {
    if (value === undefined || value === null || value === '') return;
    list.appendChild(el('dt', { text: label }));
    list.appendChild(el('dd', { text: value }));
  }

  function renderHeader(ticket) {
    byId('ticket-title').textContent = [ticket.number, ticket.problem || ticket.summary]
      .filter(Boolean)
      .join(' · ');
    var meta = FL.dom.clear(byId('ticket-meta'));
    meta.appendChild(fmt.statusBadge(ticket.status));
    var priority = fmt.priorityBadge(ticket.priority);
    if (priority) meta.appendChild(priority);
    if (ticket.type) meta.appendChild(el('span', { className: 'badge', text: ticket.type }));
    if (ticket.language)
      meta.appendChild(el('span', { className: 'badge badge-lang', text: ticket.language }));
    // Live translation was used: the user's language and the technician's.
    if (ticket.translation)
      meta.appendChild(
        el('span', {
          className: 'badge badge-translation',
          attrs: { id: 'ticket-language-pair' },
          text:
            String(ticket.translation.user).toUpperCase() +
            ' ↔ ' +
            String(ticket.translation.technician).toUpperCase() +
            ' (translated)',
        }),
      );
    if (fmt.nextDue(ticket)) meta.appendChild(fmt.slaCell(ticket));
    meta.appendChild(
      el('span', {
        className: 'muted',
        text: ticket.assignee ? 'Assigned to ' + ticket.assignee.name : 'Unassigned',
      }),
    );
  }

  function renderDetails(ticket, related) {
    var list = FL.dom.clear(byId('ticket-details'));
    var user = ticket.user || {};
    // Web chat users without a verified identity have only a channel id: say what they are.
    addField(list, 'User', [user.name, user.email].filter(Boolean).join(' · ') || fmt.userName(ticket));
    if (!user.name && !user.email && user.id) addField(list, 'User id', user.id);
    addField(list, 'Channel', fmt.channelName(ticket.channelId));
    addField(list, 'Category', ticket.category);
    addField(list, 'Team', ticket.team || 'Service desk');
    addField(list, 'Created', fmt.formatDateTime(ticket.createdAt));
    addField(list, 'Updated', fmt.formatDateTime(ticket.updatedAt));
    var sla = ticket.sla || {};
    var done = ticket.status === 'resolved' || ticket.status === 'closed';
    // A target met is shown as met, not as a due time still ahead.
    if (sla.firstRespondedAt) addField(list, 'First response', firstResponseText(sla));
    else
      addField(
        list,
        'First response due',
        sla.firstResponseDueAt && fmt.formatDateTime(sla.firstResponseDueAt),
      );
    if (!done)
      addField(
        list,
        'Resolution due',
        sla.pausedAt
          ? 'paused while waiting for the user'
          : sla.resolutionDueAt && fmt.formatDateTime(sla.resolutionDueAt),
      );
    addField(list, 'Merged into', related.mergedInto);
    addField(list, 'Parent', related.parent);
    // An earlier ticket of the same case (the bot's) this one could not continue on.
    addField(list, 'Related to', related.relatedTo);
    addField(list, 'Why opened', originText(ticket.origin));
    // A reopened ticket keeps the note it was resolved with: it is history, not the answer now.
    if (ticket.resolution) addField(list, done ? 'Resolution' : 'Earlier resolution', ticket.resolution.note);
    addField(list, 'Follow-up', followUpText(ticket.followUp));
  }

  /**
   * The dialogs record a flow's ticket as "flow access-request (ticket-request) opened a ticket":
   * ids for logs. A technician reads "the access request flow opened it".
   */
  function originText(origin) {
    var flow = /^flow ([\w.-]+) \([\w.-]+\) opened a ticket$/.exec(origin || '');
    return flow ? 'the ' + flow[1].replace(/[-_.]+/g, ' ') + ' flow opened it' : origin;
  }

  function firstResponseText(sla) {
    var at = fmt.formatDateTime(sla.firstRespondedAt);
    if (!sla.firstResponseDueAt) return at;
    return (
      at + (Date.parse(sla.firstRespondedAt) > Date.parse(sla.firstResponseDueAt) ? ' (late)' : ' (on time)')
    );
  }

  /** Where the "did the fix hold?" question after the resolution stands. */
  function followUpText(followUp) {
    if (!followUp || !followUp.askedAt) return '';
    if (followUp.answer === 'held') return 'The fix held (' + fmt.formatDateTime(followUp.answeredAt) + ')';
    if (followUp.answer === 'not-held')
      return 'The fix did not hold: reopened (' + fmt.formatDateTime(followUp.answeredAt) + ')';
    if (followUp.expiredAt) return 'No answer: closed ' + fmt.formatDateTime(followUp.expiredAt);
    return 'Asked whether the fix held ' + fmt.formatDateTime(followUp.askedAt) + ', no answer yet';
  }

  /**
   * What changed, in words: statuses by their labels, merges and links by ticket number. Replies
   * and notes carry only their id (the thread above shows them), so nothing more is said.
   */
  function historyDetail(entry) {
    var label = function (value) {
      return entry.change === 'status' || entry.change === 'created'
        ? fmt.STATUS_LABELS[value] || value
        : value;
    };
    switch (entry.change) {
      case 'reply':
      case 'note':
        return '';
      case 'merged':
        if (entry.to) return 'into ' + entry.to;
        return entry.from ? entry.from + ' merged into this one' : '';
      case 'linked':
        return entry.to ? 'to parent ' + entry.to : 'parent removed';
      case 'trimmed':
        return entry.to + ' older entries not kept';
      default:
        // "Open → Pending"; a first value (created, first assignee) reads as the value alone.
        if (entry.from) return label(entry.from) + ' → ' + (entry.to ? label(entry.to) : '—');
        return entry.to ? label(entry.to) : '';
    }
  }

  function renderFacts(ticket) {
    var list = FL.dom.clear(byId('ticket-facts'));
    var facts = ticket.facts || {};
    Object.keys(facts).forEach(function (key) {
      addField(list, fmt.factLabel(key), fmt.factValue(facts[key]));
    });
    if (!list.firstChild) list.appendChild(el('dd', { className: 'muted', text: 'None recorded.' }));
    renderAnswers(ticket.answers || []);
    renderSteps(ticket.stepsTried || []);
  }

  /** The steps the user tried, each with how it went and what they said at it, as plain text. */
  function renderSteps(steps) {
    var list = FL.dom.clear(byId('ticket-steps'));
    steps.forEach(function (step) {
      list.appendChild(el('li', { className: 'step-tried', text: fmt.stepText(step) }));
    });
    if (steps.length === 0) list.appendChild(el('li', { className: 'muted', text: 'Nothing yet.' }));
  }

  /** A service request's answers as its form, at the top: they are what the technician acts on. */
  function renderRequest(ticket) {
    var fields = ticket.requestFields || [];
    var list = FL.dom.clear(byId('ticket-request-fields'));
    fields.forEach(function (field) {
      addField(list, field.label, field.value);
    });
    byId('ticket-request').hidden = fields.length === 0;
  }

  /** The questions the user answered, each cut to its first sentence, so nobody asks again. */
  function renderAnswers(answers) {
    var list = FL.dom.clear(byId('ticket-answers'));
    var plain = function (text) {
      return String(text || '').replace(/\*\*|`|\*/g, '');
    };
    answers.forEach(function (answer) {
      var question = (plain(answer.question).match(/^[^?.!]*[?.!]?/) || [''])[0];
      list.appendChild(
        el('li', {}, [
          el('span', { className: 'answer-question muted', text: question }),
          el('span', {
            className: 'answer-value',
            text: plain(answer.answer) + (answer.prefilled ? ' (already said)' : ''),
          }),
        ]),
      );
    });
    if (answers.length === 0) list.appendChild(el('li', { className: 'muted', text: 'None.' }));
  }

  function renderFiles(files) {
    var list = FL.dom.clear(byId('ticket-files'));
    (files || []).forEach(function (file) {
      list.appendChild(el('li', {}, [FL.files.render(file)]));
    });
    if (!files || files.length === 0) list.appendChild(el('li', { className: 'muted', text: 'None.' }));
  }

  function renderRating(rating) {
    var node = FL.dom.clear(byId('ticket-rating'));
    if (!rating) {
      node.className = 'muted';
      node.textContent = 'Not rated.';
      return;
    }
    node.className = 'ticket-rating';
    node.appendChild(fmt.stars(rating));
    node.appendChild(document.createTextNode(' ' + rating.score + ' of 5'));
    if (rating.comment) node.appendChild(el('q', { className: 'rating-comment', text: rating.comment }));
  }

  function actorName(by) {
    if (!by) return '';
    if (typeof by === 'string') return by;
    return by.name || by.kind || '';
  }

  function renderHistory(history) {
    var list = FL.dom.clear(byId('ticket-history'));
    (history || [])
      .slice()
      .reverse()
      .forEach(function (entry) {
        var change = CHANGE_LABELS[entry.change] || entry.change;
        var fromTo = historyDetail(entry);
        list.appendChild(
          el('li', { className: 'history-item history-' + entry.change }, [
            el('div', { className: 'history-line' }, [
              el('strong', { text: change }),
              fromTo ? el('span', { className: 'history-change', text: fromTo }) : null,
            ]),
            entry.why ? el('div', { className: 'history-why', text: '“' + entry.why + '”' }) : null,
            el('div', { className: 'history-meta muted' }, [
              actorName(entry.by),
              ' · ',
              el('time', { text: fmt.formatDateTime(entry.at), attrs: { datetime: entry.at } }),
            ]),
          ]),
        );
      });
    if (!history || history.length === 0)
      list.appendChild(el('li', { className: 'muted', text: 'Nothing yet.' }));
  }

  /** Replies (to or from the user) and internal notes in one timeline, each marked for what it is. */
  function renderThread(replies, notes) {
    var items = (replies || [])
      .map(function (reply) {
        return { kind: 'reply', at: reply.at, item: reply };
      })
      .concat(
        (notes || []).map(function (note) {
          return { kind: 'note', at: note.at, item: note };
        }),
      )
      .sort(function (a, b) {
        return Date.parse(a.at) - Date.parse(b.at);
      });
    var list = FL.dom.clear(byId('ticket-thread'));
    items.forEach(function (entry) {
      list.appendChild(entry.kind === 'note' ? noteItem(entry.item) : replyItem(entry.item));
    });
    if (items.length === 0)
      list.appendChild(el('li', { className: 'muted thread-empty', text: 'No replies or notes yet.' }));
  }

  function replyItem(reply) {
    var fromUser = reply.by && reply.by.kind === 'user';
    var label = fromUser ? 'From the user' : 'Reply to the user';
    var delivery = !fromUser && reply.delivery ? DELIVERY[reply.delivery] || reply.delivery : '';
    return el('li', { className: 'thread-item ' + (fromUser ? 'thread-user' : 'thread-reply') }, [
      el('div', { className: 'thread-meta' }, [
        el('span', { className: 'badge ' + (fromUser ? 'badge-user' : 'badge-reply'), text: label }),
        el('strong', { text: actorName(reply.by) }),
        el('time', { text: fmt.formatDateTime(reply.at), attrs: { datetime: reply.at } }),
        delivery ? el('span', { className: 'muted', text: delivery }) : null,
      ]),
      el('div', { className: 'thread-body' + (fromUser ? '' : ' md') }, [
        fromUser ? FL.dom.plainText(reply.text) : FL.dom.markdown(reply.text),
      ]),
    ]);
  }

  function noteItem(note) {
    return el('li', { className: 'thread-item thread-note' }, [
      el('div', { className: 'thread-meta' }, [
        el('span', { className: 'badge badge-note', text: 'Internal note · never sent' }),
        el('strong', { text: (note.author && (note.author.name || note.author)) || 'Technician' }),
        el('time', { text: fmt.formatDateTime(note.at), attrs: { datetime: note.at } }),
      ]),
      el('div', { className: 'thread-body md' }, [FL.dom.markdown(note.text)]),
    ]);
  }

  function transcriptRole(entry) {
    var from = entry.from || {};
    return from.role === 'user' || from.role === 'technician' ? from.role : 'bot';
  }

  function renderTranscript(entries) {
    var list = FL.dom.clear(byId('ticket-transcript'));
    (entries || []).forEach(function (entry) {
      if (entry.type && entry.type !== 'message') return;
      var files = Array.isArray(entry.files) ? entry.files : [];
      if (!entry.text && files.length === 0) return;
      var role = transcriptRole(entry);
      var body = el('div', { className: 'msg-body' + (role === 'user' ? '' : ' md') });
      if (entry.text)
        body.appendChild(role === 'user' ? FL.dom.plainText(entry.text) : FL.dom.markdown(entry.text));
      files.forEach(function (file) {
        body.appendChild(FL.files.render(file));
      });
      var name =
        role === 'user'
          ? (entry.from && entry.from.name) || 'User'
          : role === 'technician'
            ? (entry.from && entry.from.name) || 'Technician'
            : 'Bot';
      list.appendChild(
        el('li', { className: 'msg msg-' + role }, [
          el('div', { className: 'msg-meta' }, [
            el('span', { className: 'msg-sender', text: name }),
            el('time', {
              text: fmt.formatDateTime(entry.at || entry.timestamp),
              attrs: { datetime: entry.at },
            }),
          ]),
          body,
        ]),
      );
    });
    if (!list.firstChild)
      list.appendChild(el('li', { className: 'muted', text: 'No conversation recorded.' }));
  }

  /**
   * Sets a control to the stored value, unless the technician is changing it on this same ticket:
   * a live refresh (someone else's change) must not undo a choice they have not applied yet.
   */
  function showValue(id, value, sameTicket) {
    var control = byId(id);
    var editing = sameTicket && control.value !== control.getAttribute('data-shown');
    control.setAttribute('data-shown', value);
    if (!editing) control.value = value;
  }

  /** Fills the page from getTicket's answer; `related` names merged-into, parent and related tickets. */
  function show(data, related) {
    fmt = FL.ticketFormat;
    var ticket = data.ticket;
    renderHeader(ticket);
    renderDetails(ticket, related || {});
    renderRequest(ticket);
    renderFacts(ticket);
    renderFiles(data.files || data.attachments);
    renderRating(data.rating || ticket.rating);
    renderHistory(data.history || ticket.history);
    renderThread(data.replies || ticket.replies, data.notes || ticket.notes);
    renderTranscript(data.transcript);
    var sameTicket = byId('ticket-page').getAttribute('data-ticket-id') === ticket.id;
    showValue('ticket-status', ticket.status, sameTicket);
    showValue('ticket-priority', ticket.priority, sameTicket);
    showValue('ticket-category', ticket.category, sameTicket);
    byId('ticket-page').setAttribute('data-ticket-id', ticket.id);
    byId('ticket-page').setAttribute('data-status', ticket.status);
  }

  FL.ticketPage = { show: show };
})((window.FirstLineConsole = window.FirstLineConsole || {}));
