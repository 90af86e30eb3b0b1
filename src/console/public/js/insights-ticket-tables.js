// The Insights page's tables about tickets: technicians' response and resolution times, SLA,
// satisfaction and reopens, and the ratings. Users rate technicians' work (`technicians.csat`) and
// the fixes the bot made itself (`botCsat`) apart, so both are shown side by side, never summed.
(function (FL) {
  'use strict';

  /** `shared`: { charts, percent, hours, pluck } from insights-tables.js. */
  FL.insightsTicketTables = function (shared) {
    var charts = shared.charts;
    var percent = shared.percent;
    var hours = shared.hours;
    var pluck = shared.pluck;

    return [
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
              measure: 'Satisfied with technicians (4–5)',
              value: percent(t.csat.satisfiedRate),
              basis: t.csat.ratings,
              rate: t.csat.satisfiedRate,
            },
            {
              measure: 'Satisfied with bot fixes (4–5)',
              value: percent(r.botCsat.satisfiedRate),
              basis: r.botCsat.ratings,
              rate: r.botCsat.satisfiedRate,
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
            { horizontal: true, max: 100 },
          );
        },
      },
      {
        id: 'csat',
        title: 'Ratings (CSAT)',
        columns: [
          { key: 'score', label: 'Score' },
          { key: 'technicians', label: 'Technicians' },
          { key: 'bot', label: 'Bot fixes' },
        ],
        rows: function (r) {
          var bot = r.botCsat.distribution;
          return r.technicians.csat.distribution.map(function (d, i) {
            return { score: d.score, technicians: d.count, bot: bot[i] ? bot[i].count : 0 };
          });
        },
        chart: function (canvas, rows) {
          var C = charts().COLORS;
          charts().bar(
            canvas,
            rows.map(function (d) {
              return '★ ' + d.score;
            }),
            [
              { label: 'Technicians', data: pluck(rows, 'technicians'), color: C.blue },
              { label: 'Bot fixes', data: pluck(rows, 'bot'), color: C.green },
            ],
          );
        },
      },
    ];
  };
})((window.FirstLineConsole = window.FirstLineConsole || {}));
