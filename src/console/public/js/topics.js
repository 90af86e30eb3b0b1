// The taxonomy's topics (listTopics), each labelled by the server in the technician's first
// language: what the incident form offers and what the incident cards name instead of an id such
// as "network.vpn". Read when first needed, and again when the form opens (a content reload or a
// change of the technician's languages alters them).
(function (FL) {
  'use strict';

  var state = { topics: [], byId: new Map(), loading: null };

  /** The topics, sorted by label; [] when the server offers none (the page then shows ids). */
  function load(fresh) {
    if (!FL.api.has('listTopics')) return Promise.resolve([]);
    if (state.loading && !fresh) return state.loading;
    state.loading = FL.api.call('listTopics').then(
      function (data) {
        state.topics = data.topics || [];
        state.byId = new Map(
          state.topics.map(function (topic) {
            return [topic.id, topic];
          }),
        );
        return state.topics;
      },
      function (err) {
        // Read again next time; meanwhile ids stand in for labels.
        state.loading = null;
        throw err;
      },
    );
    return state.loading;
  }

  /** "VPN (network.vpn)" for a known topic, the id alone for one the taxonomy no longer has. */
  function describe(id) {
    var topic = state.byId.get(id);
    return topic && topic.label !== id ? topic.label + ' (' + id + ')' : id;
  }

  /** "VPN" for a known topic, the id for one the taxonomy no longer has (or when not loaded). */
  function label(id) {
    var topic = state.byId.get(id);
    return topic ? topic.label : id;
  }

  FL.topics = { load: load, describe: describe, label: label };
})((window.FirstLineConsole = window.FirstLineConsole || {}));
