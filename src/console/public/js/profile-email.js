// The technician's own work e-mail in the settings panel, kept on their record on the server
// (a lead's weekly digest is written in their language by it). Only their own record changes.
(function (FL) {
  'use strict';

  var save = null;

  function byId(id) {
    return document.getElementById(id);
  }

  /** Shows the stored address (none: an empty field). */
  function set(email) {
    byId('my-email').value = typeof email === 'string' ? email : '';
  }

  async function store() {
    var input = byId('my-email');
    var status = byId('my-email-status');
    var value = input.value.trim();
    // The browser checks the shape first, so a typo never reaches the server.
    if (value !== '' && !input.checkValidity()) {
      status.textContent = 'That is not an e-mail address.';
      return;
    }
    status.textContent = 'Saving…';
    try {
      set(await save(value === '' ? null : value));
      status.textContent = value === '' ? 'Removed.' : 'Saved.';
    } catch (err) {
      status.textContent = 'Could not save: ' + err.message;
    }
  }

  /** Wires the field; `saveFn(emailOrNull)` stores it and resolves with the stored address. */
  function bind(saveFn) {
    save = saveFn;
    byId('my-email-save').addEventListener('click', store);
    byId('my-email').addEventListener('keydown', function (event) {
      // Enter saves the address instead of closing the dialog's form.
      if (event.key !== 'Enter') return;
      event.preventDefault();
      store();
    });
  }

  FL.profileEmail = { bind: bind, set: set };
})((window.FirstLineConsole = window.FirstLineConsole || {}));
