/* global location, setTimeout, setInterval, URLSearchParams */
// Signing in. Inside Teams the tab asks Teams for an SSO token and trades it for a console
// session; anywhere else (or if Teams does not answer quickly) the technician pastes an API token.
(function (FL) {
  'use strict';

  var TEAMS_SDK = '/console/vendor/MicrosoftTeams.min.js';
  var TEAMS_TIMEOUT_MS = 4000;
  // Teams SSO tokens live about an hour; Teams hands out a fresh one when asked.
  var TOKEN_REFRESH_MS = 20 * 60 * 1000;

  function inTeamsHint() {
    var params = new URLSearchParams(location.search);
    // Teams loads the tab in an iframe; a top-level page is never inside Teams.
    return params.get('inTeams') === '1' || window.parent !== window;
  }

  function withTimeout(promise, ms, what) {
    return Promise.race([
      promise,
      new Promise(function (_resolve, reject) {
        setTimeout(function () {
          reject(new Error(what + ' timed out'));
        }, ms);
      }),
    ]);
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement('script');
      script.src = src;
      script.onload = resolve;
      script.onerror = function () {
        reject(new Error('could not load ' + src));
      };
      document.head.appendChild(script);
    });
  }

  /** Resolves with a Teams SSO token, or rejects fast when not running inside Teams. */
  async function teamsToken() {
    if (!inTeamsHint()) throw new Error('not inside Teams');
    await withTimeout(loadScript(TEAMS_SDK), TEAMS_TIMEOUT_MS, 'Teams SDK');
    var teams = window.microsoftTeams;
    if (!teams || !teams.app) throw new Error('Teams SDK missing');
    await withTimeout(teams.app.initialize(), TEAMS_TIMEOUT_MS, 'Teams initialise');
    return withTimeout(teams.authentication.getAuthToken(), TEAMS_TIMEOUT_MS * 3, 'Teams SSO');
  }

  async function refreshToken() {
    try {
      var fresh = await withTimeout(
        window.microsoftTeams.authentication.getAuthToken(),
        TEAMS_TIMEOUT_MS * 3,
        'Teams SSO',
      );
      FL.api.useBearer(fresh);
    } catch {
      // Keep the old token; a 401 later sends the technician back to sign-in.
    }
  }

  /** Tries Teams SSO; resolves true on a session, false when the token form should be shown. */
  async function trySso(setStatus) {
    var token;
    try {
      token = await teamsToken();
    } catch {
      return false;
    }
    setStatus('Signing in with Microsoft Teams…');
    try {
      await FL.api.login({ ssoToken: token });
      // Teams iframes get no SameSite=Strict cookie, so calls carry the SSO token instead.
      FL.api.useBearer(token);
      setInterval(refreshToken, TOKEN_REFRESH_MS);
      return true;
    } catch (err) {
      setStatus('Teams sign-in failed: ' + err.message + ' Paste your API token instead.');
      return false;
    }
  }

  function bindForm(onSignedIn) {
    var form = document.getElementById('login-form');
    var input = document.getElementById('login-token');
    var error = document.getElementById('login-error');
    form.addEventListener('submit', async function (event) {
      event.preventDefault();
      error.textContent = '';
      var token = input.value.trim();
      if (!token) {
        error.textContent = 'Paste your API token.';
        input.focus();
        return;
      }
      form.setAttribute('aria-busy', 'true');
      try {
        await FL.api.login({ token: token });
        input.value = '';
        onSignedIn();
      } catch (err) {
        error.textContent = err.status === 401 ? 'That token was not accepted.' : err.message;
        input.select();
      } finally {
        form.removeAttribute('aria-busy');
      }
    });
  }

  FL.login = { trySso: trySso, bindForm: bindForm, inTeamsHint: inTeamsHint };
})((window.FirstLineConsole = window.FirstLineConsole || {}));
