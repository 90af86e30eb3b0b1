// What a technician does on a ticket page: assign (to themselves or someone else), change status
// and priority with a reason, reply to the user or add an internal note, merge a duplicate into
// another ticket and link a parent. Every action goes through the console API and reloads the page.
(function (FL) {
  'use strict';

  var el = FL.dom.el;
  var current = null;
  var deps = null;

  function byId(id) {
    return document.getElementById(id);
  }

  function noteMode() {
    return byId('ticket-mode-note').checked;
  }

  /** Runs an action, shows its error beside the actions, and reloads the ticket after success. */
  async function act(errorId, work, done) {
    var error = byId(errorId);
    error.textContent = '';
    try {
      await work();
      if (done) deps.toast(done, 'ok');
      await open(current.number || current.id);
      return true;
    } catch (err) {
      error.textContent = err.message;
      return false;
    }
  }

  function update(patch, done) {
    var why = byId('ticket-why').value.trim();
    var body = Object.assign({}, patch, why ? { why: why } : {});
    return act(
      'ticket-action-error',
      function () {
        return FL.api.call('updateTicket', { ticketId: current.id }, body).then(function () {
          byId('ticket-why').value = '';
        });
      },
      done,
    );
  }

  async function fillAssignees() {
    var select = FL.dom.clear(byId('ticket-assignee'));
    select.appendChild(el('option', { text: 'Assign to…', attrs: { value: '' } }));
    var technicians = await deps.technicians().catch(function () {
      return [];
    });
    technicians.forEach(function (tech) {
      select.appendChild(el('option', { text: tech.name, attrs: { value: tech.id } }));
    });
    select.appendChild(el('option', { text: 'Nobody (unassign)', attrs: { value: 'none' } }));
  }

  /** A ticket number (any case) or id as typed; the API answers 400 when no such ticket is visible. */
  function ticketRef(given) {
    var text = String(given || '').trim();
    if (!text) throw new Error('Give a ticket number, e.g. HD-1001.');
    return /^hd-\d+$/i.test(text) ? text.toUpperCase() : text;
  }

  function syncComposer() {
    var note = noteMode();
    byId('ticket-composer').classList.toggle('composer-note', note);
    byId('ticket-composer-label').textContent = note
      ? 'Internal note (never sent to the user)'
      : 'Reply to the user';
    byId('ticket-composer-text').placeholder = note
      ? 'Internal note — only technicians see this'
      : 'Reply to the user…';
    byId('ticket-composer-hint').textContent = note
      ? 'Only technicians see notes.'
      : 'Sent to the user in their chat (or kept for when they come back).';
    byId('ticket-composer-send').textContent = note ? 'Add note' : 'Send reply';
  }

  function bind(options) {
    deps = options;
    byId('ticket-assign-me').addEventListener('click', function () {
      update({ assigneeId: deps.me().id }, 'Assigned to you.');
    });
    byId('ticket-assign').addEventListener('click', function () {
      var value = byId('ticket-assignee').value;
      if (!value) {
        byId('ticket-action-error').textContent = 'Pick a technician first.';
        byId('ticket-assignee').focus();
        return;
      }
      update({ assigneeId: value === 'none' ? null : value }, value === 'none' ? 'Unassigned.' : 'Assigned.');
    });
    byId('ticket-update').addEventListener('click', function () {
      var patch = {};
      if (byId('ticket-status').value !== current.status) patch.status = byId('ticket-status').value;
      if (byId('ticket-priority').value !== current.priority) patch.priority = byId('ticket-priority').value;
      var category = byId('ticket-category').value.trim();
      if (category && category !== current.category) patch.category = category;
      if (Object.keys(patch).length === 0) {
        byId('ticket-action-error').textContent = 'Change the status, the priority or the category first.';
        return;
      }
      update(patch, 'Ticket updated.');
    });
    byId('ticket-merge').addEventListener('click', function () {
      act(
        'ticket-action-error',
        async function () {
          var into = ticketRef(byId('ticket-merge-into').value);
          await FL.api.call('mergeTicket', { ticketId: current.id }, { intoTicketId: into });
          byId('ticket-merge-into').value = '';
        },
        'Merged as a duplicate.',
      );
    });
    byId('ticket-link').addEventListener('click', function () {
      act(
        'ticket-action-error',
        async function () {
          var parent = ticketRef(byId('ticket-parent').value);
          await FL.api.call('linkTicket', { ticketId: current.id }, { parentId: parent });
          byId('ticket-parent').value = '';
        },
        'Linked to the parent ticket.',
      );
    });
    byId('ticket-mode-reply').addEventListener('change', syncComposer);
    byId('ticket-mode-note').addEventListener('change', syncComposer);
    byId('ticket-composer').addEventListener('submit', function (event) {
      event.preventDefault();
      var input = byId('ticket-composer-text');
      var text = input.value.trim();
      if (!text) return;
      var internal = noteMode();
      act(
        'ticket-composer-error',
        async function () {
          await FL.api.call('replyToTicket', { ticketId: current.id }, { text: text, internal: internal });
          input.value = '';
        },
        internal ? 'Note added.' : 'Reply sent.',
      );
    });
    syncComposer();
  }

  /** A related ticket as the API names it: its number (and problem) when known. */
  function label(related) {
    if (!related) return '';
    if (typeof related === 'string') return related;
    return [related.number || related.id, related.problem].filter(Boolean).join(' · ');
  }

  /** Loads and shows one ticket by number (HD-1001) or id. */
  async function open(ticketRef) {
    var data = await FL.api.call('getTicket', { ticketId: ticketRef });
    current = data.ticket || data;
    var related = {};
    var names = data.related || {};
    if (current.mergedInto) related.mergedInto = label(names.mergedInto) || current.mergedInto;
    if (current.parentId) related.parent = label(names.parent) || current.parentId;
    if (current.relatedTo) related.relatedTo = label(names.relatedTo) || current.relatedTo;
    FL.ticketPage.show(Object.assign({}, data, { ticket: current }), related);
    if (byId('ticket-assignee').options.length === 0) await fillAssignees();
    var mine = current.assignee && current.assignee.id === deps.me().id;
    byId('ticket-assign-me').disabled = Boolean(mine);
    return current;
  }

  FL.ticketActions = {
    bind: bind,
    open: open,
    current: function () {
      return current;
    },
  };
})((window.FirstLineConsole = window.FirstLineConsole || {}));
