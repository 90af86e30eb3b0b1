// "Declare incident" on the Incidents panel: a lead raises a confirmed incident by hand (an outage
// they heard of before users report it) with createIncident: a title, the topic (picked from the
// taxonomy's topics by their label in the lead's language) and/or words that users' problems match
// by, and the status message in en, de, pl and ro. Only leads and admins get the form; the API
// refuses everyone else (403) whatever the page shows.
(function (FL) {
  'use strict';

  var el = FL.dom.el;
  var LANGUAGES = [
    ['en', 'English'],
    ['de', 'Deutsch'],
    ['pl', 'Polski'],
    ['ro', 'Română'],
  ];
  var TOPIC = /^[a-z0-9][a-z0-9._-]*$/i;

  function byId(id) {
    return document.getElementById(id);
  }

  function field(id, label, control, hint) {
    return el('div', { className: 'incident-field' }, [
      el('label', { text: label, attrs: { for: id } }),
      control,
      hint ? el('span', { className: 'muted incident-hint', text: hint, attrs: { id: id + '-hint' } }) : null,
    ]);
  }

  function input(id, attrs) {
    var all = { id: id, type: 'text', autocomplete: 'off' };
    Object.keys(attrs || {}).forEach(function (key) {
      all[key] = attrs[key];
    });
    return el('input', { attrs: all });
  }

  /** What the form holds, checked as the server will check it (so most mistakes are named at once). */
  function read(form) {
    var value = function (name) {
      return form.elements[name].value.trim();
    };
    var body = { title: value('title'), status: 'confirmed', statusMessages: {} };
    var problems = [];
    if (!body.title) problems.push('Give the incident a title.');
    var topic = value('topic');
    if (topic && !TOPIC.test(topic)) problems.push('A topic is a taxonomy id such as "network.vpn".');
    if (topic) body.topic = topic;
    var words = value('words')
      .split(/[\s,]+/)
      .filter(Boolean);
    if (words.length) body.words = words;
    if (!topic && !words.length) problems.push('Name a topic or words that users’ problems match by.');
    LANGUAGES.forEach(function (pair) {
      var text = value('message-' + pair[0]);
      if (text) body.statusMessages[pair[0]] = text;
    });
    if (!Object.keys(body.statusMessages).length)
      problems.push('Write the status message for users in at least one language.');
    return { body: body, problems: problems };
  }

  /**
   * The Topic control: the taxonomy's topics by label (the id in each option's tooltip), or, when
   * the server lists none, a field for the id as before.
   */
  function topicControl(topics) {
    var attrs = { name: 'topic', 'aria-describedby': 'incident-declare-topic-hint' };
    if (!topics.length)
      return input(
        'incident-declare-topic',
        Object.assign({ maxlength: 100, placeholder: 'network.vpn' }, attrs),
      );
    var options = [el('option', { text: 'No topic: match by the words only', attrs: { value: '' } })].concat(
      topics.map(function (topic) {
        return el('option', { text: topic.label, attrs: { value: topic.id, title: topic.id } });
      }),
    );
    return el('select', { attrs: Object.assign({ id: 'incident-declare-topic' }, attrs) }, options);
  }

  function build(onCreated, topics) {
    var error = el('p', { className: 'form-error', attrs: { id: 'incident-declare-error', role: 'alert' } });
    var messages = LANGUAGES.map(function (pair) {
      var id = 'incident-declare-' + pair[0];
      return field(
        id,
        'Status message, ' + pair[1] + ' (' + pair[0] + ')',
        el('textarea', { attrs: { id: id, name: 'message-' + pair[0], rows: 2, maxlength: 1000 } }),
      );
    });
    var submit = el('button', {
      className: 'btn btn-primary',
      text: 'Declare incident',
      attrs: { type: 'submit' },
    });
    var form = el(
      'form',
      {
        className: 'incident-form incident-declare-form',
        attrs: { id: 'incident-declare-form', novalidate: true, 'aria-labelledby': 'incident-declare-title' },
      },
      [
        el('h3', { text: 'Declare an incident', attrs: { id: 'incident-declare-title' } }),
        el('p', {
          className: 'muted',
          text:
            'Users whose problem matches the topic or words are told the status message in their ' +
            'language (English where theirs is left empty) and linked, so they hear when it is resolved.',
        }),
        field(
          'incident-declare-name',
          'Title',
          input('incident-declare-name', { name: 'title', maxlength: 200 }),
        ),
        el('div', { className: 'incident-declare-match' }, [
          field(
            'incident-declare-topic',
            'Topic',
            topicControl(topics),
            topics.length
              ? 'Problems the bot files under this topic match.'
              : 'The taxonomy id the matcher gives such problems.',
          ),
          field(
            'incident-declare-words',
            'Words (optional)',
            input('incident-declare-words', {
              name: 'words',
              maxlength: 440,
              placeholder: 'vpn, gateway',
              'aria-describedby': 'incident-declare-words-hint',
            }),
            'Problems without that topic match when they share two of these.',
          ),
        ]),
      ].concat(messages, [
        error,
        el('div', { className: 'dialog-actions' }, [
          el('button', {
            className: 'btn',
            text: 'Cancel',
            attrs: { type: 'button' },
            onClick: function () {
              close();
            },
          }),
          submit,
        ]),
      ]),
    );
    // A problem named stays until the lead changes something.
    form.addEventListener('input', function () {
      error.textContent = '';
    });
    form.addEventListener('submit', async function (event) {
      event.preventDefault();
      var checked = read(form);
      if (checked.problems.length) {
        error.textContent = checked.problems.join(' ');
        return;
      }
      submit.disabled = true;
      error.textContent = '';
      try {
        var created = await FL.api.call('createIncident', null, checked.body);
        close();
        await onCreated(created.incident);
      } catch (err) {
        error.textContent = err.message;
      } finally {
        submit.disabled = false;
      }
    });
    return form;
  }

  function close() {
    var panel = byId('incident-declare');
    FL.dom.clear(panel);
    panel.hidden = true;
    byId('incidents-declare-open').setAttribute('aria-expanded', 'false');
  }

  /** Offers the form to leads and admins; `onCreated(incident)` reads the list again. */
  function start(me, onCreated) {
    var button = byId('incidents-declare-open');
    var lead = Boolean(me) && (me.role === 'lead' || me.role === 'admin') && FL.api.has('createIncident');
    button.hidden = !lead;
    if (!lead) return;
    button.addEventListener('click', async function () {
      var panel = byId('incident-declare');
      if (!panel.hidden) return byId('incident-declare-name').focus();
      // Read afresh: a content reload or a change of the lead's languages alters them.
      var topics = await FL.topics.load(true).catch(function () {
        return [];
      });
      if (!panel.hidden) return byId('incident-declare-name').focus();
      panel.appendChild(build(onCreated, topics));
      panel.hidden = false;
      button.setAttribute('aria-expanded', 'true');
      byId('incident-declare-name').focus();
    });
  }

  // The panel (incidents.js, loaded after this file) shows status messages in the same languages.
  FL.incidentDeclare = { start: start, languages: LANGUAGES };
})((window.FirstLineConsole = window.FirstLineConsole || {}));
