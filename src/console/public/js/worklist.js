/* global location, URLSearchParams */
// The Tickets view's list: saved views, search, filters, sorting and "Load more" with the API's
// cursor. What is asked for lives in the address (#/tickets?view=unassigned&q=vpn), so a view can
// be bookmarked and the browser's Back button returns to the same list.
(function (FL) {
  'use strict';

  var el = FL.dom.el;
  var fmt = null;
  var PAGE_SIZE = 25;
  // The API's largest page: a refresh that must cover more rows asks for several.
  var MAX_PAGE_SIZE = 100;
  var VIEW_TITLES = {
    '': 'All tickets',
    'my-open': 'My open tickets',
    unassigned: 'Unassigned tickets',
    'waiting-for-user': 'Waiting for the user',
    'breaching-sla': 'Breaching SLA',
  };

  var query = {};
  var loaded = [];
  var nextCursor = null;
  var loading = 0;
  // How many rows the technician has asked to see (one page, plus one per "Load more"): a live
  // refresh reads that many again, so it never takes away pages that were loaded or are loading.
  var wanted = PAGE_SIZE;
  // The row the keyboard goes to once "Load more" has brought it, whichever read brings it.
  var focusAt = null;

  function byId(id) {
    return document.getElementById(id);
  }

  function filterInputs() {
    return Array.prototype.slice.call(document.querySelectorAll('#worklist-filters [data-filter]'));
  }

  /** Dates are whole days in the technician's own time zone; the API takes instants. */
  function toInstant(key, value) {
    if (!value) return value;
    var endOfDay = /To$/.test(key);
    var local = new Date(value + (endOfDay ? 'T23:59:59.999' : 'T00:00:00'));
    return isNaN(local.getTime()) ? undefined : local.toISOString();
  }

  /** The form as the address's query: view, q, sort and every filter that is set. */
  function readForm() {
    var next = { view: query.view || '' };
    var q = byId('worklist-q').value.trim();
    if (q) next.q = q;
    var sort = byId('worklist-sort').value;
    if (sort && sort !== 'updatedAt:desc') next.sort = sort;
    filterInputs().forEach(function (input) {
      var value = input.value.trim();
      if (value) next[input.getAttribute('data-filter')] = value;
    });
    if (!next.view) delete next.view;
    return next;
  }

  function writeForm() {
    byId('worklist-q').value = query.q || '';
    byId('worklist-sort').value = query.sort || 'updatedAt:desc';
    var set = 0;
    filterInputs().forEach(function (input) {
      var value = query[input.getAttribute('data-filter')] || '';
      input.value = value;
      if (value) set += 1;
    });
    byId('filter-count').hidden = set === 0;
    byId('filter-count').textContent = String(set);
    document.querySelectorAll('.saved-view').forEach(function (button) {
      button.setAttribute('aria-pressed', String(button.getAttribute('data-view') === (query.view || '')));
    });
    byId('worklist-title').textContent = VIEW_TITLES[query.view || ''] || 'Tickets';
  }

  function hashFor(next) {
    var params = new URLSearchParams();
    Object.keys(next)
      .sort()
      .forEach(function (key) {
        if (next[key]) params.set(key, next[key]);
      });
    var search = params.toString();
    return '#/tickets' + (search ? '?' + search : '');
  }

  function go(next) {
    var hash = hashFor(next);
    if (location.hash === hash) load(next);
    else location.hash = hash;
  }

  /** The API's query parameters for the current list. */
  function apiQuery(cursor, limit) {
    var params = {};
    Object.keys(query).forEach(function (key) {
      if (key === 'sort') {
        var parts = query.sort.split(':');
        params.sort = parts[0];
        params.direction = parts[1];
      } else if (/^(created|updated)(From|To)$/.test(key)) {
        params[key] = toInstant(key, query[key]);
      } else {
        params[key] = query[key];
      }
    });
    params.limit = limit;
    if (cursor) params.cursor = cursor;
    return params;
  }

  /** Rows per page: the address may ask for another size (`limit=`), up to the API's largest. */
  function pageSize() {
    var asked = Math.floor(Number(query.limit));
    return asked > 0 ? Math.min(asked, MAX_PAGE_SIZE) : PAGE_SIZE;
  }

  function row(ticket) {
    var href = '#/tickets/' + encodeURIComponent(ticket.number || ticket.id);
    var problem = ticket.problem || ticket.summary || '(no description)';
    return el('tr', { attrs: { 'data-ticket-id': ticket.id, 'data-ticket-number': ticket.number } }, [
      el('td', { className: 'cell-number' }, [
        el('a', { text: ticket.number || '—', attrs: { href: href } }),
      ]),
      el('td', { className: 'cell-problem' }, [
        el('span', { className: 'problem-text', text: problem, attrs: { title: problem } }),
        el('span', {
          className: 'cell-sub muted',
          text: [fmt.userName(ticket), ticket.category, fmt.channelName(ticket.channelId)]
            .filter(Boolean)
            .join(' · '),
        }),
      ]),
      el('td', {}, [fmt.statusBadge(ticket.status)]),
      el('td', {}, [fmt.priorityBadge(ticket.priority)]),
      el('td', {
        className: ticket.assignee ? '' : 'muted',
        text: ticket.assignee ? ticket.assignee.name : 'Unassigned',
      }),
      el('td', { className: 'cell-time' }, [
        el('time', {
          text: fmt.ago(ticket.updatedAt),
          attrs: { datetime: ticket.updatedAt, title: fmt.formatDateTime(ticket.updatedAt) },
        }),
      ]),
      el('td', { className: 'cell-sla' }, [fmt.slaCell(ticket)]),
      el('td', {}, [fmt.stars(ticket.rating)]),
    ]);
  }

  function render() {
    // A live refresh redraws the rows: the keyboard stays on the ticket it was on.
    var focusedId = focusedTicketId();
    var body = FL.dom.clear(byId('worklist-rows'));
    loaded.forEach(function (ticket) {
      body.appendChild(row(ticket));
    });
    if (focusedId)
      focusRow(
        loaded.findIndex(function (t) {
          return t.id === focusedId;
        }),
      );
    byId('worklist-empty').hidden = loaded.length > 0;
    byId('worklist-table').hidden = loaded.length === 0;
    byId('worklist-more').hidden = !nextCursor;
    byId('worklist-status').textContent =
      loaded.length === 0
        ? 'No tickets match.'
        : 'Showing ' +
          loaded.length +
          (loaded.length === 1 ? ' ticket' : ' tickets') +
          (nextCursor ? ', more below.' : '.');
  }

  /**
   * Reads `count` rows after `cursor` (from the top without one), in pages the API accepts, and
   * shows them after the rows already there (or instead of them, from the top). A newer read makes
   * this one's answer stale: it is dropped.
   */
  async function fetchRows(cursor, count) {
    var ticket = ++loading;
    byId('worklist-error').textContent = '';
    byId('worklist').setAttribute('aria-busy', 'true');
    try {
      var rows = [];
      var next = cursor;
      do {
        var limit = Math.min(count - rows.length, MAX_PAGE_SIZE);
        var data = await FL.api.call('listTickets', null, undefined, apiQuery(next, limit));
        if (ticket !== loading) return;
        rows = rows.concat(data.tickets || []);
        next = data.nextCursor || null;
      } while (next && rows.length < count);
      loaded = cursor ? loaded.concat(rows) : rows;
      nextCursor = next;
      render();
      // "Load more" may vanish with the last page: the keyboard continues at the first new ticket.
      if (focusAt !== null && loaded.length > focusAt) {
        focusRow(focusAt);
        focusAt = null;
      }
    } catch (err) {
      if (ticket !== loading) return;
      byId('worklist-error').textContent = 'Could not load the tickets: ' + err.message;
    } finally {
      if (ticket === loading) byId('worklist').removeAttribute('aria-busy');
    }
  }

  /** The ticket of the row the keyboard is on, if it is on one. */
  function focusedTicketId() {
    var active = document.activeElement;
    var tr = active && byId('worklist-rows').contains(active) ? active.closest('tr') : null;
    return tr ? tr.getAttribute('data-ticket-id') : null;
  }

  function focusRow(index) {
    var link = document.querySelectorAll('#worklist-rows tr')[index];
    var target = link && link.querySelector('a');
    if (target) target.focus();
  }

  /** Shows the list for `next` (from the address). */
  function load(next) {
    query = next || {};
    writeForm();
    wanted = pageSize();
    focusAt = null;
    return fetchRows(null, wanted);
  }

  /** Reads the list again as it is (after a change on a ticket, or a live event). */
  function refresh() {
    return fetchRows(null, Math.max(wanted, pageSize()));
  }

  /** Ticks the "time left" cells once a minute without asking the server. */
  function tick() {
    document.querySelectorAll('#worklist-rows tr').forEach(function (tr) {
      var id = tr.getAttribute('data-ticket-id');
      var ticket = loaded.find(function (t) {
        return t.id === id;
      });
      var cell = tr.querySelector('.cell-sla');
      if (ticket && cell) FL.dom.clear(cell).appendChild(fmt.slaCell(ticket));
    });
  }

  function bind() {
    fmt = FL.ticketFormat;
    byId('worklist-form').addEventListener('submit', function (event) {
      event.preventDefault();
      go(readForm());
    });
    byId('worklist-sort').addEventListener('change', function () {
      go(readForm());
    });
    byId('filters-clear').addEventListener('click', function () {
      filterInputs().forEach(function (input) {
        input.value = '';
      });
      go(readForm());
    });
    document.querySelectorAll('.saved-view').forEach(function (button) {
      button.addEventListener('click', function () {
        var view = button.getAttribute('data-view');
        // A saved view starts clean: its own filters, no leftover search.
        go(view ? { view: view } : {});
      });
    });
    byId('worklist-more').addEventListener('click', function () {
      if (!nextCursor) return;
      wanted = loaded.length + pageSize();
      focusAt = loaded.length;
      fetchRows(nextCursor, pageSize());
    });
  }

  /** `#/tickets?view=unassigned&q=vpn` → `{view: 'unassigned', q: 'vpn'}`. */
  function parse(search) {
    var next = {};
    new URLSearchParams(search || '').forEach(function (value, key) {
      if (value) next[key] = value;
    });
    return next;
  }

  FL.worklist = { bind: bind, load: load, refresh: refresh, parse: parse, tick: tick };
})((window.FirstLineConsole = window.FirstLineConsole || {}));
