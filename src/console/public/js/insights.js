/* global location, URLSearchParams */
// The Insights page (#/insights, leads and admins): a date range and filters in the address, key
// figures, and a chart with its table beneath for each part of getInsights; every table can be
// saved as CSV. Definitions of the numbers: src/insights/README.md.
(function (FL) {
  'use strict';

  var el = function (tag, props, children) {
    return FL.dom.el(tag, props, children);
  };
  var T = function () {
    return FL.insightsTables;
  };
  var DAY_MS = 24 * 60 * 60 * 1000;
  var DEFAULT_DAYS = 30;
  var started = false;
  var loading = 0;

  function byId(id) {
    return document.getElementById(id);
  }

  function percent(rate) {
    return T().percent(rate);
  }

  /**
   * The headline figure in words, as the queue says how long people waited ("12 min", "1 h 5 min"),
   * not "0.20 h"; the tables and their CSV keep decimal hours, which add up.
   */
  function duration(value) {
    return value === null || value === undefined ? '—' : FL.dom.formatDuration(value * 3600 * 1000);
  }

  function isoDay(date) {
    return date.toISOString().slice(0, 10);
  }

  /** The page's question from the address: #/insights?from=2031-05-01&to=2031-05-31&channel=... */
  function parseFilters(hash) {
    var query = new URLSearchParams((hash.split('?')[1] || '').replace(/^\?/, ''));
    var today = new Date();
    return {
      from: query.get('from') || isoDay(new Date(today.getTime() - (DEFAULT_DAYS - 1) * DAY_MS)),
      to: query.get('to') || isoDay(today),
      channel: query.get('channel') || '',
      language: query.get('language') || '',
      topic: query.get('topic') || '',
    };
  }

  /** The API's range is [from, to): the page's "to" day is included, so the next day ends it. */
  function apiQuery(filters) {
    var end = new Date(filters.to + 'T00:00:00Z');
    return {
      from: filters.from,
      to: isoDay(new Date(end.getTime() + DAY_MS)),
      channel: filters.channel,
      language: filters.language,
      topic: filters.topic,
    };
  }

  function tile(label, value, hint) {
    return el('div', { className: 'kpi' }, [
      el('span', { className: 'kpi-label', text: label }),
      el('strong', { className: 'kpi-value', text: value }),
      hint ? el('span', { className: 'kpi-hint', text: hint }) : null,
    ]);
  }

  function renderKpis(r) {
    var t = r.technicians;
    FL.dom
      .clear(byId('insights-kpis'))
      .append(
        tile('Cases', String(r.cases)),
        tile('Resolved by the bot, confirmed', percent(r.botResolutionRate.confirmed)),
        tile('Resolved by the bot, assumed', percent(r.botResolutionRate.assumed)),
        tile('Handed over', percent(r.handoverRate)),
        tile('Abandoned', percent(r.abandonmentRate)),
        tile(
          'First response, median',
          duration(t.firstResponse.medianHours),
          t.hours === 'working' ? 'working hours' : 'calendar hours',
        ),
        csatTile('CSAT, technicians', t.csat),
        csatTile('CSAT, bot fixes', r.botCsat),
      );
  }

  /** Technicians' tickets and the bot's own fixes are rated apart (src/insights/README.md). */
  function csatTile(label, csat) {
    var average = csat.average === null ? '—' : csat.average.toFixed(2) + ' / 5';
    return tile(label, average, csat.ratings + (csat.ratings === 1 ? ' rating' : ' ratings'));
  }

  function renderTable(def, rows) {
    var head = el(
      'tr',
      {},
      def.columns.map(function (c) {
        return el('th', { text: c.label, attrs: { scope: 'col' } });
      }),
    );
    var body = rows.length
      ? rows.map(function (row) {
          return el(
            'tr',
            {},
            def.columns.map(function (c, i) {
              return el(i === 0 ? 'th' : 'td', { text: row[c.key], attrs: i === 0 ? { scope: 'row' } : {} });
            }),
          );
        })
      : [
          el('tr', {}, [
            el('td', {
              className: 'muted',
              text: 'Nothing in this range.',
              attrs: { colspan: def.columns.length },
            }),
          ]),
        ];
    return el('table', { className: 'insights-table', attrs: { id: 'insights-table-' + def.id } }, [
      el('thead', {}, [head]),
      el('tbody', {}, body),
    ]);
  }

  function renderPanels(r, filters) {
    var grid = FL.dom.clear(byId('insights-panels'));
    T().TABLES.forEach(function (def) {
      var rows = def.rows(r);
      var canvas = el('canvas', {
        attrs: { id: 'insights-chart-' + def.id, role: 'img', 'aria-label': def.title + ' chart' },
      });
      var csv = el('button', {
        className: 'btn btn-small',
        text: 'Download CSV',
        attrs: { type: 'button', 'data-csv': def.id, 'aria-label': 'Download ' + def.title + ' as CSV' },
        onClick: function () {
          FL.insightsCsv.download(
            'insights-' + def.id + '-' + filters.from + '-' + filters.to,
            def.columns,
            rows,
          );
        },
      });
      var panel = el(
        'section',
        {
          className: 'insights-panel' + (def.wide ? ' wide' : ''),
          attrs: { 'aria-labelledby': 'insights-h-' + def.id },
        },
        [
          el('header', { className: 'insights-panel-head' }, [
            el('h2', { text: def.title, attrs: { id: 'insights-h-' + def.id } }),
            csv,
          ]),
          el('div', { className: 'chart-box' }, [canvas]),
          el('div', { className: 'table-scroll' }, [renderTable(def, rows)]),
        ],
      );
      grid.appendChild(panel);
      def.chart(canvas, rows);
    });
  }

  function option(value, label, selected) {
    return el('option', { text: label, attrs: { value: value, selected: value === selected } });
  }

  function fillSelect(id, values, labels, selected) {
    var select = FL.dom.clear(byId(id));
    select.appendChild(option('', 'All', selected));
    values.forEach(function (v) {
      select.appendChild(option(v, labels[v] || v, selected));
    });
    if (selected && values.indexOf(selected) < 0)
      select.appendChild(option(selected, labels[selected] || selected, selected));
  }

  function build() {
    var view = byId('insights-view');
    FL.dom.clear(view);
    var field = function (label, control) {
      return el('label', { className: 'insights-field' }, [el('span', { text: label }), control]);
    };
    var form = el(
      'form',
      { className: 'insights-filters', attrs: { id: 'insights-filters', 'aria-label': 'Range and filters' } },
      [
        field(
          'From',
          el('input', { attrs: { id: 'insights-from', name: 'from', type: 'date', required: true } }),
        ),
        field('To', el('input', { attrs: { id: 'insights-to', name: 'to', type: 'date', required: true } })),
        field('Channel', el('select', { attrs: { id: 'insights-channel', name: 'channel' } })),
        field('Language', el('select', { attrs: { id: 'insights-language', name: 'language' } })),
        field('Topic', el('select', { attrs: { id: 'insights-topic', name: 'topic' } })),
        el('button', { className: 'btn btn-primary', text: 'Apply', attrs: { type: 'submit' } }),
      ],
    );
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var query = new URLSearchParams();
      ['from', 'to', 'channel', 'language', 'topic'].forEach(function (name) {
        var value = form.elements[name].value;
        if (value) query.set(name, value);
      });
      location.hash = '#/insights?' + query.toString();
    });
    view.append(
      el('header', { className: 'insights-head' }, [
        el('div', {}, [
          el('h1', { text: 'Insights', attrs: { id: 'insights-title', tabindex: '-1' } }),
          el('p', {
            className: 'muted',
            text: 'Problems the bot handled and the tickets opened from them. Times in UTC days.',
          }),
        ]),
        form,
      ]),
      el('p', { className: 'form-error', attrs: { id: 'insights-error', role: 'alert' } }),
      el('p', { className: 'muted', attrs: { id: 'insights-status', role: 'status' } }),
      el('div', { className: 'kpis', attrs: { id: 'insights-kpis' } }),
      el('div', { className: 'insights-grid', attrs: { id: 'insights-panels' } }),
    );
  }

  async function load(filters) {
    var ticket = ++loading;
    byId('insights-from').value = filters.from;
    byId('insights-to').value = filters.to;
    byId('insights-error').textContent = '';
    byId('insights-status').textContent = 'Loading…';
    byId('insights-view').setAttribute('aria-busy', 'true');
    try {
      var report = await FL.api.call('getInsights', null, undefined, apiQuery(filters));
      if (ticket !== loading) return;
      var topics = report.volumes.byTopic.map(function (t) {
        return t.topic;
      });
      fillSelect('insights-channel', Object.keys(T().CHANNELS), T().CHANNELS, filters.channel);
      fillSelect('insights-language', Object.keys(T().LANGUAGES), T().LANGUAGES, filters.language);
      // Topics by their label in the lead's language where the taxonomy has them ("No internet
      // (network.no-internet)"); the ids alone when the labels cannot be read.
      await FL.topics.load().catch(function () {});
      if (ticket !== loading) return;
      var topicLabels = {};
      topics.forEach(function (t) {
        topicLabels[t] = FL.topics.describe(t);
      });
      fillSelect(
        'insights-topic',
        topics.filter(function (t) {
          return t !== 'none';
        }),
        topicLabels,
        filters.topic,
      );
      renderKpis(report);
      renderPanels(report, filters);
      byId('insights-status').textContent =
        report.cases + ' cases from ' + filters.from + ' to ' + filters.to + '.';
    } catch (err) {
      if (ticket !== loading) return;
      byId('insights-status').textContent = '';
      byId('insights-error').textContent = 'Could not load the insights: ' + err.message;
    } finally {
      if (ticket === loading) byId('insights-view').removeAttribute('aria-busy');
    }
  }

  /** Shows the page when the address is #/insights, and leaves the others alone otherwise. */
  function show() {
    var on = /^#\/insights(\?|$)/.test(location.hash);
    byId('insights-view').hidden = !on;
    var nav = byId('nav-insights');
    if (!on) {
      nav.removeAttribute('aria-current');
      return;
    }
    byId('live-view').hidden = true;
    byId('tickets-view').hidden = true;
    ['nav-live', 'nav-tickets'].forEach(function (id) {
      byId(id).removeAttribute('aria-current');
    });
    nav.setAttribute('aria-current', 'page');
    load(parseFilters(location.hash));
  }

  function start(me) {
    if (!me || (me.role !== 'lead' && me.role !== 'admin')) return;
    byId('nav-insights').hidden = false;
    if (started) return show();
    started = true;
    build();
    window.addEventListener('hashchange', show);
    show();
  }

  FL.insights = { start: start, parseFilters: parseFilters, apiQuery: apiQuery };
})((window.FirstLineConsole = window.FirstLineConsole || {}));
