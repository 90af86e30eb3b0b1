/* global fetch, sessionStorage, setTimeout, clearTimeout, URLSearchParams, AbortController, TextDecoderStream */
// The console's HTTP client. Paths come from the server's OpenAPI document by operationId, so
// the page follows the API rather than hard-coding every route. State-changing requests carry the
// session's CSRF value; the session itself is an HttpOnly cookie the page never sees.
(function (FL) {
  'use strict';

  var CSRF_KEY = 'firstline.console.csrf';
  var CSRF_HEADER = 'X-FirstLine-CSRF';
  var LOGIN_PATH = '/api/console/login';
  var LOGOUT_PATH = '/api/console/logout';
  var EVENTS_PATH = '/api/console/events';
  var RECONNECT_MS = 2000;

  var operations = null;
  // Inside Teams: a function resolving to a fresh SSO token, sent as a bearer token on every call.
  var bearer = null;

  function authHeaders(headers) {
    if (bearer) headers.authorization = 'Bearer ' + bearer.token;
    else headers[CSRF_HEADER] = sessionStorage.getItem(CSRF_KEY) || '';
    return headers;
  }

  function ApiError(status, body) {
    var message = (body && body.error && (body.error.message || body.error.code)) || (body && body.message);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
    this.message = message || 'Request failed (' + status + ')';
  }
  ApiError.prototype = Object.create(Error.prototype);

  async function loadOperations() {
    if (operations) return operations;
    var res = await fetch('/api/openapi.json', { credentials: 'same-origin' });
    if (!res.ok) throw new ApiError(res.status, null);
    var doc = await res.json();
    var found = {};
    Object.keys(doc.paths || {}).forEach(function (path) {
      var item = doc.paths[path];
      ['get', 'post', 'put', 'patch', 'delete'].forEach(function (method) {
        if (item[method] && item[method].operationId) {
          found[item[method].operationId] = { method: method.toUpperCase(), path: path };
        }
      });
    });
    operations = found;
    return found;
  }

  function has(operationId) {
    return Boolean(operations && operations[operationId]);
  }

  function fillPath(template, params) {
    return template.replace(/\{(\w+)\}/g, function (_whole, name) {
      if (!params || params[name] === undefined) throw new Error('missing path parameter ' + name);
      return encodeURIComponent(String(params[name]));
    });
  }

  async function request(method, path, body) {
    var headers = authHeaders({ accept: 'application/json' });
    if (body !== undefined) headers['content-type'] = 'application/json';
    var res = await fetch(path, {
      method: method,
      headers: headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    var data = null;
    var text = await res.text();
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = { message: text };
      }
    }
    if (res.status === 401 && FL.onUnauthorized) FL.onUnauthorized();
    if (!res.ok) throw new ApiError(res.status, data);
    return data;
  }

  /** Calls an operation by its OpenAPI operationId: `call('claimHandoff', {id}, body)`. */
  async function call(operationId, params, body, query) {
    var ops = await loadOperations();
    var op = ops[operationId];
    if (!op) throw new Error('the server does not offer ' + operationId);
    var path = fillPath(op.path, params);
    if (query) {
      var search = new URLSearchParams();
      Object.keys(query).forEach(function (key) {
        if (query[key] !== undefined && query[key] !== null && query[key] !== '') search.set(key, query[key]);
      });
      if (search.toString()) path += '?' + search.toString();
    }
    return request(op.method, path, body);
  }

  async function login(credentials) {
    var data = await request('POST', LOGIN_PATH, credentials);
    if (data && data.csrf) sessionStorage.setItem(CSRF_KEY, data.csrf);
    return data;
  }

  async function logout() {
    try {
      await request('POST', LOGOUT_PATH, {});
    } finally {
      sessionStorage.removeItem(CSRF_KEY);
    }
  }

  /**
   * Follows the live feed (Server-Sent Events) with fetch rather than EventSource, because inside
   * Teams the console authenticates with a bearer token, which EventSource cannot send. After a
   * drop it reconnects with Last-Event-ID, so no event is missed or repeated.
   */
  function subscribe(onEvent, onStatus) {
    var lastId = null;
    var stopped = false;
    var controller = null;
    var retry = null;

    function dispatch(block) {
      var data = [];
      block.split('\n').forEach(function (line) {
        if (line.indexOf('id:') === 0) lastId = line.slice(3).trim();
        else if (line.indexOf('data:') === 0) data.push(line.slice(5).replace(/^ /, ''));
      });
      if (data.length === 0) return;
      try {
        onEvent(JSON.parse(data.join('\n')));
      } catch (err) {
        if (!(err instanceof SyntaxError)) throw err;
      }
    }

    async function open() {
      if (stopped) return;
      controller = new AbortController();
      var headers = authHeaders({ accept: 'text/event-stream' });
      if (lastId) headers['last-event-id'] = lastId;
      try {
        var res = await fetch(EVENTS_PATH, {
          headers: headers,
          credentials: 'same-origin',
          signal: controller.signal,
        });
        if (res.status === 401 && FL.onUnauthorized) {
          FL.onUnauthorized();
          return;
        }
        if (!res.ok || !res.body) throw new Error('feed answered ' + res.status);
        onStatus('live');
        var reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        var buffer = '';
        for (;;) {
          var chunk = await reader.read();
          if (chunk.done) break;
          buffer += chunk.value.replace(/\r\n?/g, '\n');
          var cut;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            dispatch(buffer.slice(0, cut));
            buffer = buffer.slice(cut + 2);
          }
        }
      } catch {
        // Dropped or refused: fall through and reconnect.
      }
      if (stopped) return;
      onStatus('reconnecting');
      clearTimeout(retry);
      retry = setTimeout(open, RECONNECT_MS);
    }

    open();
    return function stop() {
      stopped = true;
      clearTimeout(retry);
      if (controller) controller.abort();
    };
  }

  /** A file a user sent, as the raw response (its bytes are not JSON). */
  async function fetchAttachment(attachmentId) {
    var ops = await loadOperations();
    var op = ops.getAttachment;
    if (!op) throw new Error('the server does not offer getAttachment');
    var res = await fetch(fillPath(op.path, { attachmentId: attachmentId }), {
      headers: authHeaders({}),
      credentials: 'same-origin',
    });
    if (res.status === 401 && FL.onUnauthorized) FL.onUnauthorized();
    if (!res.ok) throw new ApiError(res.status, null);
    return res;
  }

  FL.api = {
    ApiError: ApiError,
    fetchAttachment: fetchAttachment,
    loadOperations: loadOperations,
    has: has,
    call: call,
    login: login,
    logout: logout,
    subscribe: subscribe,
    hasSession: function () {
      return Boolean(sessionStorage.getItem(CSRF_KEY));
    },
    /** Teams mode: every call carries this SSO token instead of the cookie + CSRF pair. */
    useBearer: function (token) {
      bearer = { token: token };
    },
  };
})((window.FirstLineConsole = window.FirstLineConsole || {}));
