/* global location */
// Knowledge gaps and article drafts (#/knowledge), for leads and admins: the questions the bot could
// not answer, clustered; "Draft article" from a gap; and the review of every draft (from gaps and
// from tickets): edit the Markdown, see what the article checks say, publish or discard.
(function (FL) {
  'use strict';

  var api = FL.api;
  var el = FL.dom.el;
  var clear = FL.dom.clear;
  var DAY_MS = 24 * 60 * 60 * 1000;
  var state = { started: false, current: null };

  function byId(id) {
    return document.getElementById(id);
  }

  function isLead(me) {
    return me && (me.role === 'lead' || me.role === 'admin');
  }

  function start(me) {
    if (state.started || !isLead(me) || !api.has('listKnowledgeGaps')) return;
    state.started = true;
    var view = byId('knowledge-view-template').content.cloneNode(true);
    byId('app-view').appendChild(view);
    byId('knowledge-view').hidden = true;
    byId('nav-knowledge').hidden = false;
    var today = new Date();
    byId('gaps-to').value = isoDay(new Date(today.getTime() + DAY_MS));
    byId('gaps-from').value = isoDay(new Date(today.getTime() - 6 * DAY_MS));
    byId('gaps-form').addEventListener('submit', function (event) {
      event.preventDefault();
      loadGaps();
    });
    byId('draft-editor').addEventListener('submit', function (event) {
      event.preventDefault();
      saveDraft();
    });
    byId('draft-publish').addEventListener('click', publishDraft);
    byId('draft-discard').addEventListener('click', discardDraft);
    // After the live/tickets router (registered earlier), so this view wins for its own address.
    window.addEventListener('hashchange', show);
    show();
  }

  function onKnowledge() {
    return /^#\/knowledge/.test(location.hash);
  }

  function show() {
    var mine = onKnowledge();
    byId('knowledge-view').hidden = !mine;
    byId('nav-knowledge').toggleAttribute('aria-current', mine);
    if (mine) byId('nav-knowledge').setAttribute('aria-current', 'page');
    if (!mine) return;
    // Every other view (live chats, tickets, other leads' pages) steps aside.
    document
      .querySelectorAll('#app-view > .layout, #app-view > .tickets-layout, #app-view > main')
      .forEach(function (view) {
        if (view.id !== 'knowledge-view') view.hidden = true;
      });
    document.querySelectorAll('.views .view-link').forEach(function (link) {
      if (link.id !== 'nav-knowledge') link.removeAttribute('aria-current');
    });
    loadGaps();
    loadDrafts();
  }

  function isoDay(date) {
    return date.toISOString().slice(0, 10);
  }

  function range() {
    return {
      from: byId('gaps-from').value,
      to: byId('gaps-to').value,
      language: byId('gaps-language').value,
    };
  }

  async function loadGaps() {
    var status = byId('gaps-status');
    status.textContent = 'Loading…';
    try {
      var report = await api.call('listKnowledgeGaps', null, undefined, range());
      renderGaps(report);
      status.textContent =
        report.gaps.length === 0
          ? 'No unanswered or escalated questions in this period.'
          : FL.dom.count(report.questions, 'question') +
            ' in ' +
            FL.dom.count(report.gaps.length, 'gap') +
            (report.truncated ? ' (newest only)' : '') +
            '.';
    } catch (err) {
      clear(byId('gaps-list'));
      status.textContent = 'Could not load the gaps: ' + err.message;
    }
  }

  function trendText(gap) {
    if (gap.previousCases === 0) return 'new';
    if (gap.trend === 0) return 'steady (' + gap.previousCases + ' before)';
    return (gap.trend > 0 ? '▲ +' : '▼ ') + gap.trend + ' (' + gap.previousCases + ' before)';
  }

  function renderGaps(report) {
    var list = clear(byId('gaps-list'));
    report.gaps.forEach(function (gap) {
      var languages = gap.languages
        .map(function (l) {
          return l.language + ' ' + l.cases;
        })
        .join(', ');
      var draftButton = el('button', {
        className: 'btn btn-small',
        text: 'Draft article',
        attrs: { type: 'button' },
        onClick: function () {
          draftFromGap(gap, draftButton);
        },
      });
      list.appendChild(
        el('li', { className: 'gap', attrs: { 'data-gap-id': gap.id } }, [
          el('div', { className: 'gap-head' }, [
            el('strong', { className: 'gap-count', text: FL.dom.count(gap.cases, 'question') }),
            el('span', { className: 'gap-trend', text: trendText(gap) }),
            el('span', { className: 'muted', text: languages }),
            draftButton,
          ]),
          el('p', { className: 'muted gap-terms', text: 'Terms: ' + gap.terms.join(', ') }),
          el(
            'ul',
            { className: 'gap-examples', attrs: { 'aria-label': 'Example questions' } },
            gap.examples.map(function (example) {
              return el('li', { attrs: { lang: example.language } }, [
                el('span', { className: 'lang-tag', text: example.language }),
                ' ' + example.text,
              ]);
            }),
          ),
          gap.resolutionNotes.length
            ? el(
                'ul',
                { className: 'gap-notes', attrs: { 'aria-label': 'Resolution notes' } },
                gap.resolutionNotes.map(function (note) {
                  return el('li', { text: note.ticketNumber + ': ' + note.note });
                }),
              )
            : el('p', { className: 'muted', text: 'No resolution notes yet.' }),
        ]),
      );
    });
  }

  async function draftFromGap(gap, button) {
    button.disabled = true;
    try {
      var draft = await api.call('draftArticleFromGap', { gapId: gap.id }, {}, range());
      await loadDrafts();
      await openDraft(draft.id);
    } catch (err) {
      byId('gaps-status').textContent = 'Could not draft: ' + err.message;
    } finally {
      button.disabled = false;
    }
  }

  async function loadDrafts() {
    var list = clear(byId('drafts-list'));
    try {
      var data = await api.call('listArticleDrafts');
      if (data.drafts.length === 0) list.appendChild(el('li', { className: 'muted', text: 'No drafts.' }));
      data.drafts.forEach(function (draft) {
        list.appendChild(
          el('li', { className: 'draft-item', attrs: { 'data-draft-id': draft.id } }, [
            el('button', {
              className: 'link-button',
              text: draft.title,
              attrs: { type: 'button' },
              onClick: function () {
                openDraft(draft.id);
              },
            }),
            el('span', {
              className: 'muted',
              text:
                ' · from a ' +
                draft.origin +
                (draft.byModel ? ', written by the language model' : '') +
                ' · ' +
                draft.status +
                ' · ' +
                draft.updatedAt.slice(0, 10),
            }),
          ]),
        );
      });
    } catch (err) {
      list.appendChild(
        el('li', { className: 'form-error', text: 'Could not load the drafts: ' + err.message }),
      );
    }
  }

  async function openDraft(id) {
    var draft = await api.call('getArticleDraft', { draftId: id });
    state.current = draft;
    var editor = byId('draft-editor');
    editor.hidden = false;
    byId('draft-title').textContent = draft.title;
    byId('draft-meta').textContent =
      'From a ' +
      draft.origin +
      ' · ' +
      draft.status +
      ' · version ' +
      draft.version +
      ' · ' +
      draft.files.length +
      ' file(s)';
    byId('draft-error').textContent = '';
    var files = clear(byId('draft-files'));
    draft.files.forEach(function (file, i) {
      files.appendChild(
        el('div', { className: 'draft-file' }, [
          el('label', { text: 'Path', attrs: { for: 'draft-path-' + i } }),
          el('input', {
            className: 'draft-path',
            // A text field like every other (the page's field style is keyed on the type).
            attrs: { id: 'draft-path-' + i, type: 'text', value: file.path, spellcheck: 'false' },
          }),
          el('label', { text: 'Markdown', attrs: { for: 'draft-content-' + i } }),
          el('textarea', {
            className: 'draft-content',
            text: file.content,
            attrs: { id: 'draft-content-' + i, rows: 18, spellcheck: 'false' },
          }),
        ]),
      );
    });
    renderProblems(draft.problems || []);
    var published = draft.status === 'published';
    ['draft-save', 'draft-publish'].forEach(function (button) {
      byId(button).disabled = published;
    });
    byId('draft-title').setAttribute('tabindex', '-1');
    byId('draft-title').focus();
  }

  function renderProblems(problems) {
    var list = clear(byId('draft-problems'));
    problems.forEach(function (problem) {
      list.appendChild(
        el('li', {
          className: /: error: /.test(problem) ? 'problem-error' : 'problem-warning',
          text: problem,
        }),
      );
    });
  }

  function editedFiles() {
    return Array.prototype.map.call(document.querySelectorAll('#draft-files .draft-file'), function (node) {
      return {
        path: node.querySelector('.draft-path').value.trim(),
        content: node.querySelector('.draft-content').value,
      };
    });
  }

  async function saveDraft() {
    if (!state.current) return null;
    try {
      var saved = await api.call(
        'updateArticleDraft',
        { draftId: state.current.id },
        { version: state.current.version, files: editedFiles() },
      );
      await openDraft(saved.id);
      await loadDrafts();
      return state.current;
    } catch (err) {
      byId('draft-error').textContent = 'Not saved: ' + err.message;
      return null;
    }
  }

  async function publishDraft() {
    if (!state.current) return;
    var saved = await saveDraft();
    if (!saved) return;
    try {
      var result = await api.call('publishArticleDraft', { draftId: saved.id }, { version: saved.version });
      await openDraft(saved.id);
      await loadDrafts();
      byId('draft-error').textContent = '';
      byId('draft-meta').textContent =
        'Published: ' + result.files.join(', ') + '. The knowledge base has reloaded.';
    } catch (err) {
      byId('draft-error').textContent = err.message;
    }
  }

  async function discardDraft() {
    if (!state.current) return;
    try {
      await api.call('discardArticleDraft', { draftId: state.current.id });
      state.current = null;
      byId('draft-editor').hidden = true;
      await loadDrafts();
    } catch (err) {
      byId('draft-error').textContent = 'Not discarded: ' + err.message;
    }
  }

  FL.knowledgeView = { start: start };
})((window.FirstLineConsole = window.FirstLineConsole || {}));
