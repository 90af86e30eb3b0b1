/* global location, URL */
// Safe DOM building for the technician console. Nothing here ever assigns HTML: every piece of
// chat content becomes text nodes, and Markdown (parsed by markdown-it) is built into elements
// one by one, so a message cannot smuggle in a script, an event handler, an SVG or a remote image.
(function (FL) {
  'use strict';

  /** Creates an element; `props` may set className, text, title, type, and attributes via attrs. */
  function el(tag, props, children) {
    var node = document.createElement(tag);
    props = props || {};
    if (props.className) node.className = props.className;
    if (props.text !== undefined && props.text !== null) node.textContent = String(props.text);
    if (props.attrs) {
      Object.keys(props.attrs).forEach(function (name) {
        var value = props.attrs[name];
        if (value === false || value === undefined || value === null) return;
        node.setAttribute(name, value === true ? '' : String(value));
      });
    }
    if (props.onClick) node.addEventListener('click', props.onClick);
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  var SAFE_PROTOCOLS = ['http:', 'https:', 'mailto:'];

  /**
   * A link target, or null. The URL parser normalises case, whitespace and control characters,
   * so `JaVa\tScRiPt:` is caught as `javascript:` before the protocol check.
   */
  function safeUrl(href) {
    try {
      var url = new URL(String(href), location.origin);
      return SAFE_PROTOCOLS.indexOf(url.protocol) >= 0 ? url.href : null;
    } catch {
      return null;
    }
  }

  function link(label, href) {
    var url = safeUrl(href);
    if (!url) return document.createTextNode(label);
    return el('a', {
      text: label,
      attrs: { href: url, target: '_blank', rel: 'noopener noreferrer nofollow', title: url },
    });
  }

  /**
   * Markdown is parsed by markdown-it (served by FirstLine itself, raw HTML off, its own link
   * check on) into tokens, and the tokens are built into elements here one by one: no HTML string
   * is ever assigned, only the tags below exist, links must pass safeUrl(), and images become links
   * that are never loaded. Without the parser (it failed to load) the text is shown as it is.
   */
  var parser =
    typeof window.markdownit === 'function'
      ? window.markdownit({ html: false, linkify: true, breaks: true, typographer: false })
      : null;

  var BLOCK_TAGS = {
    paragraph: 'p',
    bullet_list: 'ul',
    ordered_list: 'ol',
    list_item: 'li',
    blockquote: 'blockquote',
    table: 'table',
    thead: 'thead',
    tbody: 'tbody',
    tr: 'tr',
    th: 'th',
    td: 'td',
    strong: 'strong',
    em: 'em',
    s: 'del',
  };
  var MAX_DEPTH = 40;

  function openElement(token) {
    var kind = token.type.replace(/_open$/, '');
    if (kind === 'heading') return el('p', { className: 'md-heading' });
    if (kind === 'link') {
      var url = safeUrl(token.attrGet('href'));
      // An unsafe link keeps its words, as text.
      return url
        ? el('a', { attrs: { href: url, target: '_blank', rel: 'noopener noreferrer nofollow', title: url } })
        : el('span');
    }
    if (kind === 'ordered_list') {
      var start = Number(token.attrGet('start'));
      return el('ol', { attrs: { start: start > 1 ? start : false } });
    }
    return el(BLOCK_TAGS[kind] || 'span');
  }

  function leaf(token) {
    switch (token.type) {
      case 'text':
        return document.createTextNode(token.content);
      case 'code_inline':
        return el('code', { text: token.content });
      case 'fence':
      case 'code_block':
        return el('pre', {}, [el('code', { text: token.content.replace(/\n$/, '') })]);
      case 'softbreak':
      case 'hardbreak':
        return el('br');
      case 'hr':
        return el('hr');
      case 'image': {
        var alt = token.children && token.children.length ? textOf(token.children) : '';
        return link('Image: ' + (alt || token.attrGet('src')), token.attrGet('src'));
      }
      default:
        // html_inline / html_block cannot occur with html off; anything unknown stays text.
        return document.createTextNode(token.content || '');
    }
  }

  function textOf(tokens) {
    return tokens
      .map(function (t) {
        return t.children ? textOf(t.children) : t.content || '';
      })
      .join('');
  }

  /** Appends `tokens` to `root`: `_open` pushes an element, `_close` pops it, the rest are leaves. */
  function build(root, tokens) {
    var stack = [root];
    tokens.forEach(function (token) {
      var top = stack[stack.length - 1];
      // Paragraphs inside tight list items are hidden: their words go straight into the item.
      if (token.hidden) return;
      if (token.nesting === 1) {
        var node = openElement(token);
        top.appendChild(node);
        if (stack.length < MAX_DEPTH) stack.push(node);
      } else if (token.nesting === -1) {
        if (stack.length > 1) stack.pop();
      } else if (token.type === 'inline') {
        build(top, token.children || []);
      } else {
        top.appendChild(leaf(token));
      }
    });
  }

  /** Renders Markdown (paragraphs, lists, headings, quotes, tables, code, emphasis, safe links). */
  function markdown(source) {
    var text = String(source === undefined || source === null ? '' : source);
    var fragment = document.createDocumentFragment();
    if (!parser) {
      fragment.appendChild(plainText(text));
      return fragment;
    }
    build(fragment, parser.parse(text, {}));
    return fragment;
  }

  function plainText(source) {
    return el('p', { className: 'plain', text: source === undefined || source === null ? '' : source });
  }

  /** "1 question", "4 questions": a count with its noun in the right number. */
  function count(n, singular, plural) {
    return n + ' ' + (n === 1 ? singular : plural || singular + 's');
  }

  /**
   * How long someone has waited, in words ("45 s", "14 min", "1 h 5 min"): "14:28" beside the
   * transcript's clock times reads as a time of day.
   */
  function formatDuration(ms) {
    var seconds = Math.max(0, Math.floor(ms / 1000));
    var h = Math.floor(seconds / 3600);
    var m = Math.floor((seconds % 3600) / 60);
    if (h > 0) return h + ' h' + (m > 0 ? ' ' + m + ' min' : '');
    return m > 0 ? m + ' min' : seconds + ' s';
  }

  function formatTime(iso) {
    var date = new Date(iso);
    if (isNaN(date.getTime())) return '';
    return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  FL.dom = {
    el: el,
    clear: clear,
    safeUrl: safeUrl,
    markdown: markdown,
    plainText: plainText,
    formatDuration: formatDuration,
    count: count,
    formatTime: formatTime,
  };
})((window.FirstLineConsole = window.FirstLineConsole || {}));
