/* global Audio, Notification */
// How the console tells a technician about a new hand-over or a user's reply: a desktop
// notification, a chime and a count in the tab's title, each switchable in the settings panel.
// The switches are kept on the technician's record (so they follow them to any browser); the
// browser's permission for desktop notifications is asked only when they switch them on.
(function (FL) {
  'use strict';

  var BASE_TITLE = 'FirstLine console';
  var SOUND_URL = '/console/notify.wav';
  /** Without a stored choice: chime and badge on; desktop notifications need the browser's yes. */
  var DEFAULTS = { desktop: false, sound: true, badge: true };

  var prefs = Object.assign({}, DEFAULTS);
  var unseen = 0;
  var chime = null;
  var save = null;

  function byId(id) {
    return document.getElementById(id);
  }

  function desktopSupported() {
    return typeof Notification === 'function';
  }

  function permission() {
    return desktopSupported() ? Notification.permission : 'unsupported';
  }

  /** The technician is looking at this tab: nothing to count, nothing to pop up. */
  function attending() {
    return document.visibilityState === 'visible' && document.hasFocus();
  }

  function renderTitle() {
    document.title = prefs.badge && unseen > 0 ? '(' + unseen + ') ' + BASE_TITLE : BASE_TITLE;
  }

  function seen() {
    if (unseen === 0) return;
    unseen = 0;
    renderTitle();
  }

  function playChime() {
    if (!chime) chime = new Audio(SOUND_URL);
    chime.currentTime = 0;
    var playing = chime.play();
    // Refused before any click on the page (autoplay rules): the other signals still work.
    if (playing && playing.catch) playing.catch(function () {});
  }

  function showDesktop(item) {
    if (!prefs.desktop || permission() !== 'granted') return;
    try {
      var shown = new Notification(item.title, {
        body: item.body || '',
        tag: item.tag,
        icon: '/console/favicon.svg',
      });
      shown.onclick = function () {
        window.focus();
        if (item.onOpen) item.onOpen();
        shown.close();
      };
    } catch {
      // Some browsers allow notifications only from a service worker; the chime and badge remain.
    }
  }

  /**
   * A new hand-over or reply: `{title, body, tag, onOpen}`. The chime plays whenever the sound is
   * on; the desktop notification and the title count only while the technician looks elsewhere.
   */
  function announce(item) {
    if (prefs.sound) playChime();
    if (attending()) return;
    unseen += 1;
    renderTitle();
    showDesktop(item);
  }

  function setPreferences(stored) {
    var given = stored || {};
    prefs = {
      desktop: given.desktop === undefined ? DEFAULTS.desktop : Boolean(given.desktop),
      sound: given.sound === undefined ? DEFAULTS.sound : Boolean(given.sound),
      badge: given.badge === undefined ? DEFAULTS.badge : Boolean(given.badge),
    };
    renderForm();
    renderTitle();
  }

  function renderForm() {
    byId('notify-desktop').checked = prefs.desktop && permission() === 'granted';
    byId('notify-sound').checked = prefs.sound;
    byId('notify-badge').checked = prefs.badge;
    var hint = byId('notify-desktop-hint');
    var state = permission();
    byId('notify-desktop').disabled = state === 'unsupported' || state === 'denied';
    hint.textContent =
      state === 'unsupported'
        ? 'This browser cannot show desktop notifications.'
        : state === 'denied'
          ? 'The browser blocks notifications from this site; allow them in its site settings first.'
          : state === 'granted'
            ? ''
            : 'Your browser will ask whether this site may show notifications.';
  }

  /** Switching desktop notifications on is the moment (a click) to ask the browser for permission. */
  async function onDesktopChange(event) {
    var box = event.target;
    if (box.checked && permission() === 'default') {
      var answer = await Notification.requestPermission();
      if (answer !== 'granted') box.checked = false;
    }
    await store();
  }

  async function store() {
    var next = {
      desktop: byId('notify-desktop').checked,
      sound: byId('notify-sound').checked,
      badge: byId('notify-badge').checked,
    };
    var status = byId('notify-status');
    status.textContent = '';
    try {
      await save(next);
      prefs = next;
      status.textContent = 'Saved.';
    } catch (err) {
      status.textContent = 'Could not save: ' + err.message;
    }
    renderForm();
    renderTitle();
  }

  /** Wires the settings panel; `saveFn(prefs)` stores the switches on the technician's record. */
  function bind(saveFn) {
    save = saveFn;
    var dialog = byId('settings-dialog');
    byId('settings-open').addEventListener('click', function () {
      byId('notify-status').textContent = '';
      renderForm();
      dialog.showModal();
    });
    dialog.querySelectorAll('[data-close]').forEach(function (button) {
      button.addEventListener('click', function () {
        dialog.close();
      });
    });
    byId('notify-desktop').addEventListener('change', onDesktopChange);
    byId('notify-sound').addEventListener('change', store);
    byId('notify-badge').addEventListener('change', store);
    byId('notify-test').addEventListener('click', function () {
      playChime();
    });
    window.addEventListener('focus', seen);
    document.addEventListener('visibilitychange', function () {
      if (attending()) seen();
    });
  }

  FL.notify = {
    announce: announce,
    bind: bind,
    setPreferences: setPreferences,
    seen: seen,
    /** For the page's own tests and the settings panel: the switches in force. */
    preferences: function () {
      return Object.assign({}, prefs);
    },
  };
})((window.FirstLineConsole = window.FirstLineConsole || {}));
