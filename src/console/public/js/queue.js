// The waiting queue and the technician's own conversations, with waiting times that tick.
(function (FL) {
  'use strict';

  var el = FL.dom.el;
  var PRIORITY_RANK = { urgent: 0, high: 1, normal: 2, low: 3 };

  /** Queue entries may come flat or as {handoff, ticket}; this reads either. */
  function normalise(entry) {
    var handoff = entry.handoff || entry;
    var ticket = entry.ticket || {};
    return {
      id: handoff.id || entry.handoffId,
      ticketId: handoff.ticketId || ticket.id || entry.ticketId,
      ticketNumber: ticket.number || entry.ticketNumber || '',
      state: handoff.state || entry.state || 'queued',
      priority: handoff.priority || ticket.priority || entry.priority || 'normal',
      language: handoff.language || ticket.language || entry.language || '',
      category: handoff.category || ticket.category || entry.category || '',
      // The problem in the user's words; the full summary is in the case file.
      summary: ticket.problem || ticket.summary || entry.summary || '',
      userName: (ticket.user && ticket.user.name) || entry.userName || '',
      queuedAt: handoff.queuedAt || entry.queuedAt || entry.waitingSince,
      assignedTo: handoff.assignedTo || entry.assignedTo,
      assignedToName: entry.assignedToName || handoff.assignedToName,
      position: entry.position,
    };
  }

  function byPriorityThenWait(a, b) {
    var rank = (PRIORITY_RANK[a.priority] ?? 2) - (PRIORITY_RANK[b.priority] ?? 2);
    return rank !== 0 ? rank : Date.parse(a.queuedAt || 0) - Date.parse(b.queuedAt || 0);
  }

  function badge(kind, value) {
    return value
      ? el('span', { className: 'badge badge-' + kind + ' badge-' + kind + '-' + value, text: value })
      : null;
  }

  function renderItem(item, options) {
    var li = el('li', { className: 'queue-item', attrs: { 'data-handoff-id': item.id } });
    var waiting = el('span', {
      className: 'waiting',
      text: item.queuedAt ? FL.dom.formatDuration(Date.now() - Date.parse(item.queuedAt)) : '',
      attrs: { 'data-since': item.queuedAt, title: 'Waiting time' },
    });
    var about = [item.category, item.userName].filter(Boolean).join(' · ');
    if (options.selectedId === item.id) li.classList.add('selected');
    var open = el(
      'button',
      {
        className: 'queue-open',
        attrs: {
          type: 'button',
          'aria-label': 'Open ' + (item.ticketNumber || 'conversation') + ': ' + item.summary,
        },
        onClick: function () {
          options.onOpen(item);
        },
      },
      [
        el('span', { className: 'queue-line' }, [
          el('strong', { className: 'ticket-number', text: item.ticketNumber || '—' }),
          badge('priority', item.priority),
          item.language
            ? el('span', { className: 'badge badge-lang', text: item.language.toUpperCase() })
            : null,
          // Beside the Claim button there is no room for it: it goes to the last line instead.
          options.claimable ? null : waiting,
        ]),
        el('span', { className: 'queue-summary', text: item.summary || '(no summary)' }),
        options.claimable
          ? el('span', { className: 'queue-category muted' }, [
              about ? about + ' · ' : '',
              'waiting ',
              waiting,
            ])
          : el('span', { className: 'queue-category muted', text: about }),
      ],
    );
    li.appendChild(open);
    if (options.claimable) {
      li.appendChild(
        el('button', {
          className: 'btn btn-small btn-primary queue-claim',
          text: 'Claim',
          attrs: { type: 'button', 'aria-label': 'Claim ' + (item.ticketNumber || 'conversation') },
          onClick: function () {
            options.onClaim(item);
          },
        }),
      );
    }
    return li;
  }

  function render(entries, state) {
    var items = entries.map(normalise).filter(function (item) {
      return item.id;
    });
    var waiting = items.filter(function (item) {
      return item.state === 'queued';
    });
    var mine = items.filter(function (item) {
      return item.state === 'assigned' && state.me && item.assignedTo === state.me.id;
    });
    waiting.sort(byPriorityThenWait);
    fill('queue', waiting, {
      claimable: true,
      selectedId: state.selectedId,
      onOpen: state.onOpen,
      onClaim: state.onClaim,
    });
    fill('mine', mine, { claimable: false, selectedId: state.selectedId, onOpen: state.onOpen });
    return items;
  }

  function fill(prefix, items, options) {
    var list = FL.dom.clear(document.getElementById(prefix + '-list'));
    items.forEach(function (item) {
      list.appendChild(renderItem(item, options));
    });
    document.getElementById(prefix + '-count').textContent = String(items.length);
    document.getElementById(prefix + '-empty').hidden = items.length > 0;
  }

  /** Updates every waiting-time label; called once a second. */
  function tick() {
    var now = Date.now();
    document.querySelectorAll('.waiting[data-since]').forEach(function (node) {
      var since = Date.parse(node.getAttribute('data-since'));
      if (!isNaN(since)) node.textContent = FL.dom.formatDuration(now - since);
    });
  }

  FL.queue = { normalise: normalise, render: render, tick: tick };
})((window.FirstLineConsole = window.FirstLineConsole || {}));
