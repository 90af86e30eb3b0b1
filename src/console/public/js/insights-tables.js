// The Insights page's tables: for each part of getInsights its title, columns, rows and chart.
// The page (insights.js) draws them; the CSV export saves exactly these rows.
(function (FL) {
  'use strict';

  var charts = function () {
    return FL.insightsCharts;
  };
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

  function percent(rate) {
    return rate === null || rate === undefined ? '—' : (rate * 100).toFixed(1) + ' %';
  }

  function hours(value) {
    return value === null || value === undefined ? '—' : value.toFixed(2) + ' h';
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
        { key: 'label', label: 'Topic' },
        { key: 'topic', label: 'Id' },
        { key: 'cases', label: 'Cases' },
      ],
      // Named as the taxonomy names them in the lead's language; the id stays for filters and search.
      rows: function (r) {
        return r.volumes.byTopic.map(function (t) {
          return { label: topicLabel(t.topic), topic: t.topic, cases: t.cases };
        });
      },
      chart: function (canvas, rows) {
        var top = rows.slice(0, 12);
        charts().bar(canvas, pluck(top, 'label'), [{ label: 'Cases', data: pluck(top, 'cases') }], {
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
  ].concat(FL.insightsTicketTables({ charts: charts, percent: percent, hours: hours, pluck: pluck }));

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

  /** "No internet" for network.no-internet; "No topic matched" for cases the matcher could not place. */
  function topicLabel(id) {
    if (id === 'none') return 'No topic matched';
    return FL.topics ? FL.topics.label(id) : id;
  }

  function pluck(rows, key) {
    return rows.map(function (row) {
      return row[key];
    });
  }

  FL.insightsTables = {
    TABLES: TABLES,
    LANGUAGES: LANGUAGES,
    CHANNELS: CHANNELS,
    percent: percent,
    hours: hours,
  };
})((window.FirstLineConsole = window.FirstLineConsole || {}));
