/* global setInterval, clearInterval */
// Chats the bot is having right now: a technician reads one (a card opens what was said so far,
// read only) and can step into it ("Take over").
(function (FL) {
  'use strict';

  var el = FL.dom.el;
  var POLL_MS = 15000;
  var timer = null;
  var options = null;

  function renderItem(chat) {
    var li = el('li', {
      className: 'queue-item bot-chat',
      attrs: { 'data-conversation-id': chat.conversationId },
    });
    var who = (chat.user && (chat.user.name || chat.user.email)) || 'Web chat user';
    li.appendChild(
      el(
        'button',
        {
          className: 'queue-open',
          attrs: { type: 'button', 'aria-label': 'Read the chat with ' + who },
          onClick: function () {
            read(chat, who);
          },
        },
        [
          el('span', { className: 'queue-line' }, [
            el('strong', { text: who }),
            chat.language
              ? el('span', { className: 'badge badge-lang', text: chat.language.toUpperCase() })
              : null,
            el('span', {
              className: 'waiting',
              text: FL.dom.formatDuration(Date.now() - Date.parse(chat.lastMessageAt)),
              attrs: { 'data-since': chat.lastMessageAt, title: 'Since the last message' },
            }),
          ]),
          el('span', { className: 'queue-summary', text: chat.problem || '(no problem described yet)' }),
          el('span', {
            className: 'queue-category muted',
            text:
              FL.ticketFormat.channelName(chat.channelId) +
              ' · ' +
              chat.turns +
              (chat.turns === 1 ? ' message' : ' messages'),
          }),
        ],
      ),
    );
    li.appendChild(
      el('button', {
        className: 'btn btn-small btn-primary bot-chat-takeover',
        text: 'Take over',
        attrs: { type: 'button', 'aria-label': 'Take over the chat with ' + who },
        onClick: function () {
          takeOver(chat, who);
        },
      }),
    );
    return li;
  }

  /**
   * What the user and the bot said so far (getBotChat, the redacted transcript), in a dialog with
   * "Take over": a technician looks before stepping in. The user's words are plain text, the
   * bot's are its own Markdown.
   */
  async function read(chat, who) {
    var dialog = document.getElementById('botchat-dialog');
    var list = FL.dom.clear(document.getElementById('botchat-transcript'));
    var error = document.getElementById('botchat-error');
    error.textContent = '';
    document.getElementById('botchat-title').textContent = 'Chat with ' + who;
    document.getElementById('botchat-meta').textContent =
      FL.ticketFormat.channelName(chat.channelId) + ' · ' + (chat.problem || '(no problem described yet)');
    document.getElementById('botchat-takeover').onclick = function () {
      dialog.close();
      takeOver(chat, who);
    };
    if (!dialog.open) dialog.showModal();
    try {
      var data = await FL.api.call('getBotChat', { conversationId: chat.conversationId });
      (data.transcript || []).forEach(function (entry) {
        if (entry.type && entry.type !== 'message') return;
        var user = entry.from && entry.from.role === 'user';
        // A card's summary is the bot's own Markdown: its question in bold, its buttons in brackets.
        var cards = (entry.attachments || []).filter(function (a) {
          return a && typeof a === 'object' && a.summary;
        });
        if (!entry.text && !cards.length) return;
        var body = el('div', { className: 'msg-body' + (user ? '' : ' md') });
        if (entry.text) body.appendChild(user ? FL.dom.plainText(entry.text) : FL.dom.markdown(entry.text));
        cards.forEach(function (card) {
          body.appendChild(
            el('div', { className: 'msg-attachment muted' }, [FL.dom.markdown('▸ ' + card.summary)]),
          );
        });
        list.appendChild(
          el('li', { className: 'msg msg-' + (user ? 'user' : 'bot') }, [
            el('div', { className: 'msg-meta' }, [
              el('span', { className: 'msg-sender', text: user ? 'User' : 'Bot' }),
              el('time', { text: FL.dom.formatTime(entry.at), attrs: { datetime: entry.at } }),
            ]),
            body,
          ]),
        );
      });
      if (!list.childElementCount)
        list.appendChild(el('li', { className: 'muted', text: 'Nothing said yet.' }));
      list.scrollTop = list.scrollHeight;
    } catch (err) {
      error.textContent =
        err.status === 404
          ? 'This chat has ended or been handed over.'
          : 'Could not load the chat: ' + err.message;
    }
  }

  function render(chats) {
    var list = FL.dom.clear(document.getElementById('botchats-list'));
    chats.forEach(function (chat) {
      list.appendChild(renderItem(chat));
    });
    document.getElementById('botchats-count').textContent = String(chats.length);
    document.getElementById('botchats-empty').hidden = chats.length > 0;
  }

  async function refresh() {
    if (!options || !FL.api.has('listBotChats')) return;
    try {
      var data = await FL.api.call('listBotChats');
      render(data.chats || []);
    } catch (err) {
      options.toast('Could not load the chats with the bot: ' + err.message, 'error');
    }
  }

  async function takeOver(chat, who) {
    try {
      var data = await FL.api.call('takeOverBotChat', { conversationId: chat.conversationId }, {});
      options.toast('You took over the chat with ' + who + '.', 'ok');
      await options.onTakenOver(data.handoff);
    } catch (err) {
      if (err.status === 409) {
        var holder = err.body && err.body.claimedBy;
        var name = holder && (holder.name || holder);
        options.toast(
          'Someone else' + (name ? ' (' + name + ')' : '') + ' took over this chat first.',
          'warn',
        );
      } else {
        options.toast('Could not take over: ' + err.message, 'error');
      }
    }
    await refresh();
  }

  /** Shows the section (when the server offers it) and keeps it current. */
  function start(startOptions) {
    options = startOptions;
    var section = document.getElementById('botchats');
    if (!FL.api.has('listBotChats')) return;
    section.hidden = false;
    if (timer) clearInterval(timer);
    timer = setInterval(refresh, POLL_MS);
    return refresh();
  }

  FL.botChats = { start: start, refresh: refresh };
})((window.FirstLineConsole = window.FirstLineConsole || {}));
