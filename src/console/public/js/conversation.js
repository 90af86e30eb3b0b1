/* global setTimeout, clearTimeout, CSS */
// The open conversation: header, case file, transcript, live messages, typing and the composer.
// User text is always shown as plain text; bot and technician text and notes as safe Markdown.
(function (FL) {
  'use strict';

  var el = FL.dom.el;
  var USER_TYPING_MS = 4000;
  var TYPING_THROTTLE_MS = 2500;
  var SAME_MESSAGE_WINDOW_MS = 5000;

  var rendered = [];
  var typingTimer = null;

  function byId(id) {
    return document.getElementById(id);
  }

  function roleOf(from) {
    if (!from) return 'bot';
    if (typeof from === 'string') return from;
    return from.role || 'bot';
  }

  function senderLabel(role, from, me) {
    if (role === 'user') return (from && from.name) || 'User';
    if (role === 'technician') {
      var name = from && typeof from === 'object' ? from.name : undefined;
      if (me && from && typeof from === 'object' && from.id === me.id) return 'You';
      return name || 'Technician';
    }
    return 'Bot';
  }

  function isDuplicate(role, text, at) {
    var time = Date.parse(at);
    return rendered.some(function (seen) {
      return (
        seen.role === role &&
        seen.text === text &&
        (isNaN(time) || isNaN(seen.time) || Math.abs(seen.time - time) < SAME_MESSAGE_WINDOW_MS)
      );
    });
  }

  /** Adds one line to the transcript; returns false when it was already shown. */
  function appendMessage(message, me) {
    var role = roleOf(message.from);
    var text = message.text || '';
    var files = Array.isArray(message.files) ? message.files : [];
    // A file's own attachment entry says nothing the file line does not.
    var attachments = (message.attachments || []).filter(function (a) {
      return files.length === 0 || (typeof a === 'object' && a.summary);
    });
    if (!text && attachments.length === 0 && files.length === 0) return false;
    var key =
      text +
      files
        .map(function (f) {
          return '\u0000' + f.id;
        })
        .join('');
    if (isDuplicate(role, key, message.at)) return false;
    rendered.push({ role: role, text: key, time: Date.parse(message.at) });
    var body = el('div', { className: 'msg-body' + (role === 'user' ? '' : ' md') });
    if (text || files.length === 0)
      body.appendChild(role === 'user' ? FL.dom.plainText(text) : FL.dom.markdown(text));
    attachments.forEach(function (attachment) {
      // Transcript entries describe attachments; live events only name their content type.
      var label = typeof attachment === 'string' ? attachment : attachment.summary || attachment.contentType;
      // A card's summary is the bot's own Markdown (its question in bold, its buttons in brackets).
      body.appendChild(
        role === 'user'
          ? el('p', { className: 'msg-attachment muted', text: '▸ ' + label })
          : el('div', { className: 'msg-attachment muted' }, [FL.dom.markdown('▸ ' + label)]),
      );
    });
    files.forEach(function (file) {
      body.appendChild(FL.files.render(file));
    });
    var item = el('li', { className: 'msg msg-' + role }, [
      el('div', { className: 'msg-meta' }, [
        el('span', { className: 'msg-sender', text: senderLabel(role, message.from, me) }),
        el('time', { text: FL.dom.formatTime(message.at), attrs: { datetime: message.at } }),
      ]),
      body,
    ]);
    var list = byId('transcript');
    var atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
    list.appendChild(item);
    if (atBottom || role === 'technician') list.scrollTop = list.scrollHeight;
    if (role === 'user') {
      hideUserTyping();
      if (text) {
        item.setAttribute('data-original', text);
        scheduleTranslations();
      }
    }
    return true;
  }

  var translationTimer = null;

  /** A new message from the user: its translation is asked for shortly (several arrive together). */
  function scheduleTranslations() {
    if (!FL.api.has('getTranscriptTranslations')) return;
    clearTimeout(translationTimer);
    translationTimer = setTimeout(function () {
      if (shownView && shownView.ticket) loadTranslations(shownView.ticket);
    }, 300);
  }

  /**
   * For a technician who does not speak the user's language (with a language model configured):
   * each user message shows its translation, the original one click away, and the header shows
   * the language pair. Without a translation the message stays as the user wrote it.
   */
  function loadTranslations(ticket) {
    if (!ticket.id || !FL.api.has('getTranscriptTranslations')) return;
    FL.api
      .call('getTranscriptTranslations', { ticketId: ticket.id })
      .then(function (data) {
        if (!shownView || !shownView.ticket || shownView.ticket.id !== ticket.id) return;
        if (!data || !Array.isArray(data.translations) || data.translations.length === 0) return;
        showLanguagePair(data.from, data.to);
        var byText = {};
        data.translations.forEach(function (entry) {
          byText[entry.text] = entry.translation;
        });
        byId('transcript')
          .querySelectorAll('li.msg-user[data-original]:not([data-translated])')
          .forEach(function (item) {
            var translation = byText[item.getAttribute('data-original')];
            if (translation) showTranslation(item, translation);
          });
      })
      .catch(function () {
        // No translation: the messages stay as written.
      });
  }

  function showTranslation(item, translation) {
    item.setAttribute('data-translated', 'true');
    var body = item.querySelector('.msg-body');
    var original = el('div', { className: 'msg-original muted' });
    while (body.firstChild) original.appendChild(body.firstChild);
    original.hidden = true;
    var toggle = el('button', { className: 'msg-original-toggle', text: 'Show original' });
    toggle.type = 'button';
    toggle.addEventListener('click', function () {
      original.hidden = !original.hidden;
      toggle.textContent = original.hidden ? 'Show original' : 'Hide original';
    });
    body.appendChild(el('div', { className: 'msg-translation' }, [FL.dom.plainText(translation)]));
    body.appendChild(toggle);
    body.appendChild(original);
  }

  /** The ticket id and language pair shown, so a re-rendered header keeps it. */
  var languagePair = null;

  function showLanguagePair(from, to) {
    languagePair = { ticketId: shownView && shownView.ticket && shownView.ticket.id, from: from, to: to };
    if (byId('conv-language-pair')) return;
    var badge = el('span', {
      className: 'badge badge-translation',
      text: String(from).toUpperCase() + ' → ' + String(to).toUpperCase() + ' (translated)',
    });
    badge.id = 'conv-language-pair';
    byId('conv-meta').appendChild(badge);
  }

  function appendSystemLine(text) {
    var list = byId('transcript');
    list.appendChild(el('li', { className: 'msg-system', text: text }));
    list.scrollTop = list.scrollHeight;
  }

  function showUserTyping() {
    var node = byId('user-typing');
    node.hidden = false;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(hideUserTyping, USER_TYPING_MS);
  }

  function hideUserTyping() {
    clearTimeout(typingTimer);
    byId('user-typing').hidden = true;
  }

  function renderNote(note) {
    return el('li', { className: 'note' }, [
      el('div', { className: 'note-meta muted' }, [
        el('span', { text: (note.author && (note.author.name || note.author)) || note.authorName || 'Note' }),
        ' · ',
        el('time', { text: FL.dom.formatTime(note.at), attrs: { datetime: note.at } }),
      ]),
      el('div', { className: 'note-body md' }, [FL.dom.markdown(note.text)]),
    ]);
  }

  function appendNote(note) {
    var list = byId('case-notes');
    var key = note.id || note.noteId || note.at + '|' + note.text;
    if (list.querySelector('[data-note="' + CSS.escape(String(key)) + '"]')) return;
    var item = renderNote(note);
    item.setAttribute('data-note', String(key));
    list.appendChild(item);
  }

  function renderHeader(view) {
    var ticket = view.ticket || {};
    var handoff = view.handoff || {};
    // The problem in the user's words reads best as a title; the full summary is in the case file.
    byId('conv-title').textContent =
      [ticket.number, ticket.problem || ticket.summary].filter(Boolean).join(' · ') || 'Conversation';
    var meta = FL.dom.clear(byId('conv-meta'));
    var parts = [
      ['state', handoff.state],
      ['priority', handoff.priority || ticket.priority],
      ['lang', (handoff.language || ticket.language || '').toUpperCase()],
      ['category', handoff.category || ticket.category],
    ];
    parts.forEach(function (part) {
      if (part[1])
        meta.appendChild(
          el('span', {
            className: 'badge badge-' + part[0] + ' badge-' + part[0] + '-' + part[1],
            text: part[1],
          }),
        );
    });
    // Named as the queue and the worklist name them ("Web chat user" when the chat gave no name);
    // the channel's id for them, which means nothing to read, is the tooltip.
    var user = ticket.user && FL.ticketFormat.userName(ticket);
    if (user)
      meta.appendChild(
        el('span', { className: 'muted', text: 'User: ' + user, attrs: { title: ticket.user.id || '' } }),
      );
    // Verified by the host site or the Teams roster, or given by the user for follow-up.
    if (ticket.user && ticket.user.email && ticket.user.email !== user) {
      meta.appendChild(el('span', { className: 'muted user-email', text: ticket.user.email }));
    }
    if (view.assignedToName && handoff.state === 'assigned') {
      meta.appendChild(el('span', { className: 'muted', text: 'Assigned to ' + view.assignedToName }));
    }
    if (languagePair && ticket.id && languagePair.ticketId === ticket.id)
      showLanguagePair(languagePair.from, languagePair.to);
  }

  /** Facts the summary names itself, in this order; the others are listed under "Other facts". */
  var SUMMARY_FACTS = [
    ['Device', ['deviceType']],
    ['OS', ['os']],
    ['Error', ['errorCode', 'errorMessage']],
  ];
  // Fact labels and values read the same here as on the ticket page (ticket-format.js).
  var factValue = FL.ticketFormat.factValue;
  var factLabel = FL.ticketFormat.factLabel;

  function addField(list, label, value) {
    if (value === undefined || value === null || value === '') return;
    list.appendChild(el('dt', { text: label }));
    list.appendChild(el('dd', { text: value }));
  }

  function triedLine(ticket) {
    var steps = (ticket.stepsTried || []).length;
    var articles = (ticket.articlesSuggested || []).length;
    if (!steps && !articles) return 'nothing yet';
    var parts = [];
    if (steps) parts.push(steps + (steps === 1 ? ' step' : ' steps'));
    if (articles) parts.push(articles + (articles === 1 ? ' article' : ' articles'));
    return parts.join(', ') + ' (below)';
  }

  /** The hand-over summary as labelled fields, built from the ticket's structured case. */
  function renderSummary(ticket) {
    var list = FL.dom.clear(byId('case-summary'));
    var facts = ticket.facts || {};
    addField(list, 'Problem', ticket.problem || (ticket.summary ? undefined : '(not described)'));
    SUMMARY_FACTS.forEach(function (field) {
      var values = field[1]
        .map(function (key) {
          return facts[key] === undefined ? '' : factValue(facts[key]);
        })
        .filter(Boolean);
      addField(list, field[0], values.join(' — '));
    });
    addField(list, 'Tried', ticket.number ? triedLine(ticket) : undefined);
    addField(list, 'Why', ticket.origin);
    addField(
      list,
      'Queue',
      [ticket.category, ticket.priority && ticket.priority + ' priority'].filter(Boolean).join(', '),
    );
    addField(list, 'Channel', ticket.channelId === 'directline' ? 'web chat' : ticket.channelId);
    if (!list.firstChild) list.appendChild(el('dd', { className: 'muted', text: '—' }));
  }

  function renderCase(ticket) {
    renderSummary(ticket);
    var facts = FL.dom.clear(byId('case-facts'));
    var shown = SUMMARY_FACTS.reduce(function (keys, field) {
      return keys.concat(field[1]);
    }, []);
    var factKeys = Object.keys(ticket.facts || {}).filter(function (key) {
      return shown.indexOf(key) < 0;
    });
    factKeys.forEach(function (key) {
      addField(facts, factLabel(key), factValue(ticket.facts[key]));
    });
    if (factKeys.length === 0) facts.appendChild(el('dd', { className: 'muted', text: 'None recorded.' }));
    // What the user answered, so nobody asks again; "already said" when the bot did not ask.
    fillList('case-answers', ticket.answers, function (answer) {
      var said = answer.prefilled ? ' (already said)' : '';
      var plain = function (text) {
        return String(text || '').replace(/\*\*|`/g, '');
      };
      return plain(answer.question) + ' — ' + plain(answer.answer) + said;
    });
    // Each step with how it went and what the user said at it (ticket-format.js), as text.
    fillList('case-steps', ticket.stepsTried, FL.ticketFormat.stepText);
    fillList('case-articles', ticket.articlesSuggested, function (article) {
      if (typeof article === 'string') return article;
      var helped = article.helped === true ? ' — helped' : article.helped === false ? " — didn't help" : '';
      return (article.title || article.articleId || article.id) + helped;
    });
    FL.dom.clear(byId('case-notes'));
    (ticket.notes || []).forEach(appendNote);
  }

  function fillList(id, values, label) {
    var list = FL.dom.clear(byId(id));
    (values || []).forEach(function (value) {
      list.appendChild(el('li', { text: label(value) }));
    });
    if (!values || values.length === 0) list.appendChild(el('li', { className: 'muted', text: 'None.' }));
  }

  /** Shows a conversation from scratch: header, case file and the whole transcript. */
  function show(view, me) {
    rendered = [];
    hideUserTyping();
    byId('empty-state').hidden = true;
    byId('conversation').hidden = false;
    shownView = view;
    renderHeader(view);
    renderCase(view.ticket || {});
    FL.dom.clear(byId('transcript'));
    (view.transcript || []).forEach(function (entry) {
      if (!entry.type || entry.type === 'message') appendMessage(entry, me);
    });
    setActions(view, me);
    var list = byId('transcript');
    list.scrollTop = list.scrollHeight;
    loadBriefing(view.ticket || {});
    loadTranslations(view.ticket || {});
  }

  /**
   * A language model's short note in the technician's language, above the transcript; only when
   * the server offers it (a model is configured). Without one, or when it fails, nothing shows:
   * the structured summary in the case file is always there.
   */
  function loadBriefing(ticket) {
    var box = byId('briefing');
    box.hidden = true;
    FL.dom.clear(byId('briefing-lines'));
    if (!ticket.id || !FL.api.has('getHandoverBriefing')) return;
    FL.api
      .call('getHandoverBriefing', { ticketId: ticket.id })
      .then(function (data) {
        // Another conversation may have been opened meanwhile.
        if (!shownView || !shownView.ticket || shownView.ticket.id !== ticket.id) return;
        if (!data || !Array.isArray(data.lines) || data.lines.length === 0) return;
        var lines = FL.dom.clear(byId('briefing-lines'));
        data.lines.forEach(function (line) {
          lines.appendChild(el('li', { text: String(line) }));
        });
        box.hidden = false;
      })
      .catch(function () {
        box.hidden = true;
      });
  }

  /**
   * The hand-over as the header last showed it: a later change (handed back, resolved, taken by
   * someone else) re-renders the header from it, so the state badge never keeps an old state.
   */
  var shownView = null;

  function setActions(view, me) {
    var handoff = view.handoff || {};
    if (shownView && view.handoff && view !== shownView) {
      shownView = Object.assign({}, shownView, {
        handoff: handoff,
        assignedToName: handoff.assignedToName,
        ticket: view.ticket || shownView.ticket,
      });
      renderHeader(shownView);
    }
    var mine = handoff.state === 'assigned' && me && handoff.assignedTo === me.id;
    byId('claim-open').hidden = handoff.state !== 'queued';
    // The bot has the conversation again: a technician may take it back.
    byId('pickup').hidden = handoff.state !== 'returned' && handoff.state !== 'abandoned';
    ['transfer-open', 'handback', 'resolve-open'].forEach(function (id) {
      byId(id).disabled = !mine;
    });
    byId('composer-text').disabled = !mine && !noteMode();
    byId('composer-send').disabled = !mine && !noteMode();
    byId('article-open').disabled = !mine;
    byId('canned').disabled = !mine;
  }

  function hide() {
    shownView = null;
    byId('conversation').hidden = true;
    byId('empty-state').hidden = false;
    rendered = [];
  }

  function noteMode() {
    return byId('mode-note').checked;
  }

  /** Wires the composer: Enter sends, Shift+Enter breaks the line, typing is throttled. */
  function bindComposer(handlers) {
    var form = byId('composer');
    var input = byId('composer-text');
    var lastTyping = 0;
    var modeChanged = function () {
      var note = noteMode();
      form.classList.toggle('composer-note', note);
      byId('composer-label').textContent = note
        ? 'Internal note (never sent to the user)'
        : 'Message to the user';
      input.placeholder = note
        ? 'Internal note — only technicians see this'
        : 'Write to the user… (Enter to send, Shift+Enter for a new line)';
      byId('composer-send').textContent = note ? 'Add note' : 'Send';
      handlers.onModeChange();
    };
    byId('mode-reply').addEventListener('change', modeChanged);
    byId('mode-note').addEventListener('change', modeChanged);
    input.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    input.addEventListener('input', function () {
      if (noteMode() || !input.value) return;
      var now = Date.now();
      if (now - lastTyping < TYPING_THROTTLE_MS) return;
      lastTyping = now;
      handlers.onTyping();
    });
    form.addEventListener('submit', async function (event) {
      event.preventDefault();
      var text = input.value.trim();
      if (!text) return;
      byId('composer-error').textContent = '';
      try {
        if (noteMode()) await handlers.onNote(text);
        else await handlers.onSend(text);
        input.value = '';
        lastTyping = 0;
      } catch (err) {
        byId('composer-error').textContent = err.message;
      }
      input.focus();
    });
  }

  FL.conversation = {
    show: show,
    hide: hide,
    setActions: setActions,
    appendMessage: appendMessage,
    appendSystemLine: appendSystemLine,
    appendNote: appendNote,
    showUserTyping: showUserTyping,
    hideUserTyping: hideUserTyping,
    bindComposer: bindComposer,
  };
})((window.FirstLineConsole = window.FirstLineConsole || {}));
