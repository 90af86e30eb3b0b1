/* global Chart */
// The Insights page's charts, drawn with chart.js (served by FirstLine from node_modules). One
// palette and one set of options for all of them; no animation, so what is drawn is final at once.
(function (FL) {
  'use strict';

  var COLORS = {
    blue: '#2f6fdb',
    green: '#2e9d6a',
    amber: '#e0a126',
    red: '#d1495b',
    violet: '#7b61c9',
    teal: '#2a9fb0',
    grey: '#98a2b3',
    slate: '#475467',
  };
  var SERIES = [
    COLORS.blue,
    COLORS.green,
    COLORS.amber,
    COLORS.red,
    COLORS.violet,
    COLORS.teal,
    COLORS.slate,
    COLORS.grey,
  ];
  var charts = new Map();

  function baseOptions(extra) {
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: {
        legend: { position: 'bottom', labels: { boxWidth: 12, usePointStyle: true } },
        tooltip: { intersect: false },
      },
    };
    Object.keys(extra || {}).forEach(function (key) {
      options[key] = extra[key];
    });
    return options;
  }

  function axes(stacked, horizontal) {
    var value = { beginAtZero: true, stacked: stacked, ticks: { precision: 0 }, grid: { color: '#eef0f4' } };
    var category = { stacked: stacked, grid: { display: false } };
    return horizontal ? { x: value, y: category } : { x: category, y: value };
  }

  /** A fixed top of the value axis (100 for percentages), when given. */
  function withMax(scales, horizontal, max) {
    if (max !== undefined) scales[horizontal ? 'x' : 'y'].max = max;
    return scales;
  }

  /** Draws (or redraws) the chart on `canvas`, dropping the one drawn there before. */
  function draw(canvas, config) {
    var previous = charts.get(canvas.id);
    if (previous) previous.destroy();
    if (typeof Chart === 'undefined') return;
    config.options = config.options || baseOptions();
    charts.set(canvas.id, new Chart(canvas, config));
  }

  function bar(canvas, labels, datasets, options) {
    options = options || {};
    var horizontal = Boolean(options.horizontal);
    draw(canvas, {
      type: 'bar',
      data: {
        labels: labels,
        datasets: datasets.map(function (d, i) {
          return {
            label: d.label,
            data: d.data,
            backgroundColor: d.color || SERIES[i % SERIES.length],
            borderRadius: 3,
            maxBarThickness: 36,
          };
        }),
      },
      options: baseOptions({
        indexAxis: horizontal ? 'y' : 'x',
        scales: withMax(axes(Boolean(options.stacked), horizontal), horizontal, options.max),
        plugins: {
          legend: {
            display: datasets.length > 1,
            position: 'bottom',
            labels: { boxWidth: 12, usePointStyle: true },
          },
        },
      }),
    });
  }

  function doughnut(canvas, labels, data, colors) {
    draw(canvas, {
      type: 'doughnut',
      data: {
        labels: labels,
        datasets: [{ data: data, backgroundColor: colors || SERIES, borderWidth: 1, borderColor: '#fff' }],
      },
      options: baseOptions({
        cutout: '58%',
        plugins: { legend: { position: 'right', labels: { boxWidth: 12 } } },
      }),
    });
  }

  FL.insightsCharts = { bar: bar, doughnut: doughnut, COLORS: COLORS };
})((window.FirstLineConsole = window.FirstLineConsole || {}));
