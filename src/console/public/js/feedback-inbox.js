// The Feedback inbox (#/feedback, leads and admins): users' remarks about the help, filed by topic
// and owning team, with how each delivery to the team went; a lead acknowledges an item, then
// marks it done. Text arrives redacted and is only ever set as text, never as HTML.
(function (FL) {
  'use strict';

  var loading = 0;
  var STATUS_LABELS = { new: 'New', acknowledged: 'Acknowledged', done: 'Done' };
  var SOURCE_LABELS = { chat: 'Chat', rating: 'Rating', article: 'Article' };
  var NEXT = { new: ['acknowledged', 'done'], acknowledged: ['done'], done: [] };
  var ACTION_LABELS = { acknowledged: 'Acknowledge', done: 'Mark done' };

  function byId(id) {
    return document.getElementById(id);
  }

  function el(tag, props, children) {
    return FL.dom.el(tag, props, children);
  }

  function build() {
    var view = byId('feedback-view');
    var status = el('select', { attrs: { id: 'feedback-status' } }, [
      el('option', { text: 'Open (new)', attrs: { value: 'new' } }),
      el('option', { text: 'Acknowledged', attrs: { value: 'acknowledged' } }),
      el('option', { text: 'Done', attrs: { value: 'done' } }),
      el('option', { text: 'All', attrs: { value: '' } }),
    ]);
    // Picked from the taxonomy's topics and owning teams (filled by fillFilters), not typed.
    var team = el('select', { attrs: { id: 'feedback-team' } }, [
      el('option', { text: 'All', attrs: { value: '' } }),
    ]);
    var topic = el('select', { attrs: { id: 'feedback-topic' } }, [
      el('option', { text: 'All', attrs: { value: '' } }),
    ]);
    status.addEventListener('change', load);
    [team, topic].forEach(function (input) {
      input.addEventListener('change', load);
    });
    view.appendChild(
      el('div', { className: 'feedback-head' }, [
        el('h1', { text: 'Feedback', attrs: { id: 'feedback-title', tabindex: '-1' } }),
        el('p', {
          className: 'muted',
          text: "What users said about the help, filed by topic and sent to the topic's owning team.",
        }),
      ]),
    );
    view.appendChild(
      el('div', { className: 'feedback-filters', attrs: { role: 'group', 'aria-label': 'Filters' } }, [
        el('label', { attrs: { for: 'feedback-status' } }, ['Status ', status]),
        el('label', { attrs: { for: 'feedback-team' } }, ['Team ', team]),
        el('label', { attrs: { for: 'feedback-topic' } }, ['Topic ', topic]),
      ]),
    );
    view.appendChild(el('p', { className: 'muted', attrs: { id: 'feedback-summary', role: 'status' } }));
    view.appendChild(el('p', { className: 'form-error', attrs: { id: 'feedback-error', role: 'alert' } }));
    view.appendChild(el('ul', { className: 'feedback-list', attrs: { id: 'feedback-list' } }));
  }

  /** The Team and Topic choices, once: the owning teams, and the topics by their label. */
  async function fillFilters() {
    var topic = byId('feedback-topic');
    if (topic.options.length > 1) return;
    var topics = await FL.topics.load().catch(function () {
      return [];
    });
    if (topic.options.length > 1) return;
    var teams = [];
    topics.forEach(function (t) {
      topic.appendChild(el('option', { text: t.label, attrs: { value: t.id, title: t.id } }));
      if (t.owner && teams.indexOf(t.owner) < 0) teams.push(t.owner);
    });
    teams.sort().forEach(function (name) {
      byId('feedback-team').appendChild(el('option', { text: name, attrs: { value: name } }));
    });
  }

  function when(iso) {
    var date = new Date(iso);
    return isNaN(date.getTime()) ? '' : date.toLocaleString();
  }

  function deliveryText(delivery) {
    var channel =
      { webhook: 'Webhook', teams: 'Teams', email: 'E-mail' }[delivery.channel] || delivery.channel;
    var state = {
      pending:
        delivery.attempts > 0 ? 'retrying (' + FL.dom.count(delivery.attempts, 'attempt') + ')' : 'queued',
      sending: 'sending',
      sent: 'sent',
      failed: 'failed after ' + FL.dom.count(delivery.attempts, 'attempt'),
    }[delivery.state];
    return channel + ': ' + (state || delivery.state);
  }

  function item(feedback) {
    var status = feedback.status || 'new';
    var meta = [
      SOURCE_LABELS[feedback.source] || feedback.source,
      feedback.score ? feedback.score + '/5' : '',
      feedback.topic ? FL.topics.describe(feedback.topic) : 'no topic',
      feedback.team ? 'to ' + feedback.team : 'no owning team',
      feedback.ticketNumber || '',
      feedback.language,
      when(feedback.createdAt),
    ].filter(Boolean);
    var actions = NEXT[status].map(function (next) {
      return el('button', {
        className: next === 'done' ? 'btn' : 'btn btn-primary',
        text: ACTION_LABELS[next],
        attrs: { type: 'button', 'data-status': next },
        onClick: function (event) {
          move(feedback, next, event.currentTarget);
        },
      });
    });
    return el('li', { className: 'feedback-item', attrs: { 'data-sentiment': feedback.sentiment } }, [
      el('div', { className: 'feedback-row' }, [
        el('span', {
          className: 'feedback-sentiment',
          text: feedback.sentiment === 'negative' ? 'Negative' : 'Positive',
        }),
        el('span', { className: 'feedback-status', text: STATUS_LABELS[status] || status }),
        el('span', { className: 'feedback-meta muted', text: meta.join(' · ') }),
      ]),
      el('p', { className: 'feedback-text', text: feedback.text }),
      el(
        'ul',
        { className: 'feedback-deliveries', attrs: { 'aria-label': 'Deliveries' } },
        (feedback.deliveries || []).map(function (d) {
          return el('li', { attrs: { 'data-state': d.state }, text: deliveryText(d) });
        }),
      ),
      actions.length ? el('div', { className: 'feedback-actions' }, actions) : null,
    ]);
  }

  async function move(feedback, status, button) {
    button.disabled = true;
    byId('feedback-error').textContent = '';
    try {
      await FL.api.call('updateFeedback', { feedbackId: feedback.id }, { status: status });
      await load();
    } catch (err) {
      button.disabled = false;
      byId('feedback-error').textContent =
        err.status === 409 ? 'Someone else moved it already.' : 'Could not update: ' + err.message;
      await load();
    }
  }

  async function load() {
    var ticket = ++loading;
    var list = byId('feedback-list');
    byId('feedback-error').textContent = '';
    byId('feedback-view').setAttribute('aria-busy', 'true');
    try {
      await fillFilters();
      var body = await FL.api.call('listFeedback', {}, undefined, {
        status: byId('feedback-status').value,
        team: byId('feedback-team').value,
        topic: byId('feedback-topic').value,
      });
      if (ticket !== loading) return;
      FL.dom.clear(list);
      body.items.forEach(function (feedback) {
        list.appendChild(item(feedback));
      });
      byId('feedback-summary').textContent =
        body.items.length === 0 ? 'No feedback here.' : body.items.length + ' shown, newest first.';
    } catch (err) {
      if (ticket !== loading) return;
      byId('feedback-error').textContent = 'Could not load the feedback: ' + err.message;
    } finally {
      if (ticket === loading) byId('feedback-view').removeAttribute('aria-busy');
    }
  }

  var inbox = FL.pages.page({
    name: 'feedback',
    pattern: /^#\/feedback(\?|$)/,
    roles: ['lead', 'admin'],
    build: build,
    enter: function () {
      load();
    },
  });

  /** A live event may be new feedback: the list is read again when it is on screen. */
  function changed() {
    if (inbox.isOpen()) load();
  }

  FL.feedbackInbox = { start: inbox.start, changed: changed };
})((window.FirstLineConsole = window.FirstLineConsole || {}));
