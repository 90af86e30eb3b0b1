// The mail outbox (#/mail, administrators): e-mails to users that wait for a retry, were sent or
// were given up, with the recipient, subject, attempts and the last error's code; a waiting or
// given-up one can be tried again at once. Subjects and bodies arrive with secrets redacted and are
// only ever set as text.
(function (FL) {
  'use strict';

  var loading = 0;
  var state = { filter: '', cursor: null };
  var FILTERS = [
    { value: '', label: 'All' },
    { value: 'failed', label: 'Failed' },
    { value: 'pending', label: 'Retrying' },
    { value: 'sent', label: 'Sent' },
  ];
  var STATE_LABELS = { pending: 'Retrying', sending: 'Sending', sent: 'Sent', failed: 'Failed' };
  var TIME_FORMAT = { dateStyle: 'medium', timeStyle: 'short' };
  // What the SMTP error codes nodemailer reports mean to an administrator.
  var ERROR_HINTS = {
    ESOCKET: 'the mail server could not be reached',
    ECONNECTION: 'the mail server could not be reached',
    ETIMEDOUT: 'the mail server did not answer in time',
    EDNS: 'the mail server name could not be resolved',
    EAUTH: 'the mail server refused the sign-in',
    ETLS: 'the secure connection to the mail server failed',
    EENVELOPE: 'the sender or recipient address was refused',
    EMESSAGE: 'the message could not be sent',
  };

  function byId(id) {
    return document.getElementById(id);
  }

  function el(tag, props, children) {
    return FL.dom.el(tag, props, children);
  }

  function build() {
    var view = byId('mail-view');
    view.appendChild(
      el('div', { className: 'mail-head' }, [
        el('h1', { text: 'E-mail outbox', attrs: { id: 'mail-title', tabindex: '-1' } }),
        el('p', {
          className: 'muted',
          text:
            'E-mails to users. Each is sent at once; if the mail server does not take it, it is retried ' +
            'later, and given up (failed) after the last attempt.',
        }),
      ]),
    );
    view.appendChild(
      el(
        'div',
        { className: 'mail-filters', attrs: { role: 'group', 'aria-label': 'Show', id: 'mail-filters' } },
        FILTERS.map(function (filter) {
          return el(
            'button',
            {
              className: 'mail-filter',
              attrs: {
                type: 'button',
                'data-state': filter.value,
                'aria-pressed': String(filter.value === ''),
              },
              onClick: function () {
                state.filter = filter.value;
                load(false);
              },
            },
            [filter.label + ' ', el('span', { className: 'count', attrs: { 'data-count': filter.value } })],
          );
        }),
      ),
    );
    view.appendChild(el('p', { className: 'muted', attrs: { id: 'mail-summary', role: 'status' } }));
    view.appendChild(el('p', { className: 'form-error', attrs: { id: 'mail-error', role: 'alert' } }));
    var table = el('table', { className: 'mail-table', attrs: { id: 'mail-table' } }, [
      el('thead', {}, [
        el(
          'tr',
          {},
          ['Queued', 'To', 'Subject', 'State', 'Attempts', 'Last error', ''].map(function (title) {
            return el('th', {
              className: title === 'Attempts' ? 'col-attempts' : '',
              text: title,
              attrs: { scope: 'col' },
            });
          }),
        ),
      ]),
      el('tbody', { attrs: { id: 'mail-rows' } }),
    ]);
    view.appendChild(el('div', { className: 'table-wrap', attrs: { id: 'mail-table-wrap' } }, [table]));
    view.appendChild(
      el('div', { className: 'load-more' }, [
        el('button', {
          className: 'btn',
          text: 'Load more',
          attrs: { type: 'button', id: 'mail-more', hidden: true },
          onClick: function () {
            load(true);
          },
        }),
      ]),
    );
  }

  function when(iso) {
    var date = new Date(iso);
    return isNaN(date.getTime()) ? '' : date.toLocaleString(undefined, TIME_FORMAT);
  }

  function errorText(code) {
    if (!code) return '';
    var smtp = /^SMTP (\d{3})$/.exec(code);
    if (smtp) {
      return (
        code +
        ': ' +
        (smtp[1][0] === '5' ? 'the mail server refused the message' : 'the mail server asked to try later')
      );
    }
    return ERROR_HINTS[code] ? code + ': ' + ERROR_HINTS[code] : code;
  }

  function stateCell(mail) {
    var detail = '';
    if (mail.state === 'sent' && mail.sentAt) detail = when(mail.sentAt);
    else if (mail.state === 'pending' && mail.dueAt) detail = 'next try ' + when(mail.dueAt);
    return el('td', { className: 'cell-state' }, [
      el('span', {
        className: 'badge mail-state mail-state-' + mail.state,
        text: STATE_LABELS[mail.state] || mail.state,
      }),
      detail ? el('span', { className: 'cell-sub muted', text: detail }) : null,
    ]);
  }

  function row(mail) {
    var retryable = mail.state === 'failed' || mail.state === 'pending';
    var actions = [
      el('button', {
        className: 'btn btn-small',
        text: 'Show',
        attrs: { type: 'button', 'data-action': 'show', 'aria-expanded': 'false' },
        onClick: function (event) {
          toggleBody(mail, event.currentTarget);
        },
      }),
      retryable
        ? el('button', {
            className: mail.state === 'failed' ? 'btn btn-small btn-primary' : 'btn btn-small',
            text: 'Retry now',
            attrs: { type: 'button', 'data-action': 'retry' },
            onClick: function (event) {
              retry(mail, event.currentTarget);
            },
          })
        : null,
    ];
    return el('tr', { attrs: { 'data-id': mail.id, 'data-state': mail.state } }, [
      el('td', { className: 'cell-time', text: when(mail.createdAt) }),
      el('td', { className: 'cell-to', text: mail.to }),
      el('td', { className: 'cell-subject' }, [
        el('span', { className: 'subject-text', text: mail.subject }),
      ]),
      stateCell(mail),
      el('td', { className: 'cell-attempts', text: String(mail.attempts) }),
      el('td', { className: 'cell-error', text: errorText(mail.lastError) }),
      el('td', { className: 'cell-actions' }, actions),
    ]);
  }

  async function toggleBody(mail, button) {
    var tr = button.closest('tr');
    var next = tr.nextElementSibling;
    if (next && next.classList.contains('mail-body-row')) {
      next.remove();
      button.setAttribute('aria-expanded', 'false');
      button.textContent = 'Show';
      return;
    }
    button.disabled = true;
    try {
      var body = await FL.api.call('getMailOutboxItem', { mailId: mail.id });
      var text = body.mail.text + (body.mail.textTruncated ? '\n…' : '');
      var detail = el('tr', { className: 'mail-body-row' }, [
        el('td', { attrs: { colspan: '7' } }, [
          el('p', { className: 'muted mail-body-meta', text: 'Message-ID ' + body.mail.messageId }),
          el('pre', { className: 'mail-body', text: text }),
        ]),
      ]);
      tr.after(detail);
      button.setAttribute('aria-expanded', 'true');
      button.textContent = 'Hide';
    } catch (err) {
      byId('mail-error').textContent = 'Could not load the e-mail: ' + err.message;
    } finally {
      button.disabled = false;
    }
  }

  async function retry(mail, button) {
    button.disabled = true;
    button.textContent = 'Sending…';
    byId('mail-error').textContent = '';
    try {
      var body = await FL.api.call('retryMailOutboxItem', { mailId: mail.id });
      var result = body.mail;
      byId('mail-summary').textContent =
        result.state === 'sent'
          ? 'Sent to ' + result.to + '.'
          : 'Not sent to ' + result.to + ': ' + errorText(result.lastError) + '.';
    } catch (err) {
      byId('mail-error').textContent =
        err.status === 409
          ? 'That e-mail is being sent or was sent already.'
          : err.status === 404
            ? 'That e-mail is no longer in the outbox.'
            : 'Could not retry: ' + err.message;
    }
    await load(false, true);
  }

  function showCounts(counts) {
    var all = counts.pending + counts.sending + counts.sent + counts.failed;
    var shown = {
      '': all,
      failed: counts.failed,
      pending: counts.pending + counts.sending,
      sent: counts.sent,
    };
    document.querySelectorAll('#mail-filters .mail-filter').forEach(function (button) {
      var value = button.getAttribute('data-state');
      button.setAttribute('aria-pressed', String(value === state.filter));
      var count = button.querySelector('.count');
      count.textContent = String(shown[value]);
      count.classList.toggle('count-alert', value === 'failed' && counts.failed > 0);
    });
  }

  /** Reads the first page of the chosen state, or with `more` the next one; `keepSummary` after a retry. */
  async function load(more, keepSummary) {
    var ticket = ++loading;
    var rows = byId('mail-rows');
    byId('mail-error').textContent = '';
    byId('mail-view').setAttribute('aria-busy', 'true');
    try {
      var body = await FL.api.call('listMailOutbox', {}, undefined, {
        state: state.filter,
        cursor: more ? state.cursor : '',
      });
      if (ticket !== loading) return;
      if (!more) FL.dom.clear(rows);
      body.items.forEach(function (mail) {
        rows.appendChild(row(mail));
      });
      state.cursor = body.nextCursor || null;
      byId('mail-more').hidden = !state.cursor;
      showCounts(body.counts);
      var empty = rows.children.length === 0;
      byId('mail-table-wrap').hidden = empty;
      if (!keepSummary)
        byId('mail-summary').textContent = empty
          ? 'No e-mails here.'
          : rows.children.length + ' shown, newest first.';
    } catch (err) {
      if (ticket !== loading) return;
      byId('mail-error').textContent = 'Could not load the outbox: ' + err.message;
    } finally {
      if (ticket === loading) byId('mail-view').removeAttribute('aria-busy');
    }
  }

  var outbox = FL.pages.page({
    name: 'mail',
    pattern: /^#\/mail(\?|$)/,
    roles: ['admin'],
    build: build,
    enter: function () {
      load(false);
    },
  });

  FL.mailOutbox = { start: outbox.start };
})((window.FirstLineConsole = window.FirstLineConsole || {}));
