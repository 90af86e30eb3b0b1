/* global location, setTimeout, clearTimeout */
// Which part of the console is on screen, from the address: #/live (the live chats), #/tickets
// (the worklist, with its view, search and filters in the query) or #/tickets/HD-1001 (a ticket).
// Links and the browser's Back button move between them; the page's focus follows.
(function (FL) {
  'use strict';

  var REFRESH_DELAY_MS = 400;
  var refreshTimer = null;
  var shown = null;

  function byId(id) {
    return document.getElementById(id);
  }

  function route() {
    var hash = location.hash || '#/live';
    var match = /^#\/tickets(?:\/([^?]+))?(?:\?(.*))?$/.exec(hash);
    // Another page's own view (incidents.js shows it): neither the live chats nor the tickets.
    if (/^#\/incidents\b/.test(hash)) return { name: 'other' };
    if (!match) return { name: 'live' };
    if (match[1]) return { name: 'ticket', ref: decodeURIComponent(match[1]) };
    return { name: 'tickets', query: FL.worklist.parse(match[2]) };
  }

  function setNav(name) {
    byId('nav-live').toggleAttribute('aria-current', name === 'live');
    if (name === 'live') byId('nav-live').setAttribute('aria-current', 'page');
    var tickets = name === 'tickets' || name === 'ticket';
    byId('nav-tickets').toggleAttribute('aria-current', tickets);
    if (tickets) byId('nav-tickets').setAttribute('aria-current', 'page');
    byId('live-view').hidden = name !== 'live';
    byId('tickets-view').hidden = !tickets;
  }

  async function show() {
    var next = route();
    var previous = shown;
    shown = next;
    setNav(next.name);
    if (next.name === 'live' || next.name === 'other') return;
    var onTicket = next.name === 'ticket';
    byId('worklist').hidden = onTicket;
    byId('ticket-page').hidden = !onTicket;
    if (onTicket) {
      try {
        await FL.ticketActions.open(next.ref);
        byId('ticket-title').setAttribute('tabindex', '-1');
        byId('ticket-title').focus();
      } catch (err) {
        byId('ticket-title').textContent = next.ref;
        FL.dom.clear(byId('ticket-meta'));
        byId('ticket-action-error').textContent =
          err.status === 404
            ? 'No such ticket, or it is not yours to see.'
            : 'Could not load: ' + err.message;
      }
    } else {
      await FL.worklist.load(next.query);
      // Back from a ticket (or in from the live view): keyboard users start at the list's title.
      if (!previous || previous.name !== 'tickets') {
        byId('worklist-title').setAttribute('tabindex', '-1');
        byId('worklist-title').focus();
      }
    }
  }

  /** A live event touched tickets: read the list (or the open ticket) again, once per burst. */
  function changed() {
    if (!shown || shown.name === 'live' || shown.name === 'other') return;
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(function () {
      if (shown.name === 'tickets') FL.worklist.refresh();
      else if (shown.name === 'ticket') {
        var current = FL.ticketActions.current();
        if (current) FL.ticketActions.open(current.number || current.id).catch(function () {});
      }
    }, REFRESH_DELAY_MS);
  }

  function start() {
    window.addEventListener('hashchange', show);
    return show();
  }

  FL.ticketsView = { start: start, changed: changed, route: route };
})((window.FirstLineConsole = window.FirstLineConsole || {}));
