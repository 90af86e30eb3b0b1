/* global localStorage, sessionStorage, location, history, URLSearchParams, atob */
// FirstLine's chat page, what it keeps: this tab's Direct Line session (sessionStorage), the
// resume credential (localStorage, so a new tab or a restarted browser continues its conversation
// after the Direct Line token is gone), and the count of replies that arrived while nobody was
// looking (the embed button's badge, the tab title). Loaded before app.js.
(function () {
  'use strict';

  var RESUME_KEY = 'firstline.webchat.resume';
  var SESSION_KEY = 'firstline.webchat.session';
  // A stored token this close to expiry is not worth resuming with.
  var RESUME_MARGIN_SECONDS = 120;

  /**
   * The host site's signed identity token, passed in the fragment (`#identity=<JWT>`: never sent to
   * a server in a URL, never in logs), then removed from the address bar so it is not bookmarked.
   */
  function takeIdentityToken() {
    var fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
    var token = fragment.get('identity');
    if (!token) return null;
    fragment.delete('identity');
    var rest = fragment.toString();
    history.replaceState(null, '', location.pathname + location.search + (rest ? '#' + rest : ''));
    return token;
  }

  function claimsOf(token) {
    var payload = String(token).split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(payload));
  }

  /** The `sub` an identity token names (read, not verified: only to notice a different user). */
  function subjectOf(token) {
    try {
      var sub = claimsOf(token).sub;
      return typeof sub === 'string' ? sub : null;
    } catch {
      return null;
    }
  }

  /** Seconds-since-epoch expiry from a JWT, or undefined if the token is not one we can read. */
  function tokenExpiry(token) {
    try {
      var exp = claimsOf(token).exp;
      return typeof exp === 'number' ? exp : undefined;
    } catch {
      return undefined;
    }
  }

  function nowSeconds() {
    return Math.floor(Date.now() / 1000);
  }

  /** This tab's session while its token still works; null for another signed-in user. */
  function loadSession(identity) {
    try {
      var session = JSON.parse(sessionStorage.getItem(SESSION_KEY) || 'null');
      if (!session || !session.token || !session.conversationId) return null;
      // The host site now says someone else is signed in: theirs is another conversation.
      if (identity && session.subject !== subjectOf(identity)) return null;
      if ((tokenExpiry(session.token) || session.expiresAt || 0) - RESUME_MARGIN_SECONDS < nowSeconds())
        return null;
      return session;
    } catch {
      // Storage can be blocked (privacy settings, some embedded contexts); then every load is new.
      return null;
    }
  }

  function saveSession(session) {
    try {
      sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
    } catch {
      /* see loadSession */
    }
  }

  function forgetSession() {
    try {
      sessionStorage.removeItem(SESSION_KEY);
    } catch {
      /* see loadSession */
    }
  }

  function load() {
    try {
      var stored = JSON.parse(localStorage.getItem(RESUME_KEY) || 'null');
      return stored && typeof stored.resume === 'string' && stored.conversationId ? stored : null;
    } catch {
      // Storage can be blocked (privacy settings, some embedded contexts); then there is no return.
      return null;
    }
  }

  function save(stored) {
    try {
      localStorage.setItem(RESUME_KEY, JSON.stringify(stored));
    } catch {
      /* see load */
    }
  }

  function forget() {
    try {
      localStorage.removeItem(RESUME_KEY);
    } catch {
      /* see load */
    }
  }

  /** Keeps the credential an answer of the token or resume endpoint carries (the old one is spent). */
  function remember(issued, subject) {
    if (!issued || typeof issued.resume !== 'string') return;
    var previous = load();
    var seen = previous && previous.conversationId === issued.conversationId ? previous.seen : -1;
    save({
      conversationId: issued.conversationId,
      resume: issued.resume,
      subject: subject || null,
      seen: typeof seen === 'number' ? seen : -1,
    });
  }

  /**
   * Spends the stored credential for a token of its conversation. Another tab may have spent it a
   * moment ago and stored the next one: then that one is tried once. Null when nothing resumes.
   */
  async function redeem(requestJson, subject, identity) {
    var tried = null;
    for (var attempt = 0; attempt < 2; attempt++) {
      var stored = load();
      // Resume only the same person's chat: another signed-in user (or none) starts their own.
      if (!stored || stored.resume === tried || (stored.subject || null) !== (subject || null)) return null;
      tried = stored.resume;
      try {
        var body = identity ? { resume: stored.resume, identity: identity } : { resume: stored.resume };
        var issued = await requestJson('/api/webchat/resume', 'POST', body);
        remember(issued, subject);
        return issued;
      } catch (err) {
        if (!err.status || err.status >= 500) throw err;
      }
    }
    forget();
    return null;
  }

  /** The log position of an activity (`<conversation>|0000012`), or -1. */
  function indexOf(activity) {
    var match = /\|(\d+)$/.exec((activity && activity.id) || '');
    return match ? Number(match[1]) : -1;
  }

  /**
   * Counts the bot's and technicians' messages the user has not seen: arrived (or replayed on
   * return) while the page was hidden or the embed panel closed. `report(count)` shows the count.
   */
  function unreadTracker(options) {
    var unread = {};
    var newest = -1;
    var open = options.open;

    function watching() {
      return open && document.visibilityState === 'visible';
    }

    function count() {
      return Object.keys(unread).length;
    }

    function markSeen() {
      var stored = load();
      if (stored && newest > (typeof stored.seen === 'number' ? stored.seen : -1)) {
        stored.seen = newest;
        save(stored);
      }
      if (count() > 0) {
        unread = {};
        options.report(0);
      }
    }

    function incoming(activity) {
      if (!activity || activity.type !== 'message' || !activity.from || activity.from.role === 'user') return;
      var index = indexOf(activity);
      if (index < 0) return;
      newest = Math.max(newest, index);
      var stored = load();
      var seen = stored && typeof stored.seen === 'number' ? stored.seen : -1;
      if (watching()) return markSeen();
      if (index > seen && !unread[index]) {
        unread[index] = true;
        options.report(count());
      }
    }

    document.addEventListener('visibilitychange', function () {
      if (watching()) markSeen();
    });

    return {
      incoming: incoming,
      setOpen: function (value) {
        open = value;
        if (watching()) markSeen();
      },
    };
  }

  window.FirstLineSession = {
    takeIdentityToken: takeIdentityToken,
    subjectOf: subjectOf,
    tokenExpiry: tokenExpiry,
    nowSeconds: nowSeconds,
    loadSession: loadSession,
    saveSession: saveSession,
    forgetSession: forgetSession,
    remember: remember,
    redeem: redeem,
    unreadTracker: unreadTracker,
  };
})();
