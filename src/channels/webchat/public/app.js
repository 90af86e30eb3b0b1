/* global navigator, location, fetch, URLSearchParams, setTimeout */
// FirstLine's chat page: gets a Direct Line token from FirstLine, then renders the official
// Web Chat bundle against FirstLine's own Direct Line endpoint. Plain JS on purpose: no build step.
(function () {
  'use strict';

  var JOIN_EVENT = 'webchat/join';
  var STATUS = { ExpiredToken: 3, FailedToConnect: 4, Online: 2 };

  var params = new URLSearchParams(location.search);
  var embedded = params.get('embed') === '1';
  // `?transport=polling` forces HTTP polling, for diagnostics and tests behind socket-hostile proxies.
  var webSocket = params.get('transport') !== 'polling';
  // `?locale=` comes from the embed snippet's data-lang; otherwise the browser's language.
  var locale = params.get('locale') || navigator.language || 'en-US';
  // Storage, tokens and the unread count live in session.js.
  var returning = window.FirstLineSession;
  var identity = returning.takeIdentityToken();
  var subjectOf = returning.subjectOf;
  var tokenExpiry = returning.tokenExpiry;
  var nowSeconds = returning.nowSeconds;
  var saveSession = returning.saveSession;
  var forgetSession = returning.forgetSession;
  // The embed snippet loads the chat closed when this browser has a conversation, for the badge.
  var background = params.get('background') === '1';
  var unread = returning.unreadTracker({ open: !background, report: reportUnread });
  var pageTitle = document.title;
  var startWhenOpened = null;

  var TEXT = {
    en: { unavailable: 'The chat is not available right now. Please try again in a few minutes.' },
    de: {
      unavailable: 'Der Chat ist gerade nicht verfügbar. Bitte versuchen Sie es in einigen Minuten erneut.',
    },
    pl: { unavailable: 'Czat jest teraz niedostępny. Spróbuj ponownie za kilka minut.' },
    ro: { unavailable: 'Chatul nu este disponibil acum. Vă rugăm să încercați din nou în câteva minute.' },
  };

  function text(key) {
    var lang = String(locale).toLowerCase().split('-')[0];
    return (TEXT[lang] || TEXT.en)[key];
  }

  function showStatus(message) {
    var status = document.getElementById('fl-status');
    status.textContent = message;
    status.hidden = false;
  }

  async function requestJson(url, method, body) {
    var headers = { Accept: 'application/json' };
    if (body) headers['Content-Type'] = 'application/json';
    var response = await fetch(url, {
      method: method,
      headers: headers,
      body: body ? JSON.stringify(body) : undefined,
      cache: 'no-store',
      credentials: 'same-origin',
    });
    if (!response.ok) {
      var error = new Error(method + ' ' + url + ' answered ' + response.status);
      error.status = response.status;
      throw error;
    }
    return response.json();
  }

  /** Tells the embedding page (if any) about the chat: unread count, whether there is a chat. */
  function tellHost(message) {
    if (!embedded || window.parent === window) return;
    message.source = 'firstline-webchat';
    window.parent.postMessage(message, '*');
  }

  function reportUnread(count) {
    if (embedded) return tellHost({ type: 'unread', count: count });
    document.title = (count > 0 ? '(' + count + ') ' : '') + pageTitle;
  }

  function sessionFrom(issued, subject, resumed) {
    return {
      token: issued.token,
      conversationId: issued.conversationId,
      userId: issued.userId,
      expiresAt: nowSeconds() + Number(issued.expires_in || 0),
      subject: subject,
      // A conversation that is continued was greeted when it began.
      joined: resumed,
    };
  }

  async function newSession() {
    var issued;
    try {
      issued = await requestJson('/api/webchat/token', 'POST', identity ? { identity: identity } : {});
    } catch (err) {
      if (!identity || err.status !== 401) throw err;
      // The server refused the host's token (expired, wrongly signed): chat anonymously instead.
      console.warn('FirstLine: the identity token was refused; the chat continues anonymously.');
      identity = null;
      issued = await requestJson('/api/webchat/token', 'POST', {});
    }
    var subject = identity ? subjectOf(identity) : null;
    returning.remember(issued, subject);
    // A verified user's conversation from another device comes back (`resumed`) rather than anew.
    return {
      session: sessionFrom(issued, subject, issued.resumed === true),
      resumed: issued.resumed === true,
    };
  }

  function applyTheme(settings) {
    var root = document.documentElement.style;
    if (settings.accentColor) root.setProperty('--fl-accent', settings.accentColor);
    if (settings.backgroundColor) root.setProperty('--fl-background', settings.backgroundColor);
  }

  function initials(name) {
    var words = String(name || '')
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    var letters = words.length > 1 ? words[0][0] + words[words.length - 1][0] : (words[0] || '?').slice(0, 2);
    return letters.toUpperCase();
  }

  function styleOptions(settings) {
    var avatar = settings.botAvatar || {};
    return {
      accentColor: settings.accentColor,
      backgroundColor: settings.backgroundColor,
      botAvatarImage: avatar.image || undefined,
      // Web Chat draws an avatar only when the initials are a string; '' lets the image stand alone.
      botAvatarInitials: avatar.initials || '',
      botAvatarBackgroundColor: settings.accentColor,
      bubbleBorderRadius: 10,
      bubbleBorderWidth: 0,
      bubbleFromUserBackground: settings.accentColor,
      bubbleFromUserTextColor: '#ffffff',
      bubbleFromUserBorderRadius: 10,
      bubbleFromUserBorderWidth: 0,
      // Screenshots and files go to the technician (the server checks type and size again).
      hideUploadButton: false,
      uploadAccept: 'image/png,image/jpeg,application/pdf,text/plain,.txt,.log',
      uploadMultiple: true,
      // Thumbnails are made in a blob: worker the page's CSP forbids, and the server drops them anyway.
      enableUploadThumbnail: false,
      maxMessageLength: settings.maxMessageChars || 2000,
      primaryFont: "'Segoe UI', system-ui, -apple-system, 'Helvetica Neue', Arial, sans-serif",
      rootHeight: '100%',
      rootWidth: '100%',
      sendBoxTextWrap: true,
      suggestedActionLayout: 'flow',
      suggestedActionBorderRadius: 16,
    };
  }

  /** The technician a message came from (the server names them in `from` and in channelData). */
  function technicianOf(activity) {
    var sender = activity && activity.channelData && activity.channelData.firstlineTechnician;
    return sender && typeof sender.name === 'string' ? sender : null;
  }

  function sameSender(x, y) {
    return x.from.role === y.from.role && x.from.id === y.from.id;
  }

  /** Splits each group where the sender changes, keeping the order. */
  function splitBySender(groups) {
    var out = [];
    (groups || []).forEach(function (group) {
      var current = null;
      group.forEach(function (activity, i) {
        if (!current || !sameSender(group[i - 1], activity)) {
          current = [];
          out.push(current);
        }
        current.push(activity);
      });
    });
    return out;
  }

  /**
   * A technician is another participant, not the bot: their messages form their own groups (with
   * their own avatar) and their name is shown with the time under their messages.
   */
  function groupActivitiesMiddleware() {
    return function (next) {
      return function (args) {
        var groups = next(args);
        return Object.assign({}, groups, {
          sender: splitBySender(groups.sender),
          status: splitBySender(groups.status),
        });
      };
    };
  }

  function avatarMiddleware() {
    return function (next) {
      return function (args) {
        var technician = technicianOf(args.activity);
        if (!technician) return next(args);
        // A string is a valid React node; app.css draws it as a round avatar.
        var letters = initials(technician.name);
        return function () {
          return letters;
        };
      };
    };
  }

  /**
   * A React element shaped like `template` (Web Chat accepts only elements as an activity status
   * and does not expose React; an element is plain data, so one is made from one Web Chat built).
   */
  function elementLike(template, type, className, children) {
    return Object.assign({}, template, {
      type: type,
      key: null,
      ref: null,
      props: { className: className, children: children },
    });
  }

  function activityStatusMiddleware() {
    return function (next) {
      return function (args) {
        var technician = technicianOf(args.activity);
        var status = next(args);
        if (!technician || !status || args.hideTimestamp || typeof status !== 'object') return status;
        return elementLike(status, 'span', 'fl-technician-status', [
          elementLike(status, 'span', 'fl-technician-name', technician.name),
          status,
        ]);
      };
    };
  }

  /** The header and the tab follow the language the bot writes in (the user may switch it). */
  function languageMiddleware(settings) {
    var current = pageLanguage();
    return function () {
      return function (next) {
        return function (action) {
          var activity = action.type === 'DIRECT_LINE/INCOMING_ACTIVITY' && action.payload.activity;
          var lang =
            activity && activity.from && activity.from.role !== 'user' && baseLanguage(activity.locale);
          if (lang && lang !== current && settings.titles && settings.titles[lang]) {
            current = lang;
            showTitle(lang, settings.titles[lang]);
          }
          return next(action);
        };
      };
    };
  }

  function baseLanguage(tag) {
    return typeof tag === 'string' && tag ? tag.toLowerCase().split('-')[0] : '';
  }

  function pageLanguage() {
    return baseLanguage(document.documentElement.lang);
  }

  function showTitle(lang, title) {
    document.documentElement.lang = lang;
    pageTitle = title;
    document.title = title;
    var heading = document.querySelector('.fl-title');
    if (heading) heading.textContent = title;
    document.getElementById('webchat').setAttribute('aria-label', title);
  }

  /** Greets the user once per conversation, when Direct Line first reports the connection. */
  function joinMiddleware(session) {
    return function (store) {
      return function (next) {
        return function (action) {
          var result = next(action);
          if (action.type === 'DIRECT_LINE/CONNECT_FULFILLED' && !session.joined) {
            session.joined = true;
            saveSession(session);
            store.dispatch({
              type: 'WEB_CHAT/SEND_EVENT',
              payload: { name: JOIN_EVENT, value: { locale: locale } },
            });
          }
          return result;
        };
      };
    };
  }

  /**
   * A technician's typed words are shown exactly as typed: as plain text, never as Markdown or
   * HTML, so nothing a technician pastes can turn into markup, links or remote images here.
   */
  function technicianTextMiddleware() {
    return function (next) {
      return function (action) {
        var activity = action.type === 'DIRECT_LINE/INCOMING_ACTIVITY' && action.payload.activity;
        var sender = technicianOf(activity);
        if (!sender || typeof sender.plainText !== 'string') return next(action);
        var shown = Object.assign({}, activity, { text: sender.plainText, textFormat: 'plain' });
        return next(
          Object.assign({}, action, { payload: Object.assign({}, action.payload, { activity: shown }) }),
        );
      };
    };
  }

  /** Counts replies that arrive while nobody looks (see resume.js). */
  function unreadMiddleware() {
    return function (next) {
      return function (action) {
        if (action.type === 'DIRECT_LINE/INCOMING_ACTIVITY') unread.incoming(action.payload.activity);
        return next(action);
      };
    };
  }

  /** A fresh container, so a failed resume can render a new conversation in its place. */
  function freshContainer() {
    var old = document.getElementById('webchat');
    var container = old.cloneNode(false);
    old.replaceWith(container);
    return container;
  }

  function render(settings, session, resumed) {
    var directLine = window.WebChat.createDirectLine({
      token: session.token,
      // With a conversation id the client reconnects to it instead of starting a new one.
      conversationId: resumed ? session.conversationId : undefined,
      domain: location.origin + '/v3/directline',
      webSocket: webSocket,
      // Sent with POST /conversations, so the endpoint knows the language before the first turn.
      conversationStartProperties: { locale: locale },
    });
    var wentOnline = false;
    var subscription = directLine.connectionStatus$.subscribe(function (status) {
      if (status === STATUS.Online) wentOnline = true;
      if (wentOnline || (status !== STATUS.FailedToConnect && status !== STATUS.ExpiredToken)) return;
      setTimeout(function () {
        subscription.unsubscribe();
        if (!resumed) return showStatus(text('unavailable'));
        // The stored conversation is gone or its token no longer works: start over.
        directLine.end();
        forgetSession();
        startNew(settings);
      });
    });
    // Direct Line refreshes its token itself; keep whatever it holds now for the next reload.
    window.addEventListener('pagehide', function () {
      if (!wentOnline) return;
      var token = directLine.token || session.token;
      saveSession(
        Object.assign({}, session, { token: token, expiresAt: tokenExpiry(token) || session.expiresAt }),
      );
    });
    saveSession(session);
    window.WebChat.renderWebChat(
      {
        directLine: directLine,
        store: window.WebChat.createStore(
          {},
          joinMiddleware(session),
          technicianTextMiddleware,
          languageMiddleware(settings),
          unreadMiddleware,
        ),
        userID: session.userId,
        username: undefined,
        locale: locale,
        styleOptions: styleOptions(settings),
        // The technician who has the conversation sees that the user is typing.
        sendTypingIndicator: true,
        groupActivitiesMiddleware: groupActivitiesMiddleware,
        avatarMiddleware: avatarMiddleware,
        activityStatusMiddleware: activityStatusMiddleware,
      },
      freshContainer(),
    );
    tellHost({ type: 'conversation', active: true });
    if (embedded && !background) focusSendBoxSoon();
  }

  async function startNew(settings) {
    try {
      var started = await newSession();
      render(settings, started.session, started.resumed);
    } catch {
      showStatus(text('unavailable'));
    }
  }

  /** The conversation this browser had (localStorage credential), or null. */
  async function comeBack() {
    var subject = identity ? subjectOf(identity) : null;
    try {
      var issued = await returning.redeem(requestJson, subject, identity);
      return issued && sessionFrom(issued, subject, true);
    } catch {
      return null;
    }
  }

  function sendBox() {
    return document.querySelector('[data-id="webchat-sendbox-input"]');
  }

  function focusSendBoxSoon() {
    var tries = 0;
    (function attempt() {
      var input = sendBox();
      if (input && document.hasFocus()) return input.focus();
      if (!input && ++tries < 50) setTimeout(attempt, 100);
    })();
  }

  /** In the embedded widget the host page owns open/close: Esc asks it to close the panel. */
  function wireEmbedding() {
    window.addEventListener('keydown', function (event) {
      if (event.key !== 'Escape' || event.defaultPrevented || window.parent === window) return;
      window.parent.postMessage({ source: 'firstline-webchat', type: 'close' }, '*');
    });
    // The host says when its panel opens and closes: replies count as read only while it is open.
    window.addEventListener('message', function (event) {
      var data = event.data;
      if (event.source !== window.parent || !data || data.source !== 'firstline-embed') return;
      if (data.type !== 'open' && data.type !== 'close') return;
      unread.setOpen(data.type === 'open');
      if (data.type !== 'open') return;
      background = false;
      // Loaded closed with nothing to come back to: the chat starts now that the visitor opened it.
      var start = startWhenOpened;
      startWhenOpened = null;
      if (start) start();
    });
    // The host focuses the iframe when it opens the panel; pass focus on to the send box.
    window.addEventListener('focus', function () {
      var input = sendBox();
      if (input && !document.activeElement.closest('.webchat__basic-transcript')) input.focus();
    });
  }

  async function main() {
    if (embedded) wireEmbedding();
    if (!window.WebChat) return showStatus(text('unavailable'));
    var settings;
    try {
      settings = await requestJson('/webchat/config.json', 'GET');
    } catch {
      return showStatus(text('unavailable'));
    }
    applyTheme(settings);
    var session = returning.loadSession(identity) || (await comeBack());
    if (session) return render(settings, session, true);
    // Loaded closed for the badge, with nothing to come back to: a chat starts when the user opens it.
    if (background) {
      startWhenOpened = function () {
        startNew(settings);
      };
      return tellHost({ type: 'conversation', active: false });
    }
    await startNew(settings);
  }

  main();
})();
