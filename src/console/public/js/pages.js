/* global location */
// Console pages of their own address (#/feedback, #/digest, #/mail): a page is built once when a
// user whose role may see it signs in, and shown while the address is its own, with the other
// views hidden, its link marked current and its heading focused.
(function (FL) {
  'use strict';

  function byId(id) {
    return document.getElementById(id);
  }

  /**
   * The page `name` (view `name-view`, link `nav-name`, heading `name-title`) for `roles`, shown
   * while `pattern` matches the address; `enter(match)` (the pattern's match) loads what it shows.
   * Returns `start(me)` for sign-in and `isOpen()`, whether it is on screen now.
   */
  function page(options) {
    var started = false;

    function show() {
      var match = options.pattern.exec(location.hash);
      var view = byId(options.name + '-view');
      var nav = byId('nav-' + options.name);
      view.hidden = !match;
      if (!match) {
        nav.removeAttribute('aria-current');
        return;
      }
      document
        .querySelectorAll('#app-view > .layout, #app-view > .tickets-layout, #app-view > main')
        .forEach(function (other) {
          if (other !== view) other.hidden = true;
        });
      document.querySelectorAll('.views .view-link').forEach(function (link) {
        if (link !== nav) link.removeAttribute('aria-current');
      });
      nav.setAttribute('aria-current', 'page');
      byId(options.name + '-title').focus();
      options.enter(match);
    }

    function start(me) {
      if (!me || options.roles.indexOf(me.role) < 0) return;
      byId('nav-' + options.name).hidden = false;
      if (started) return show();
      started = true;
      options.build();
      window.addEventListener('hashchange', show);
      show();
    }

    return {
      start: start,
      isOpen: function () {
        return started && !byId(options.name + '-view').hidden;
      },
    };
  }

  FL.pages = { page: page };
})((window.FirstLineConsole = window.FirstLineConsole || {}));
