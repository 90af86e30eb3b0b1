/* global navigator, location, URL, CSSStyleSheet, ShadowRoot, localStorage */
// FirstLine chat button for any website. Paste one tag:
//   <script src="https://helpdesk.example.com/webchat/embed.js" async></script>
// It adds a corner button that opens FirstLine's chat page (embed mode) in a small panel.
// Everything lives in a shadow root so the host page's CSS cannot reach it, and no inline
// style or script is needed, so it works under strict host Content-Security-Policies.
(function () {
  'use strict';

  // FirstLine writes its own settings here when it serves the file.
  var SETTINGS = /* FIRSTLINE_SETTINGS */ {};

  var script = document.currentScript;
  // One button per page, even if the tag is pasted twice.
  if (!script || !script.src || window.FirstLineWebChat) return;
  var api = (window.FirstLineWebChat = { open: function () {}, close: function () {} });

  var origin = new URL(script.src, location.href).origin;
  var options = script.dataset || {};
  var LABELS = {
    en: { open: 'Chat with IT support', close: 'Close chat', unread: 'unread' },
    de: { open: 'Chat mit dem IT-Support', close: 'Chat schließen', unread: 'ungelesen' },
    pl: { open: 'Czat z pomocą techniczną IT', close: 'Zamknij czat', unread: 'nieprzeczytane' },
    ro: { open: 'Chat cu suportul IT', close: 'Închide chatul', unread: 'necitite' },
  };
  // Set on this site while the visitor has a chat, so the next page loads it closed for the badge.
  var ACTIVE_KEY = 'firstline.webchat.active';
  var locale = options.lang || navigator.language || document.documentElement.lang || 'en';
  var lang = String(locale).toLowerCase().split('-')[0];
  var labels = LABELS[lang] || LABELS.en;
  var title = options.title || (SETTINGS.titles && SETTINGS.titles[lang]) || SETTINGS.title || labels.open;
  var accent = /^#[0-9a-fA-F]{3,8}$/.test(options.accentColor || '')
    ? options.accentColor
    : SETTINGS.accentColor;
  var side = options.position === 'left' ? 'left' : 'right';

  var CSS = [
    ':host { all: initial; }',
    '.fl-root { position: fixed; bottom: 20px; z-index: 2147483000; font-family: system-ui, sans-serif; }',
    '.fl-root.right { right: 20px; } .fl-root.left { left: 20px; }',
    '.fl-launcher { width: 60px; height: 60px; border: 0; border-radius: 50%; cursor: pointer;',
    '  display: grid; place-items: center; color: #fff; background: var(--fl-accent, #0063b1);',
    '  box-shadow: 0 4px 16px rgba(0,0,0,.25); transition: transform .15s ease; }',
    '.fl-launcher:hover { transform: scale(1.06); }',
    '.fl-launcher { position: relative; }',
    '.fl-badge { position: absolute; top: -4px; right: -4px; min-width: 20px; height: 20px; padding: 0 5px;',
    '  box-sizing: border-box; border-radius: 10px; display: grid; place-items: center; font-size: 12px;',
    '  font-weight: 700; color: #fff; background: #c50f1f; box-shadow: 0 0 0 2px #fff; }',
    '.fl-badge[hidden] { display: none; }',
    '.fl-launcher:focus-visible, .fl-close:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }',
    '.fl-launcher svg { width: 28px; height: 28px; fill: currentColor; }',
    '.fl-panel { position: absolute; bottom: 76px; width: 380px; height: 600px;',
    '  max-height: calc(100vh - 120px); display: flex; flex-direction: column; overflow: hidden;',
    '  border-radius: 12px; background: #fff; box-shadow: 0 8px 40px rgba(0,0,0,.3); }',
    '.right .fl-panel { right: 0; } .left .fl-panel { left: 0; }',
    '.fl-panel[hidden] { display: none; }',
    '.fl-header { display: flex; align-items: center; justify-content: space-between; gap: 8px;',
    '  padding: 10px 12px 10px 16px; color: #fff; background: var(--fl-accent, #0063b1); }',
    '.fl-title { margin: 0; font-size: 15px; font-weight: 600; }',
    '.fl-close { width: 32px; height: 32px; border: 0; border-radius: 6px; cursor: pointer;',
    '  display: grid; place-items: center; color: #fff; background: transparent; }',
    '.fl-close:hover { background: rgba(255,255,255,.18); }',
    '.fl-close svg { width: 18px; height: 18px; fill: currentColor; }',
    '.fl-frame { flex: 1; width: 100%; border: 0; }',
    '@media (max-width: 480px) { .fl-panel { position: fixed; inset: 0; width: auto; height: auto;',
    '  max-height: none; border-radius: 0; }',
    // Full screen on a phone: the panel's own close button replaces the launcher.
    '  .fl-root.fl-open .fl-launcher { display: none; } }',
  ].join('\n');

  var CHAT_ICON =
    'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6v2h2V9H7zm4 0v2h2V9h-2zm4 0v2h2V9h-2z';
  var CLOSE_ICON =
    'M18.3 5.7 12 12l6.3 6.3-1.4 1.4-6.3-6.3-6.3 6.3-1.4-1.4L9.2 12 2.9 5.7l1.4-1.4 6.3 6.3 6.3-6.3z';

  function element(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    (children || []).forEach(function (child) {
      node.append(child);
    });
    return node;
  }

  // Built node by node rather than with innerHTML, so hosts enforcing Trusted Types accept it.
  function icon(pathData) {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    var path = document.createElementNS(ns, 'path');
    path.setAttribute('d', pathData);
    svg.appendChild(path);
    return svg;
  }

  function addStyles(shadow) {
    // Constructed style sheets are not inline styles, so a strict host CSP does not block them.
    if ('adoptedStyleSheets' in ShadowRoot.prototype && typeof CSSStyleSheet === 'function') {
      try {
        var sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);
        shadow.adoptedStyleSheets = [sheet];
        return;
      } catch {
        /* older browsers: fall through */
      }
    }
    shadow.appendChild(element('style', {}, [CSS]));
  }

  function build() {
    var host = element('div', { id: 'firstline-webchat' });
    if (accent) host.style.setProperty('--fl-accent', accent);
    var shadow = host.attachShadow({ mode: 'open' });
    addStyles(shadow);

    var root = element('div', { class: 'fl-root ' + side });
    var panel = element('div', {
      class: 'fl-panel',
      id: 'fl-panel',
      role: 'dialog',
      'aria-label': title,
      hidden: '',
    });
    var header = element('div', { class: 'fl-header' });
    var heading = element('h2', { class: 'fl-title' }, [title]);
    var closeButton = element('button', { class: 'fl-close', type: 'button', 'aria-label': labels.close }, [
      icon(CLOSE_ICON),
    ]);
    header.append(heading, closeButton);
    panel.appendChild(header);
    var launcher = element(
      'button',
      {
        class: 'fl-launcher',
        type: 'button',
        'aria-label': labels.open,
        'aria-expanded': 'false',
        'aria-controls': 'fl-panel',
      },
      [icon(CHAT_ICON)],
    );
    var badge = element('span', { class: 'fl-badge', 'aria-hidden': 'true', hidden: '' });
    launcher.appendChild(badge);
    root.append(panel, launcher);
    shadow.appendChild(root);
    document.body.appendChild(host);
    return {
      root: root,
      panel: panel,
      launcher: launcher,
      badge: badge,
      closeButton: closeButton,
      shadow: shadow,
    };
  }

  function remembered(active) {
    try {
      if (active === true) localStorage.setItem(ACTIVE_KEY, '1');
      else if (active === false) localStorage.removeItem(ACTIVE_KEY);
      return localStorage.getItem(ACTIVE_KEY) === '1';
    } catch {
      // Storage blocked: no badge before the chat is opened.
      return false;
    }
  }

  function frameUrl(background) {
    var url = new URL('/', origin);
    url.searchParams.set('embed', '1');
    // Loaded closed: the chat counts replies the visitor has not seen yet.
    if (background) url.searchParams.set('background', '1');
    if (options.lang) url.searchParams.set('locale', options.lang);
    if (options.transport === 'polling') url.searchParams.set('transport', 'polling');
    // The host's signed identity token (data-identity-token) travels in the fragment, which the
    // browser never sends to a server; the chat page reads and removes it.
    if (options.identityToken) url.hash = 'identity=' + encodeURIComponent(options.identityToken);
    return url.href;
  }

  function start() {
    var ui = build();
    var frame;

    function isOpen() {
      return !ui.panel.hidden;
    }

    function loadFrame(background) {
      frame = element('iframe', {
        class: 'fl-frame',
        title: title,
        src: frameUrl(background),
        allow: 'clipboard-write',
      });
      frame.addEventListener('load', function () {
        if (isOpen()) frame.focus();
        tellFrame(isOpen() ? 'open' : 'close');
      });
      ui.panel.appendChild(frame);
    }

    function tellFrame(type) {
      if (frame && frame.contentWindow) {
        frame.contentWindow.postMessage({ source: 'firstline-embed', type: type }, origin);
      }
    }

    function showUnread(count) {
      var n = Math.max(0, Math.floor(Number(count) || 0));
      ui.badge.textContent = n > 99 ? '99+' : String(n);
      ui.badge.hidden = n === 0;
      ui.launcher.setAttribute(
        'aria-label',
        n > 0 ? labels.open + ' (' + n + ' ' + labels.unread + ')' : labels.open,
      );
    }

    function open() {
      if (isOpen()) return;
      // The chat loads on first open, so pages that never use it pay nothing.
      if (!frame) loadFrame(false);
      ui.panel.hidden = false;
      ui.root.classList.add('fl-open');
      ui.launcher.setAttribute('aria-expanded', 'true');
      tellFrame('open');
      frame.focus();
    }

    function close() {
      if (!isOpen()) return;
      ui.panel.hidden = true;
      ui.root.classList.remove('fl-open');
      ui.launcher.setAttribute('aria-expanded', 'false');
      tellFrame('close');
      ui.launcher.focus();
    }

    ui.launcher.addEventListener('click', function () {
      if (isOpen()) close();
      else open();
    });
    ui.closeButton.addEventListener('click', close);
    ui.shadow.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') close();
    });
    // Keys pressed inside the chat stay in its frame; the page there asks us to close on Esc.
    window.addEventListener('message', function (event) {
      var data = event.data;
      if (event.origin !== origin || !frame || event.source !== frame.contentWindow) return;
      if (!data || data.source !== 'firstline-webchat') return;
      if (data.type === 'close') close();
      if (data.type === 'unread') showUnread(data.count);
      if (data.type === 'conversation') remembered(data.active === true);
    });

    api.open = open;
    api.close = close;
    if (options.open === 'true') open();
    // A visitor who chatted before: load the chat closed, so replies that came meanwhile show a badge.
    else if (remembered()) loadFrame(true);
  }

  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start);
})();
