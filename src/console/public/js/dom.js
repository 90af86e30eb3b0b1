/* global location, URL */
// Safe DOM building for the technician console. Nothing here ever assigns HTML: every piece of
// chat content becomes text nodes, and the small Markdown subset below builds elements one by
// one, so a message cannot smuggle in a script, an event handler, an SVG or a remote image.
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

  // Code spans, bold, italic, links, images (shown as links, never loaded) and bare URLs.
  var INLINE =
    /(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)|\*\*(?=\S)([\s\S]*?\S)\*\*|__(?=\S)([\s\S]*?\S)__|\*(?=[^\s*])([^*]*?[^\s*])\*|(!?)\[([^\]\n]{0,300})\]\(\s*<?([^()\s<>]{1,2000})>?(?:\s+"[^"\n]*")?\s*\)|(https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"])/g;

  function inline(parent, source, depth) {
    var last = 0;
    var match;
    var pattern = new RegExp(INLINE.source, 'g');
    while ((match = pattern.exec(source)) !== null) {
      if (match.index > last) parent.appendChild(document.createTextNode(source.slice(last, match.index)));
      last = pattern.lastIndex;
      parent.appendChild(inlineNode(match, depth));
    }
    if (last < source.length) parent.appendChild(document.createTextNode(source.slice(last)));
  }

  function inlineNode(m, depth) {
    if (m[1]) return el('code', { text: m[2] });
    var nested = function (tag, content) {
      var node = el(tag);
      if (depth > 4) node.textContent = content;
      else inline(node, content, depth + 1);
      return node;
    };
    if (m[3] !== undefined) return nested('strong', m[3]);
    if (m[4] !== undefined) return nested('strong', m[4]);
    if (m[5] !== undefined) return nested('em', m[5]);
    if (m[8] !== undefined) {
      var label = m[6] === '!' ? 'Image: ' + (m[7] || m[8]) : m[7] || m[8];
      return link(label, m[8]);
    }
    return link(m[9], m[9]);
  }

  /** Renders a small Markdown subset (paragraphs, lists, headings, code blocks, inline marks). */
  function markdown(source) {
    var fragment = document.createDocumentFragment();
    var lines = String(source === undefined || source === null ? '' : source)
      .replace(/\r\n?/g, '\n')
      .split('\n');
    var i = 0;
    while (i < lines.length) {
      var line = lines[i];
      if (/^\s*```/.test(line)) {
        var code = [];
        i += 1;
        while (i < lines.length && !/^\s*```/.test(lines[i])) code.push(lines[i++]);
        i += 1;
        fragment.appendChild(el('pre', {}, [el('code', { text: code.join('\n') })]));
      } else if (/^\s*$/.test(line)) {
        i += 1;
      } else if (/^\s*([-*+]|\d{1,3}[.)])\s+/.test(line)) {
        var ordered = /^\s*\d/.test(line);
        var list = el(ordered ? 'ol' : 'ul');
        while (i < lines.length && /^\s*([-*+]|\d{1,3}[.)])\s+/.test(lines[i])) {
          var item = el('li');
          inline(item, lines[i].replace(/^\s*([-*+]|\d{1,3}[.)])\s+/, ''), 0);
          list.appendChild(item);
          i += 1;
        }
        fragment.appendChild(list);
      } else if (/^#{1,6}\s/.test(line)) {
        var heading = el('p', { className: 'md-heading' });
        inline(heading, line.replace(/^#{1,6}\s+/, ''), 0);
        fragment.appendChild(heading);
        i += 1;
      } else {
        var paragraph = el('p');
        var first = true;
        while (i < lines.length && isParagraphLine(lines[i])) {
          if (!first) paragraph.appendChild(el('br'));
          inline(paragraph, lines[i].replace(/^>\s?/, ''), 0);
          first = false;
          i += 1;
        }
        fragment.appendChild(paragraph);
      }
    }
    return fragment;
  }

  function isParagraphLine(line) {
    return (
      !/^\s*$/.test(line) &&
      !/^\s*```/.test(line) &&
      !/^\s*([-*+]|\d{1,3}[.)])\s+/.test(line) &&
      !/^#{1,6}\s/.test(line)
    );
  }

  function plainText(source) {
    return el('p', { className: 'plain', text: source === undefined || source === null ? '' : source });
  }

  function formatDuration(ms) {
    var seconds = Math.max(0, Math.floor(ms / 1000));
    var h = Math.floor(seconds / 3600);
    var m = Math.floor((seconds % 3600) / 60);
    var s = seconds % 60;
    var two = function (n) {
      return (n < 10 ? '0' : '') + n;
    };
    return h > 0 ? h + ':' + two(m) + ':' + two(s) : m + ':' + two(s);
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
    formatTime: formatTime,
  };
})((window.FirstLineConsole = window.FirstLineConsole || {}));
