// The technician's languages in the settings panel: the one they write in and the others they
// read, kept on their record on the server (routing, and translation where it is offered, use them).
(function (FL) {
  'use strict';

  var LANGUAGES = ['en', 'de', 'pl', 'ro'];
  var save = null;

  function byId(id) {
    return document.getElementById(id);
  }

  function readsBox(lang) {
    return byId('reads-' + lang);
  }

  /** Shows the stored languages: the first is the one written in, the rest are read. */
  function set(languages) {
    var list = Array.isArray(languages) && languages.length > 0 ? languages : ['en'];
    byId('writes-in').value = list[0];
    LANGUAGES.forEach(function (lang) {
      var box = readsBox(lang);
      box.checked = list.indexOf(lang) >= 0;
      // The language written in is read too.
      box.disabled = lang === list[0];
    });
  }

  /** The languages as the form shows them, the one written in first. */
  function chosen() {
    var first = byId('writes-in').value;
    return [first].concat(
      LANGUAGES.filter(function (lang) {
        return lang !== first && readsBox(lang).checked;
      }),
    );
  }

  async function store() {
    var languages = chosen();
    set(languages);
    var status = byId('languages-status');
    status.textContent = 'Saving…';
    try {
      await save(languages);
      status.textContent = 'Saved.';
    } catch (err) {
      status.textContent = 'Could not save: ' + err.message;
    }
  }

  /** Wires the form; `saveFn(languages)` stores them on the technician's record. */
  function bind(saveFn) {
    save = saveFn;
    byId('writes-in').addEventListener('change', store);
    LANGUAGES.forEach(function (lang) {
      readsBox(lang).addEventListener('change', store);
    });
  }

  FL.profileLanguages = { bind: bind, set: set, chosen: chosen };
})((window.FirstLineConsole = window.FirstLineConsole || {}));
