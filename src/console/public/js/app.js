/* global setInterval, setTimeout, clearTimeout, CSS, location */
// Boots the console: sign-in, the live feed, the queue and the open conversation.
(function (FL) {
  'use strict';

  var api = FL.api;
  var QUEUE_REFRESH_DELAY_MS = 200;
  var QUEUE_POLL_MS = 30000;

  var state = {
    me: null,
    queue: [],
    /** handoffId -> handoff assigned to me (claimed here or handed to me). */
    mine: new Map(),
    tickets: new Map(),
    current: null,
    stopFeed: null,
  };
  var queueTimer = null;

  function byId(id) {
    return document.getElementById(id);
  }

  function toast(text, kind) {
    var node = byId('toast');
    node.textContent = text;
    node.className = 'toast' + (kind ? ' toast-' + kind : '');
    node.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(function () {
      node.hidden = true;
    }, 6000);
  }

  function showLogin(message) {
    if (state.stopFeed) state.stopFeed();
    state.stopFeed = null;
    byId('app-view').hidden = true;
    byId('login-view').hidden = false;
    byId('login-status').textContent = message || '';
    byId('login-token').focus();
  }

  FL.onUnauthorized = function () {
    if (!byId('login-view').hidden) return;
    showLogin('Your session has ended. Sign in again.');
  };

  async function start() {
    byId('login-view').hidden = true;
    byId('app-view').hidden = false;
    var me = await api.call('me');
    state.me = me.technician || me;
    byId('me-name').textContent = state.me.name || '';
    // A long name is cut with an ellipsis in the top bar; the tooltip keeps it whole.
    byId('settings-open').title = state.me.name ? 'Settings (' + state.me.name + ')' : 'Settings';
    byId('availability').value = state.me.availability || 'offline';
    FL.notify.setPreferences(state.me.notifications);
    FL.profileLanguages.set(state.me.languages);
    FL.profileEmail.set(state.me.email);
    state.stopFeed = api.subscribe(onEvent, setConnection);
    if (api.has('listTickets')) await FL.ticketsView.start();
    else byId('nav-tickets').hidden = true;
    // Leads and admins only (the API refuses the others too).
    if (FL.feedbackInbox && api.has('updateFeedback')) FL.feedbackInbox.start(state.me);
    if (FL.digest && api.has('getDigest')) FL.digest.start(state.me);
    if (FL.mailOutbox && api.has('listMailOutbox')) FL.mailOutbox.start(state.me);
    await FL.incidents.start(state.me);
    if (FL.knowledgeView) FL.knowledgeView.start(state.me);
    if (FL.insights && api.has('getInsights')) FL.insights.start(state.me);
    await loadMine();
    await refreshQueue();
    await FL.botChats.start({ toast: toast, onTakenOver: openTakenOver });
  }

  /** A chat taken over from the bot: mine now, and open. */
  async function openTakenOver(handoff) {
    state.mine.set(handoff.id, handoff);
    renderLists();
    await openHandoff({ id: handoff.id });
  }

  function setConnection(status) {
    var node = byId('connection');
    node.setAttribute('data-state', status);
    node.textContent = status === 'live' ? 'Live' : 'Reconnecting…';
    // Live is the usual state: the green dot says it (the word stays for screen readers).
    node.title =
      status === 'live' ? 'Live: changes appear as they happen' : 'Reconnecting: changes may arrive late';
    // Events may have been missed while the feed was down: read the queue again.
    if (status === 'live') scheduleQueueRefresh();
  }

  async function loadMine() {
    if (!api.has('listMyHandoffs')) return;
    var data = await api.call('listMyHandoffs');
    (data.handoffs || data.entries || []).forEach(function (entry) {
      var handoff = entry.handoff || entry;
      state.mine.set(handoff.id, handoff);
    });
  }

  function scheduleQueueRefresh() {
    clearTimeout(queueTimer);
    queueTimer = setTimeout(refreshQueue, QUEUE_REFRESH_DELAY_MS);
  }

  async function refreshQueue() {
    try {
      var data = await api.call('listQueue');
      state.queue = data.entries || [];
    } catch (err) {
      toast('Could not load the queue: ' + err.message, 'error');
    }
    renderLists();
    fetchMissingSummaries();
  }

  function renderLists() {
    var entries = state.queue.map(withTicket);
    state.mine.forEach(function (handoff) {
      entries.push(withTicket({ handoff: handoff }));
    });
    FL.queue.render(entries, {
      me: state.me,
      selectedId: state.current && state.current.handoff.id,
      onOpen: openHandoff,
      onClaim: claim,
    });
  }

  function withTicket(entry) {
    var handoff = entry.handoff || entry;
    var ticket = state.tickets.get(handoff.ticketId);
    return { handoff: handoff, ticket: ticket || { number: handoff.ticketNumber }, position: entry.position };
  }

  /** Queue lines show the ticket summary, which the queue entries themselves do not carry. */
  function fetchMissingSummaries() {
    var wanted = [];
    state.queue.concat(Array.from(state.mine.values())).forEach(function (entry) {
      var handoff = entry.handoff || entry;
      if (handoff.ticketId && !state.tickets.has(handoff.ticketId)) wanted.push(handoff.ticketId);
    });
    if (wanted.length === 0) return;
    Promise.all(
      wanted.map(function (ticketId) {
        return loadTicket(ticketId).catch(function () {
          return null;
        });
      }),
    ).then(renderLists);
  }

  async function loadTicket(ticketId) {
    var data = await api.call('getTicket', { ticketId: ticketId });
    var ticket = data.ticket || data;
    state.tickets.set(ticketId, ticket);
    return data;
  }

  async function claim(item) {
    try {
      var data = await api.call('claimHandoff', { handoffId: item.id });
      state.mine.set(data.handoff.id, data.handoff);
      toast('You claimed ' + (item.ticketNumber || 'the conversation') + '.', 'ok');
      await openHandoff({ id: data.handoff.id });
      scheduleQueueRefresh();
    } catch (err) {
      if (err.status === 409) {
        var holder = err.body && err.body.claimedBy;
        var name = holder && (holder.name || holder);
        toast(
          (item.ticketNumber || 'This conversation') +
            ' was already claimed' +
            (name ? ' by ' + name : '') +
            '.',
          'warn',
        );
        markClaimed(item.id, name);
      } else {
        toast('Could not claim: ' + err.message, 'error');
      }
      scheduleQueueRefresh();
    }
  }

  /** Takes over again a conversation handed back to the bot: a new handoff, assigned to me. */
  async function pickUp() {
    if (!state.current) return;
    var number = state.current.ticket.number;
    try {
      var data = await api.call('pickUpConversation', { handoffId: state.current.handoff.id }, {});
      state.mine.set(data.handoff.id, data.handoff);
      toast('You took over ' + (number || 'the conversation') + '.', 'ok');
      await openHandoff({ id: data.handoff.id });
      scheduleQueueRefresh();
    } catch (err) {
      var holder = err.body && err.body.claimedBy;
      var name = holder && (holder.name || holder);
      toast(
        err.status === 409
          ? (number || 'This conversation') + ' was taken over' + (name ? ' by ' + name : '') + '.'
          : 'Could not take over: ' + err.message,
        err.status === 409 ? 'warn' : 'error',
      );
    }
  }

  function markClaimed(handoffId, name) {
    var node = document.querySelector('[data-handoff-id="' + CSS.escape(handoffId) + '"]');
    if (!node) return;
    var note = FL.dom.el('span', { className: 'claimed-by', text: 'Claimed by ' + (name || 'someone else') });
    node.appendChild(note);
    var button = node.querySelector('.queue-claim');
    if (button) button.disabled = true;
  }

  async function openHandoff(item) {
    try {
      var data = await api.call('getHandoff', { handoffId: item.id });
      var handoff = data.handoff;
      var ticketData = await loadTicket(handoff.ticketId);
      state.current = { handoff: handoff, ticket: ticketData.ticket || ticketData };
      byId('conversation').setAttribute('data-ticket-id', handoff.ticketId);
      FL.conversation.show(
        {
          handoff: handoff,
          ticket: state.current.ticket,
          transcript: ticketData.transcript || [],
          assignedToName: handoff.assignedToName,
        },
        state.me,
      );
      renderLists();
      renderCanned();
      byId('main').focus();
    } catch (err) {
      toast('Could not open the conversation: ' + err.message, 'error');
    }
  }

  /**
   * A technician who passed the conversation to a colleague may no longer read it: asking would
   * only be answered 404. Leads and admins still may, and the queue may route it back to anyone.
   */
  function handedAway(assignedTo) {
    return Boolean(assignedTo && state.me && state.me.role === 'technician' && assignedTo !== state.me.id);
  }

  async function refreshCurrent() {
    if (!state.current) return;
    if (state.current.handedAway) {
      FL.conversation.setActions({ handoff: { state: 'ended' } }, state.me);
      return;
    }
    try {
      var data = await api.call('getHandoff', { handoffId: state.current.handoff.id });
      state.current.handoff = data.handoff;
      FL.conversation.setActions({ handoff: data.handoff }, state.me);
    } catch {
      // No longer visible to me (transferred away, resolved by a lead): keep the view read-only.
      FL.conversation.setActions({ handoff: { state: 'ended' } }, state.me);
    }
  }

  function isCurrent(event) {
    return state.current && event.handoffId === state.current.handoff.id;
  }

  /** A ticket event that carries the user's own words (a comment on their ticket). */
  function isFromUser(event) {
    return event.from === 'user' || Boolean(event.by && event.by.kind === 'user');
  }

  /** New hand-overs and users' replies reach the technician even when they look elsewhere. */
  function tellTechnician(event, type) {
    var number = event.ticketNumber || 'A ticket';
    if (type === 'handoff.queued') {
      FL.notify.announce({
        title: 'New hand-over ' + (event.ticketNumber || ''),
        body: [event.priority && event.priority + ' priority', event.category].filter(Boolean).join(' · '),
        tag: 'handoff-' + event.handoffId,
        onOpen: function () {
          location.hash = '#/live';
          openHandoff({ id: event.handoffId });
        },
      });
    } else if (type === 'message' && event.from === 'user' && state.mine.has(event.handoffId)) {
      FL.notify.announce({
        title: number + ': the user replied',
        body: String(event.text || '').slice(0, 140),
        tag: 'message-' + event.handoffId,
        onOpen: function () {
          location.hash = '#/live';
          openHandoff({ id: event.handoffId });
        },
      });
    } else if (type === 'sla.reminder' || type === 'sla.breached') {
      // From src/sla: the assignee is reminded before a target is missed; leads hear when it is.
      var target = event.target === 'resolution' ? 'resolution' : 'first response';
      var line =
        type === 'sla.breached'
          ? number + ': ' + target + ' target missed'
          : number + ': ' + target + ' due ' + (event.dueLocal || event.dueAt);
      toast(line, type === 'sla.breached' ? 'error' : 'ok');
      FL.notify.announce({
        title: line,
        body: event.assigneeName ? 'Assigned to ' + event.assigneeName : 'Nobody is assigned',
        tag: type + '-' + event.ticketId,
        onOpen: function () {
          location.hash = '#/tickets/' + encodeURIComponent(event.ticketNumber || event.ticketId);
        },
      });
    } else if (type.indexOf('ticket.') === 0 && isFromUser(event)) {
      FL.notify.announce({
        title: number + ': the user replied',
        body: String(event.text || '').slice(0, 140),
        tag: 'ticket-' + event.ticketId,
        onOpen: function () {
          location.hash = '#/tickets/' + encodeURIComponent(event.ticketNumber || event.ticketId);
        },
      });
    }
  }

  function onEvent(event) {
    var type = event.type || '';
    tellTechnician(event, type);
    if (type.indexOf('ticket.') === 0 || type.indexOf('handoff.') === 0 || type.indexOf('sla.') === 0)
      FL.ticketsView.changed();
    if (type.indexOf('incident.') === 0) return FL.incidents.changed();
    if (type.indexOf('handoff.') === 0) return onHandoffEvent(event, type);
    if (!isCurrent(event)) return;
    if (type === 'message') {
      FL.conversation.appendMessage(
        {
          from: eventSender(event),
          text: event.text,
          at: event.at,
          attachments: event.attachments,
          files: event.files,
        },
        state.me,
      );
    } else if (type === 'typing') {
      if (event.from === 'user' || (event.from && event.from.role === 'user'))
        FL.conversation.showUserTyping();
    } else if (type === 'note') {
      FL.conversation.appendNote(event.note || event);
    }
  }

  /** Message events say `from: 'user' | 'technician' | 'bot'` and name the technician beside it. */
  function eventSender(event) {
    if (event.from && typeof event.from === 'object') return event.from;
    if (event.from === 'technician') {
      return { role: 'technician', id: event.technicianId, name: event.name || event.technicianName };
    }
    return { role: event.from || 'bot', name: event.from === 'user' ? event.name : undefined };
  }

  function onHandoffEvent(event, type) {
    var handoff = event.handoff;
    // Claims name the technician; transfers name the new one in `to` (null when sent to a queue).
    var assignedTo =
      (handoff && handoff.assignedTo) ||
      event.assignedTo ||
      (type === 'handoff.transferred'
        ? event.to
        : type === 'handoff.claimed'
          ? event.technicianId
          : undefined);
    var mineNow = assignedTo && state.me && assignedTo === state.me.id;
    if ((type === 'handoff.claimed' || type === 'handoff.transferred') && mineNow) {
      state.mine.set(
        event.handoffId,
        handoff ||
          Object.assign({}, state.mine.get(event.handoffId), {
            id: event.handoffId,
            state: 'assigned',
            assignedTo: assignedTo,
          }),
      );
      if (type === 'handoff.transferred') toast('A conversation was transferred to you.', 'ok');
    } else if (state.mine.has(event.handoffId) && type !== 'handoff.updated') {
      if (!(type === 'handoff.claimed' && mineNow)) state.mine.delete(event.handoffId);
    }
    if (isCurrent(event)) {
      describeEnd(type, event);
      if (type === 'handoff.transferred' && handedAway(assignedTo)) state.current.handedAway = true;
      refreshCurrent();
    }
    if (state.mine.has(event.handoffId) && !handoff) refreshMine(event.handoffId);
    scheduleQueueRefresh();
  }

  async function refreshMine(handoffId) {
    try {
      var data = await api.call('getHandoff', { handoffId: handoffId });
      if (data.handoff.state === 'assigned' && data.handoff.assignedTo === state.me.id)
        state.mine.set(handoffId, data.handoff);
      else state.mine.delete(handoffId);
    } catch {
      state.mine.delete(handoffId);
    }
    renderLists();
  }

  function describeEnd(type, event) {
    var who = event.technicianName || (event.technician && event.technician.name) || event.assignedToName;
    var lines = {
      'handoff.claimed': 'Claimed' + (who ? ' by ' + who : '') + '.',
      'handoff.transferred': 'Transferred' + (who ? ' to ' + who : '') + '.',
      'handoff.returned': 'Handed back to the bot.',
      'handoff.resolved': 'Resolved.',
      'handoff.abandoned': 'The user left the conversation.',
    };
    if (lines[type]) FL.conversation.appendSystemLine(lines[type]);
  }

  function requireCurrent() {
    if (!state.current) throw new Error('No conversation is open.');
    return state.current.handoff.id;
  }

  function bindActions() {
    FL.conversation.bindComposer({
      onSend: async function (text) {
        await api.call('sendTechnicianMessage', { handoffId: requireCurrent() }, { text: text });
        FL.conversation.appendMessage(
          {
            from: { role: 'technician', id: state.me.id, name: state.me.name },
            text: text,
            at: new Date().toISOString(),
          },
          state.me,
        );
      },
      onNote: async function (text) {
        var data = await api.call('addNote', { handoffId: requireCurrent() }, { text: text });
        FL.conversation.appendNote(
          data.note || { text: text, at: new Date().toISOString(), author: state.me.name },
        );
      },
      onTyping: function () {
        if (!state.current) return;
        api.call('sendTyping', { handoffId: state.current.handoff.id }, {}).catch(function () {});
      },
      onModeChange: function () {
        if (state.current) FL.conversation.setActions({ handoff: state.current.handoff }, state.me);
      },
    });
    byId('claim-open').addEventListener('click', function () {
      if (state.current) claim({ id: state.current.handoff.id, ticketNumber: state.current.ticket.number });
    });
    byId('pickup').addEventListener('click', pickUp);
    byId('handback').addEventListener('click', async function () {
      try {
        await api.call('handBackToBot', { handoffId: requireCurrent() }, {});
        state.mine.delete(state.current.handoff.id);
        toast('Handed back to the bot.', 'ok');
        await refreshCurrent();
        renderLists();
      } catch (err) {
        toast('Could not hand back: ' + err.message, 'error');
      }
    });
    byId('canned').addEventListener('change', function (event) {
      var select = event.target;
      var option = select.selectedOptions[0];
      if (option && option.value) {
        var input = byId('composer-text');
        input.value = (input.value ? input.value + '\n' : '') + option.getAttribute('data-text');
        input.focus();
      }
      select.value = '';
    });
    FL.dialogs.bindTransfer({
      // Every role may pass a conversation to a colleague: the list is the one every role may read.
      technicians: async function () {
        if (!api.has('listColleagues')) return [];
        var data = await api.call('listColleagues');
        return (data.colleagues || []).filter(function (tech) {
          return tech.id !== state.me.id;
        });
      },
      transfer: async function (to) {
        await api.call('transferHandoff', { handoffId: requireCurrent() }, to);
        state.mine.delete(state.current.handoff.id);
        if (handedAway(to.technicianId)) state.current.handedAway = true;
        toast('Transferred.', 'ok');
        await refreshCurrent();
        renderLists();
      },
    });
    FL.dialogs.bindResolve({
      resolve: async function (resolution) {
        var data = await api.call('resolveHandoff', { handoffId: requireCurrent() }, resolution);
        state.mine.delete(state.current.handoff.id);
        state.current.handoff = data.handoff || state.current.handoff;
        toast('Resolved ' + (state.current.ticket.number || '') + '.', 'ok');
        FL.conversation.setActions({ handoff: state.current.handoff }, state.me);
        renderLists();
      },
    });
    FL.dialogs.bindArticles({
      search: async function (query) {
        var lang = state.current ? state.current.handoff.language : undefined;
        var data = await api.call('searchArticles', null, undefined, {
          q: query,
          lang: lang,
          language: lang,
        });
        return data.articles || data.results || data || [];
      },
      load: async function (article) {
        if (article.body || !api.has('getArticle')) return article;
        var data = await api.call('getArticle', { articleId: article.id });
        return data.article || data;
      },
      send: async function (article) {
        await api.call('sendArticle', { handoffId: requireCurrent() }, { articleId: article.id });
        toast('Article sent.', 'ok');
      },
    });
    byId('availability').addEventListener('change', async function (event) {
      try {
        var data = await api.call('setAvailability', null, { availability: event.target.value });
        state.me = data.technician || state.me;
        toast('You are ' + event.target.value + '.', 'ok');
        scheduleQueueRefresh();
      } catch (err) {
        toast('Could not change availability: ' + err.message, 'error');
      }
    });
    byId('logout').addEventListener('click', async function () {
      await api.logout().catch(function () {});
      showLogin('Signed out.');
    });
  }

  async function loadCanned() {
    if (!api.has('listCannedReplies')) return;
    try {
      var data = await api.call('listCannedReplies');
      state.canned = data.replies || [];
    } catch {
      // Canned replies are a convenience; the console works without them.
      state.canned = [];
    }
    renderCanned();
  }

  /** The replies in the open conversation's language (all of them when none is open). */
  function renderCanned() {
    var select = byId('canned');
    while (select.options.length > 1) select.remove(1);
    var lang = state.current && state.current.handoff.language;
    (state.canned || [])
      .filter(function (reply) {
        return !lang || !reply.language || reply.language === lang;
      })
      .forEach(function (reply) {
        var label = lang ? reply.title : reply.title + ' (' + reply.language + ')';
        var value = reply.id + ':' + (reply.language || '');
        select.appendChild(
          FL.dom.el('option', { text: label, attrs: { value: value, 'data-text': reply.text } }),
        );
      });
  }

  async function listTechnicians() {
    // The directory is for leads and admins; a technician assigns to themselves or to nobody.
    if (!api.has('listTechnicians') || !state.me || state.me.role === 'technician') return [];
    var data = await api.call('listTechnicians');
    return data.technicians || data || [];
  }

  function bindTickets() {
    FL.worklist.bind();
    FL.ticketActions.bind({
      me: function () {
        return state.me;
      },
      technicians: listTechnicians,
      toast: toast,
    });
    FL.notify.bind(async function (prefs) {
      var data = await api.call('setNotificationPreferences', null, prefs);
      state.me = data.technician || state.me;
    });
    FL.profileLanguages.bind(async function (languages) {
      var data = await api.call('setMyLanguages', null, { languages: languages });
      state.me = data.technician || state.me;
    });
    FL.profileEmail.bind(async function (email) {
      var data = await api.call('setMyEmail', null, { email: email });
      state.me = data.technician || state.me;
      return state.me.email;
    });
    setInterval(FL.worklist.tick, 60000);
  }

  async function boot() {
    bindActions();
    bindTickets();
    FL.login.bindForm(function () {
      start().then(loadCanned).catch(startFailed);
    });
    setInterval(FL.queue.tick, 1000);
    setInterval(function () {
      if (state.me) refreshQueue();
    }, QUEUE_POLL_MS);
    try {
      await api.loadOperations();
    } catch (err) {
      showLogin('The console API is not available: ' + err.message);
      return;
    }
    var viaTeams = await FL.login.trySso(function (text) {
      byId('login-status').textContent = text;
    });
    if (viaTeams || api.hasSession()) {
      try {
        await start();
        await loadCanned();
        return;
      } catch (err) {
        if (err.status !== 401) return startFailed(err);
      }
    }
    showLogin();
  }

  function startFailed(err) {
    showLogin('Could not start the console: ' + err.message);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
  else boot();
})((window.FirstLineConsole = window.FirstLineConsole || {}));
