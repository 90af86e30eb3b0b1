/* global location, URLSearchParams */
// The Insights page (#/insights, leads and admins): a date range and filters in the address, key
// figures, and a chart with its table beneath for each part of getInsights; every table can be
// saved as CSV. Definitions of the numbers: src/insights/README.md.
(function (FL) {
  'use strict';

  var el = function (tag, props, children) {
    return FL.dom.el(tag, props, children);
  };
  var charts = function () {
    return FL.insightsCharts;
  };
  var DAY_MS = 24 * 60 * 60 * 1000;
  var DEFAULT_DAYS = 30;
  var LANGUAGES = { en: 'English', de: 'German', pl: 'Polish', ro: 'Romanian' };
  var CHANNELS = { directline: 'Web chat', msteams: 'Microsoft Teams', email: 'E-mail' };
  var OUTCOMES = [
    ['resolved-confirmed', 'Resolved, confirmed'],
    ['resolved-assumed', 'Resolved, assumed'],
    ['handed-over', 'Handed over'],
    ['ticket', 'Ticket opened'],
    ['unanswered', 'Unanswered'],
    ['out-of-scope', 'Out of scope'],
    ['abandoned', 'Abandoned'],
    ['open', 'Still open'],
  ];
  var started = false;
  var loading = 0;

  function byId(id) {
    return document.getElementById(id);
  }

  function percent(rate) {
    return rate === null || rate === undefined ? '—' : (rate * 100).toFixed(1) + ' %';
  }

  function hours(value) {
    return value === null || value === undefined ? '—' : value.toFixed(2) + ' h';
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

  // Each table: what it is called, its columns, its rows from the report, and its chart.
  var TABLES = [
    {
      id: 'by-day',
      title: 'Cases by day',
      wide: true,
      columns: [
        { key: 'day', label: 'Day' },
        { key: 'cases', label: 'Cases' },
        { key: 'resolved', label: 'Resolved by the bot' },
        { key: 'escalated', label: 'Handed over or ticket' },
      ],
      rows: function (r) {
        return r.volumes.byDay;
      },
      chart: function (canvas, rows) {
        charts().bar(
          canvas,
          rows.map(function (d) {
            return d.day;
          }),
          [
            { label: 'Resolved by the bot', data: pluck(rows, 'resolved'), color: charts().COLORS.green },
            { label: 'Handed over or ticket', data: pluck(rows, 'escalated'), color: charts().COLORS.amber },
            {
              label: 'Other',
              data: rows.map(function (d) {
                return d.cases - d.resolved - d.escalated;
              }),
              color: charts().COLORS.grey,
            },
          ],
          { stacked: true },
        );
      },
    },
    {
      id: 'outcomes',
      title: 'Outcomes',
      columns: [
        { key: 'outcome', label: 'Outcome' },
        { key: 'cases', label: 'Cases' },
        { key: 'share', label: 'Share' },
      ],
      rows: function (r) {
        return OUTCOMES.map(function (o) {
          var n = r.outcomes[o[0]] || 0;
          return { outcome: o[1], cases: n, share: percent(r.cases ? n / r.cases : 0) };
        });
      },
      chart: function (canvas, rows) {
        var C = charts().COLORS;
        var shown = rows.filter(function (row) {
          return row.cases > 0;
        });
        var colors = {
          'Resolved, confirmed': C.green,
          'Resolved, assumed': C.teal,
          'Handed over': C.amber,
          'Ticket opened': C.violet,
          Unanswered: C.red,
          'Out of scope': C.slate,
          Abandoned: C.grey,
          'Still open': C.blue,
        };
        charts().doughnut(
          canvas,
          pluck(shown, 'outcome'),
          pluck(shown, 'cases'),
          shown.map(function (row) {
            return colors[row.outcome];
          }),
        );
      },
    },
    {
      id: 'handover-reasons',
      title: 'Hand-overs by reason',
      columns: [
        { key: 'reason', label: 'Reason' },
        { key: 'cases', label: 'Cases' },
        { key: 'rate', label: 'Share of all cases' },
      ],
      rows: function (r) {
        return r.handoverByReason.map(function (h) {
          return {
            reason: h.reason === 'ticket' ? 'A flow opened a ticket' : 'Asked for a technician',
            cases: h.cases,
            rate: percent(h.rate),
          };
        });
      },
      chart: function (canvas, rows) {
        charts().bar(
          canvas,
          pluck(rows, 'reason'),
          [{ label: 'Cases', data: pluck(rows, 'cases'), color: charts().COLORS.amber }],
          { horizontal: true },
        );
      },
    },
    {
      id: 'topics',
      title: 'Topics',
      wide: true,
      columns: [
        { key: 'topic', label: 'Topic' },
        { key: 'cases', label: 'Cases' },
      ],
      rows: function (r) {
        return r.volumes.byTopic;
      },
      chart: function (canvas, rows) {
        var top = rows.slice(0, 12);
        charts().bar(canvas, pluck(top, 'topic'), [{ label: 'Cases', data: pluck(top, 'cases') }], {
          horizontal: true,
        });
      },
    },
    {
      id: 'languages',
      title: 'Languages',
      columns: [
        { key: 'language', label: 'Language' },
        { key: 'cases', label: 'Cases' },
      ],
      rows: function (r) {
        return r.volumes.byLanguage.map(function (l) {
          return { language: LANGUAGES[l.language] || l.language, cases: l.cases };
        });
      },
      chart: function (canvas, rows) {
        charts().doughnut(canvas, pluck(rows, 'language'), pluck(rows, 'cases'));
      },
    },
    {
      id: 'channels',
      title: 'Channels',
      columns: [
        { key: 'channel', label: 'Channel' },
        { key: 'cases', label: 'Cases' },
      ],
      rows: function (r) {
        return r.volumes.byChannel.map(function (c) {
          return { channel: CHANNELS[c.channel] || c.channel, cases: c.cases };
        });
      },
      chart: function (canvas, rows) {
        charts().doughnut(canvas, pluck(rows, 'channel'), pluck(rows, 'cases'));
      },
    },
    {
      id: 'articles',
      title: 'Articles',
      wide: true,
      columns: [
        { key: 'articleId', label: 'Article' },
        { key: 'views', label: 'Views' },
        { key: 'helped', label: 'Helped' },
        { key: 'escalatedAfter', label: 'Escalated after' },
      ],
      rows: function (r) {
        return r.articles;
      },
      chart: function (canvas, rows) {
        var top = rows.slice(0, 10);
        var C = charts().COLORS;
        charts().bar(canvas, pluck(top, 'articleId'), [
          { label: 'Views', data: pluck(top, 'views'), color: C.blue },
          { label: 'Helped', data: pluck(top, 'helped'), color: C.green },
          { label: 'Escalated after', data: pluck(top, 'escalatedAfter'), color: C.amber },
        ]);
      },
    },
    {
      id: 'flow-steps',
      title: 'Guided flows: where users drop out',
      wide: true,
      columns: [
        { key: 'flowId', label: 'Flow' },
        { key: 'nodeId', label: 'Step' },
        { key: 'reached', label: 'Reached' },
        { key: 'worked', label: 'Worked' },
        { key: 'failed', label: 'Did not work' },
        { key: 'droppedHere', label: 'Dropped out here' },
      ],
      rows: function (r) {
        var rows = [];
        r.flows.forEach(function (f) {
          f.steps.forEach(function (s) {
            rows.push({
              flowId: f.flowId,
              nodeId: s.nodeId,
              reached: s.reached,
              worked: s.worked,
              failed: s.failed,
              droppedHere: s.droppedHere,
            });
          });
        });
        return rows;
      },
      chart: function (canvas, rows) {
        var top = rows.slice(0, 14);
        var labels = top.map(function (s) {
          return s.flowId + ' › ' + s.nodeId;
        });
        var C = charts().COLORS;
        charts().bar(
          canvas,
          labels,
          [
            { label: 'Reached', data: pluck(top, 'reached'), color: C.blue },
            { label: 'Dropped out here', data: pluck(top, 'droppedHere'), color: C.red },
          ],
          { horizontal: true },
        );
      },
    },
    {
      id: 'technicians',
      title: 'Technicians: response and resolution',
      wide: true,
      columns: [
        { key: 'measure', label: 'Measure' },
        { key: 'median', label: 'Median' },
        { key: 'p90', label: '90th percentile' },
        { key: 'tickets', label: 'Tickets measured' },
      ],
      rows: function (r) {
        var t = r.technicians;
        return [
          {
            measure: 'First response',
            median: hours(t.firstResponse.medianHours),
            p90: hours(t.firstResponse.p90Hours),
            tickets: t.firstResponse.measured,
            a: t.firstResponse.medianHours,
            b: t.firstResponse.p90Hours,
          },
          {
            measure: 'Time to resolution',
            median: hours(t.resolution.medianHours),
            p90: hours(t.resolution.p90Hours),
            tickets: t.resolution.measured,
            a: t.resolution.medianHours,
            b: t.resolution.p90Hours,
          },
        ];
      },
      chart: function (canvas, rows) {
        var C = charts().COLORS;
        charts().bar(canvas, pluck(rows, 'measure'), [
          { label: 'Median (h)', data: pluck(rows, 'a'), color: C.blue },
          { label: '90th percentile (h)', data: pluck(rows, 'b'), color: C.violet },
        ]);
      },
    },
    {
      id: 'service',
      title: 'SLA, satisfaction and reopens',
      columns: [
        { key: 'measure', label: 'Measure' },
        { key: 'value', label: 'Value' },
        { key: 'basis', label: 'Out of' },
      ],
      rows: function (r) {
        var t = r.technicians;
        var s = t.sla;
        return [
          {
            measure: 'First response within SLA',
            value: percent(s.firstResponse.rate),
            basis: s.firstResponse.met + s.firstResponse.breached,
            rate: s.firstResponse.rate,
          },
          {
            measure: 'Resolution within SLA',
            value: percent(s.resolution.rate),
            basis: s.resolution.met + s.resolution.breached,
            rate: s.resolution.rate,
          },
          {
            measure: 'Satisfied (CSAT 4–5)',
            value: percent(t.csat.satisfiedRate),
            basis: t.csat.ratings,
            rate: t.csat.satisfiedRate,
          },
          {
            measure: 'Reopened',
            value: percent(t.reopen.rate),
            basis: t.reopen.resolved,
            rate: t.reopen.rate,
          },
        ];
      },
      chart: function (canvas, rows) {
        charts().bar(
          canvas,
          pluck(rows, 'measure'),
          [
            {
              label: '%',
              data: rows.map(function (row) {
                return row.rate === null ? 0 : Math.round(row.rate * 1000) / 10;
              }),
              color: charts().COLORS.teal,
            },
          ],
          { horizontal: true },
        );
      },
    },
    {
      id: 'csat',
      title: 'Ratings (CSAT)',
      columns: [
        { key: 'score', label: 'Score' },
        { key: 'count', label: 'Ratings' },
      ],
      rows: function (r) {
        return r.technicians.csat.distribution;
      },
      chart: function (canvas, rows) {
        var C = charts().COLORS;
        charts().bar(
          canvas,
          rows.map(function (d) {
            return '★ ' + d.score;
          }),
          [
            {
              label: 'Ratings',
              data: pluck(rows, 'count'),
              color: [C.red, C.amber, C.grey, C.teal, C.green],
            },
          ],
        );
      },
    },
  ];

  // Shown in pairs of half-width panels between the wide ones.
  var ORDER = [
    'by-day',
    'outcomes',
    'handover-reasons',
    'languages',
    'channels',
    'topics',
    'articles',
    'flow-steps',
    'technicians',
    'service',
    'csat',
  ];
  TABLES.sort(function (a, b) {
    return ORDER.indexOf(a.id) - ORDER.indexOf(b.id);
  });

  function pluck(rows, key) {
    return rows.map(function (row) {
      return row[key];
    });
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
          hours(t.firstResponse.medianHours),
          t.hours === 'working' ? 'working hours' : 'calendar hours',
        ),
        tile(
          'CSAT',
          t.csat.average === null ? '—' : t.csat.average.toFixed(2) + ' / 5',
          t.csat.ratings + ' ratings',
        ),
      );
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
    TABLES.forEach(function (def) {
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
      fillSelect('insights-channel', Object.keys(CHANNELS), CHANNELS, filters.channel);
      fillSelect('insights-language', Object.keys(LANGUAGES), LANGUAGES, filters.language);
      fillSelect(
        'insights-topic',
        topics.filter(function (t) {
          return t !== 'none';
        }),
        {},
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
