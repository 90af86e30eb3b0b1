/* global location, setTimeout, clearTimeout */
// The Incidents panel (#/incidents): suspected incidents the spike detector or a lead raised,
// active (confirmed) ones whose status message users with that problem are told, and the recently
// closed. Every technician reads it; leads confirm with a status message per language, update
// the message, resolve (linked users are told, linked tickets resolve) or dismiss.
(function (FL) {
  'use strict';

  var el = FL.dom.el;
  var LANGUAGES = FL.incidentDeclare.languages;
  var REFRESH_DELAY_MS = 300;
  var CLOSED_SHOWN = 10;
  var state = { me: null, incidents: [], open: null, refreshTimer: null, shown: false };

  function byId(id) {
    return document.getElementById(id);
  }

  function isLead() {
    return Boolean(state.me) && (state.me.role === 'lead' || state.me.role === 'admin');
  }

  function onPanel() {
    return /^#\/incidents\b/.test(location.hash || '');
  }

  function when(iso) {
    return iso ? new Date(iso).toLocaleString() : '';
  }

  async function load() {
    try {
      // The topics' labels are a nicety: without them the cards name the ids.
      await FL.topics.load().catch(function () {});
      var data = await FL.api.call('listIncidents');
      state.incidents = data.incidents || [];
      byId('incidents-error').textContent = '';
    } catch (err) {
      byId('incidents-error').textContent = 'Could not load the incidents: ' + err.message;
    }
    // A lead writing a status message keeps the form (and the focus); it is shown fresh when it closes.
    if (!state.open) render();
  }

  function render() {
    var groups = {
      suspected: state.incidents.filter(function (i) {
        return i.status === 'suspected';
      }),
      confirmed: state.incidents.filter(function (i) {
        return i.status === 'confirmed';
      }),
      closed: state.incidents
        .filter(function (i) {
          return i.status === 'resolved' || i.status === 'dismissed';
        })
        .slice(0, CLOSED_SHOWN),
    };
    Object.keys(groups).forEach(function (name) {
      var list = FL.dom.clear(byId('incidents-' + name));
      byId('incidents-' + name + '-count').textContent = String(groups[name].length);
      if (groups[name].length === 0) list.appendChild(el('li', { className: 'muted', text: 'None.' }));
      groups[name].forEach(function (incident) {
        list.appendChild(card(incident));
      });
    });
    var suspected = groups.suspected.length;
    byId('nav-incidents-count').textContent = suspected ? String(suspected) : '';
    byId('nav-incidents-count').hidden = suspected === 0;
  }

  function card(incident) {
    var spike = incident.spike;
    var facts = [
      incident.topic ? 'Topic: ' + FL.topics.describe(incident.topic) : null,
      incident.words && incident.words.length ? 'Words: ' + incident.words.join(', ') : null,
      spike
        ? FL.dom.count(spike.recent, 'report') +
          ' in ' +
          spike.windowMinutes +
          ' min (baseline ' +
          spike.baseline +
          ' in ' +
          spike.baselineHours +
          ' h)'
        : null,
      'Users linked: ' + incident.links.length,
      incident.ticketIds.length ? 'Tickets: ' + incident.ticketIds.length : null,
    ].filter(Boolean);
    var notified = incident.links.filter(function (l) {
      return l.notified === 'delivered';
    }).length;
    if (incident.status === 'resolved') {
      facts.push('Told of the fix: ' + notified);
      var emailed = incident.links.filter(function (l) {
        return l.emailed;
      }).length;
      if (emailed) facts.push('E-mailed (away from the chat): ' + emailed);
    }
    var messages = LANGUAGES.filter(function (pair) {
      return incident.statusMessages[pair[0]];
    }).map(function (pair) {
      return el('li', {}, [
        el('span', { className: 'incident-lang', text: pair[0] }),
        ' ',
        incident.statusMessages[pair[0]],
      ]);
    });
    var item = el(
      'li',
      { className: 'incident incident-' + incident.status, attrs: { 'data-incident': incident.number } },
      [
        el('div', { className: 'incident-head' }, [
          el('span', { className: 'incident-number', text: incident.number }),
          el('span', { className: 'badge incident-status', text: incident.status }),
          el('h3', { className: 'incident-title', text: incident.title }),
        ]),
        el('p', { className: 'muted incident-facts', text: facts.join(' · ') }),
        el('p', {
          className: 'muted incident-when',
          text:
            'Raised ' +
            when(incident.createdAt) +
            ' by ' +
            incident.createdBy.name +
            (incident.confirmedAt ? ' · confirmed ' + when(incident.confirmedAt) : '') +
            (incident.closedAt
              ? ' · ' +
                incident.status +
                ' ' +
                when(incident.closedAt) +
                (incident.closedBy ? ' by ' + incident.closedBy.name : '')
              : ''),
        }),
        messages.length
          ? el('ul', { className: 'incident-messages', attrs: { 'aria-label': 'Status messages' } }, messages)
          : null,
        isLead() ? actions(incident) : null,
        state.open && state.open.id === incident.id ? form(incident, state.open.action) : null,
      ],
    );
    return item;
  }

  function actions(incident) {
    var buttons = [];
    var open = function (action) {
      return function () {
        state.open = { id: incident.id, action: action };
        render();
        var first = document.querySelector('[data-incident="' + incident.number + '"] textarea');
        if (first) first.focus();
      };
    };
    if (incident.status === 'suspected') {
      buttons.push(
        el('button', {
          className: 'btn btn-primary btn-small',
          text: 'Confirm…',
          attrs: { type: 'button' },
          onClick: open('confirmed'),
        }),
      );
      buttons.push(
        el('button', {
          className: 'btn btn-small',
          text: 'Dismiss',
          attrs: { type: 'button' },
          onClick: function () {
            save(incident, { status: 'dismissed' });
          },
        }),
      );
    } else if (incident.status === 'confirmed') {
      buttons.push(
        el('button', {
          className: 'btn btn-small',
          text: 'Update status…',
          attrs: { type: 'button' },
          onClick: open('update'),
        }),
      );
      buttons.push(
        el('button', {
          className: 'btn btn-primary btn-small',
          text: 'Resolve…',
          attrs: { type: 'button' },
          onClick: open('resolved'),
        }),
      );
    }
    return buttons.length ? el('div', { className: 'incident-actions' }, buttons) : null;
  }

  /** Status messages per language: what users with this problem are told (on resolving: the fix). */
  function form(incident, action) {
    var resolving = action === 'resolved';
    var fields = LANGUAGES.map(function (pair) {
      var id = 'incident-' + incident.number + '-' + pair[0];
      return el('div', { className: 'incident-field' }, [
        el('label', { text: pair[1] + ' (' + pair[0] + ')', attrs: { for: id } }),
        el('textarea', { attrs: { id: id, rows: 2, maxlength: 1000, 'data-lang': pair[0] } }),
      ]);
    });
    var error = el('p', { className: 'form-error', attrs: { role: 'alert' } });
    var node = el(
      'form',
      { className: 'incident-form', attrs: { novalidate: true } },
      [
        el('p', {
          className: 'muted',
          text: resolving
            ? 'Users linked to it are told it is fixed, with this message in their language (optional); its tickets are resolved.'
            : 'Users whose problem matches are told this in their language (English is used where a language is left empty).',
        }),
      ].concat(fields, [
        error,
        el('div', { className: 'dialog-actions' }, [
          el('button', {
            className: 'btn',
            text: 'Cancel',
            attrs: { type: 'button' },
            onClick: function () {
              state.open = null;
              render();
            },
          }),
          el('button', {
            className: 'btn btn-primary',
            text: resolving ? 'Resolve' : action === 'confirmed' ? 'Confirm' : 'Save',
            attrs: { type: 'submit' },
          }),
        ]),
      ]),
    );
    // What the lead typed survives the list being read again (a live event may come in meanwhile).
    var drafts = state.open.drafts || (state.open.drafts = {});
    fields.forEach(function (field) {
      var area = field.querySelector('textarea');
      var lang = area.getAttribute('data-lang');
      if (drafts[lang] !== undefined) area.value = drafts[lang];
      else if (!resolving) area.value = incident.statusMessages[lang] || '';
      area.addEventListener('input', function () {
        drafts[lang] = area.value;
      });
    });
    node.addEventListener('submit', function (event) {
      event.preventDefault();
      var messages = {};
      node.querySelectorAll('textarea').forEach(function (area) {
        if (area.value.trim()) messages[area.getAttribute('data-lang')] = area.value.trim();
      });
      // No version: users linking themselves change the incident all the time; the status
      // transitions are checked by the server whatever else changed.
      var body = {};
      if (Object.keys(messages).length) body.statusMessages = messages;
      if (action !== 'update') body.status = action;
      if (action !== 'resolved' && !body.statusMessages) {
        error.textContent = 'Write the status message in at least one language.';
        return;
      }
      save(incident, body, error);
    });
    return node;
  }

  async function save(incident, body, error) {
    try {
      await FL.api.call('updateIncident', { incidentId: incident.id }, body);
      state.open = null;
      await load();
    } catch (err) {
      if (error) error.textContent = err.message;
      else byId('incidents-error').textContent = err.message;
    }
  }

  function show() {
    var on = onPanel();
    byId('incidents-view').hidden = !on;
    byId('nav-incidents').toggleAttribute('aria-current', on);
    if (on) byId('nav-incidents').setAttribute('aria-current', 'page');
    if (on && !state.shown) {
      byId('incidents-title').setAttribute('tabindex', '-1');
      byId('incidents-title').focus();
    }
    state.shown = on;
    if (on) return load();
  }

  /** A live incident event: read the list again, once per burst. */
  function changed() {
    clearTimeout(state.refreshTimer);
    state.refreshTimer = setTimeout(load, REFRESH_DELAY_MS);
  }

  async function start(me) {
    state.me = me;
    if (!FL.api.has('listIncidents')) {
      byId('nav-incidents').hidden = true;
      return;
    }
    FL.incidentDeclare.start(me, function () {
      return load();
    });
    window.addEventListener('hashchange', show);
    if (onPanel()) await show();
    else await load();
  }

  FL.incidents = { start: start, changed: changed };
})((window.FirstLineConsole = window.FirstLineConsole || {}));
