/* global Blob, URL, setTimeout */
// CSV export of the Insights page's tables, made in the browser from the numbers on screen:
// RFC 4180 quoting, a UTF-8 byte-order mark so spreadsheet programs read accents, and cells that
// would start a formula (=, +, -, @) prefixed with a quote so a topic name can never run as one.
(function (FL) {
  'use strict';

  var FORMULA_START = /^[=+\-@\t\r]/;

  function cell(value) {
    if (value === null || value === undefined) return '';
    var text = String(value);
    if (typeof value !== 'number' && FORMULA_START.test(text)) text = "'" + text;
    return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  /** `columns`: [{ key, label }]; `rows`: objects. Lines end with CRLF, as RFC 4180 has it. */
  function toCsv(columns, rows) {
    var lines = [
      columns
        .map(function (c) {
          return cell(c.label);
        })
        .join(','),
    ];
    rows.forEach(function (row) {
      lines.push(
        columns
          .map(function (c) {
            return cell(row[c.key]);
          })
          .join(','),
      );
    });
    return lines.join('\r\n') + '\r\n';
  }

  /** Saves the table as `name`.csv through a temporary link (no server round trip). */
  function download(name, columns, rows) {
    var blob = new Blob(['\ufeff', toCsv(columns, rows)], { type: 'text/csv;charset=utf-8' });
    var url = URL.createObjectURL(blob);
    var link = document.createElement('a');
    link.href = url;
    link.download = name + '.csv';
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 1000);
  }

  FL.insightsCsv = { toCsv: toCsv, download: download };
})((window.FirstLineConsole = window.FirstLineConsole || {}));
