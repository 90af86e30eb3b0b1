/* global setInterval, clearInterval */
// Chats the bot is having right now: a technician can step into one ("Take over").
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
      el('div', { className: 'queue-open' }, [
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
      ]),
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
