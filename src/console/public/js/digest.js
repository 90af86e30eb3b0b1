/* global location */
// The weekly improvement digest (#/digest, leads and admins): what to fix first and how the week
// compared with the one before. Every figure is set as text, never as HTML.
(function (FL) {
  'use strict';

  var loading = 0;
  var RATES = { botResolutionRate: true, handoverRate: true, abandonmentRate: true };

  function byId(id) {
    return document.getElementById(id);
  }

  function el(tag, props, children) {
    return FL.dom.el(tag, props, children);
  }

  function build() {
    var view = byId('digest-view');
    var week = el('select', { attrs: { id: 'digest-week' } });
    week.addEventListener('change', function () {
      location.hash = week.value ? '#/digest?week=' + encodeURIComponent(week.value) : '#/digest';
    });
    view.appendChild(
      el('div', { className: 'digest-head' }, [
        el('h1', { text: 'Weekly digest', attrs: { id: 'digest-title', tabindex: '-1' } }),
        el('label', { attrs: { for: 'digest-week' } }, ['Week ', week]),
      ]),
    );
    view.appendChild(el('p', { className: 'muted', attrs: { id: 'digest-summary', role: 'status' } }));
    view.appendChild(el('p', { className: 'form-error', attrs: { id: 'digest-error', role: 'alert' } }));
    view.appendChild(el('div', { className: 'digest-sections', attrs: { id: 'digest-sections' } }));
  }

  /**
   * "+83 pts" beside "83 %": a rate's change in whole points like the rates themselves (one decimal
   * when it is under a point, so a small change does not read as none); counts as they are.
   */
  function change(metric, delta) {
    var sign = delta > 0 ? '+' : '';
    if (!RATES[metric]) return sign + Math.round(delta * 100) / 100;
    var points = Math.abs(delta) < 1 ? Math.round(delta * 10) / 10 : Math.round(delta);
    return sign + points + ' pts';
  }

  function figure(metric, value) {
    if (value === null || value === undefined) return '–';
    return RATES[metric] ? Math.round(value * 100) + ' %' : String(Math.round(value * 100) / 100);
  }

  function changesTable(changes) {
    return el('table', { className: 'digest-table' }, [
      el('thead', {}, [
        el('tr', {}, [
          el('th', { text: 'Measure', attrs: { scope: 'col' } }),
          el('th', { text: 'This week', attrs: { scope: 'col' } }),
          el('th', { text: 'Week before', attrs: { scope: 'col' } }),
          el('th', { text: 'Change', attrs: { scope: 'col' } }),
        ]),
      ]),
      el(
        'tbody',
        {},
        changes.map(function (c) {
          var delta = c.delta === null ? '–' : change(c.metric, c.delta);
          return el('tr', { attrs: { 'data-direction': c.direction } }, [
            el('th', { text: c.label, attrs: { scope: 'row' } }),
            el('td', { text: figure(c.metric, c.now) }),
            el('td', { text: figure(c.metric, c.before) }),
            el('td', {
              className: 'digest-delta',
              text: c.direction === 'same' ? delta : delta + ' (' + c.direction + ')',
            }),
          ]);
        }),
      ),
    ]);
  }

  function section(title, lines) {
    return el('section', { className: 'digest-section' }, [
      el('h2', { text: title }),
      lines.length
        ? el(
            'ul',
            {},
            lines.map(function (line) {
              return el('li', { text: line });
            }),
          )
        : el('p', { className: 'muted', text: 'Nothing this week.' }),
    ]);
  }

  function render(body) {
    var digest = body.digest;
    var sections = FL.dom.clear(byId('digest-sections'));
    var week = byId('digest-week');
    FL.dom.clear(week);
    if (body.preview) week.appendChild(el('option', { text: 'This week so far', attrs: { value: '' } }));
    body.weeks.forEach(function (w) {
      week.appendChild(
        el('option', { text: 'Week of ' + w, attrs: { value: w, selected: w === digest.week } }),
      );
    });
    byId('digest-summary').textContent = body.preview
      ? 'This week so far; the first digest is built when the week ends.'
      : 'Week of ' + digest.week + ' (Monday to Sunday, UTC), compared with the week before.';
    sections.appendChild(
      el('section', { className: 'digest-section' }, [
        el('h2', { text: 'What changed since last week' }),
        changesTable(digest.changes),
      ]),
    );
    sections.appendChild(
      section(
        'Top knowledge gaps',
        digest.gaps.map(function (g) {
          var trend = g.trend > 0 ? '+' + g.trend : String(g.trend);
          return (
            g.terms.slice(0, 4).join(', ') +
            ': ' +
            FL.dom.count(g.cases, 'question') +
            ' (' +
            trend +
            ')' +
            (g.example ? ' – “' + g.example + '”' : '')
          );
        }),
      ),
    );
    sections.appendChild(
      section(
        'Articles users were escalated after',
        digest.worstArticles.map(function (a) {
          return (
            a.articleId +
            ': ' +
            a.escalatedAfter +
            ' of ' +
            FL.dom.count(a.views, 'view') +
            ' escalated, ' +
            a.helped +
            ' helped'
          );
        }),
      ),
    );
    sections.appendChild(
      section(
        'Flow steps where users fail or drop out',
        digest.worstFlowSteps.map(function (s) {
          return (
            s.flowId +
            ' › ' +
            s.nodeId +
            ': ' +
            s.failed +
            ' failed, ' +
            s.droppedHere +
            ' dropped out of ' +
            s.reached
          );
        }),
      ),
    );
    sections.appendChild(
      section(
        'Incidents',
        digest.incidents.map(function (i) {
          return i.number + ' ' + i.title + ' (' + i.status + ')';
        }),
      ),
    );
    sections.appendChild(
      section(
        'Negative feedback by topic',
        digest.feedbackByTopic.map(function (f) {
          return FL.topics.describe(f.topic) + ': ' + f.count;
        }),
      ),
    );
  }

  async function load(week) {
    var ticket = ++loading;
    byId('digest-error').textContent = '';
    byId('digest-view').setAttribute('aria-busy', 'true');
    try {
      var body = await FL.api.call('getDigest', {}, undefined, { week: week });
      // Topics by their label where the taxonomy has them; the ids alone if it cannot be read.
      await FL.topics.load().catch(function () {});
      if (ticket !== loading) return;
      render(body);
    } catch (err) {
      if (ticket !== loading) return;
      byId('digest-error').textContent =
        err.status === 404 ? 'No digest for that week.' : 'Could not load the digest: ' + err.message;
    } finally {
      if (ticket === loading) byId('digest-view').removeAttribute('aria-busy');
    }
  }

  var digest = FL.pages.page({
    name: 'digest',
    pattern: /^#\/digest(?:\?week=([\d-]+))?$/,
    roles: ['lead', 'admin'],
    build: build,
    enter: function (match) {
      load(match[1]);
    },
  });

  FL.digest = { start: digest.start };
})((window.FirstLineConsole = window.FirstLineConsole || {}));
