/* global setTimeout, clearTimeout */
// Modal dialogs: transfer, resolve, and find-preview-send a knowledge base article.
(function (FL) {
  'use strict';

  var el = FL.dom.el;
  var SEARCH_DELAY_MS = 250;

  function byId(id) {
    return document.getElementById(id);
  }

  function setupDialog(id) {
    var dialog = byId(id);
    dialog.querySelectorAll('[data-close]').forEach(function (button) {
      button.addEventListener('click', function () {
        dialog.close();
      });
    });
    return dialog;
  }

  async function guarded(errorId, work) {
    byId(errorId).textContent = '';
    try {
      await work();
      return true;
    } catch (err) {
      byId(errorId).textContent = err.message;
      return false;
    }
  }

  function bindTransfer(handlers) {
    var dialog = setupDialog('transfer-dialog');
    var syncKind = function () {
      var toTech = byId('transfer-to-tech').checked;
      byId('transfer-technician').disabled = !toTech;
      byId('transfer-category').disabled = toTech;
      byId('transfer-skills').disabled = toTech;
    };
    byId('transfer-to-tech').addEventListener('change', syncKind);
    byId('transfer-to-queue').addEventListener('change', syncKind);
    byId('transfer-open').addEventListener('click', async function () {
      var select = FL.dom.clear(byId('transfer-technician'));
      var technicians = await handlers.technicians().catch(function () {
        return [];
      });
      technicians.forEach(function (tech) {
        var label = tech.name + (tech.availability ? ' (' + tech.availability + ')' : '');
        select.appendChild(el('option', { text: label, attrs: { value: tech.id } }));
      });
      if (technicians.length === 0) {
        byId('transfer-to-queue').checked = true;
        byId('transfer-to-tech').disabled = true;
      } else {
        byId('transfer-to-tech').disabled = false;
      }
      syncKind();
      byId('transfer-error').textContent = '';
      dialog.showModal();
    });
    byId('transfer-form').addEventListener('submit', async function (event) {
      event.preventDefault();
      var to;
      if (byId('transfer-to-tech').checked) {
        to = { technicianId: byId('transfer-technician').value };
      } else {
        var skills = byId('transfer-skills')
          .value.split(',')
          .map(function (s) {
            return s.trim();
          })
          .filter(Boolean);
        var category = byId('transfer-category').value.trim();
        to = { queue: {} };
        if (category) to.queue.category = category;
        if (skills.length) to.queue.skills = skills;
      }
      if (await guarded('transfer-error', () => handlers.transfer(to))) dialog.close();
    });
  }

  function bindResolve(handlers) {
    var dialog = setupDialog('resolve-dialog');
    byId('resolve-open').addEventListener('click', function () {
      byId('resolve-error').textContent = '';
      dialog.showModal();
      byId('resolve-note').focus();
    });
    byId('resolve-form').addEventListener('submit', async function (event) {
      event.preventDefault();
      var note = byId('resolve-note').value.trim();
      if (!note) {
        byId('resolve-error').textContent = 'Write a short resolution note.';
        byId('resolve-note').focus();
        return;
      }
      var category = byId('resolve-category').value;
      if (await guarded('resolve-error', () => handlers.resolve({ note: note, category: category }))) {
        byId('resolve-note').value = '';
        dialog.close();
      }
    });
  }

  function bindArticles(handlers) {
    var dialog = setupDialog('article-dialog');
    var query = byId('article-query');
    var selected = null;
    var timer = null;
    var searchSeq = 0;

    function preview(article) {
      selected = article;
      byId('article-send').disabled = !article;
      var box = FL.dom.clear(byId('article-preview'));
      if (!article) {
        box.appendChild(el('p', { className: 'muted', text: 'Pick an article to preview it.' }));
        return;
      }
      box.appendChild(el('h3', { text: article.title || article.id }));
      box.appendChild(
        FL.dom.markdown(article.body || article.content || article.snippet || article.summary || ''),
      );
      byId('article-results')
        .querySelectorAll('button')
        .forEach(function (button) {
          button.setAttribute('aria-pressed', String(button.getAttribute('data-id') === article.id));
        });
    }

    async function search() {
      var seq = ++searchSeq;
      if (!query.value.trim()) {
        FL.dom.clear(byId('article-results'));
        return;
      }
      var ok = await guarded('article-error', async function () {
        var results = await handlers.search(query.value.trim());
        if (seq !== searchSeq) return;
        var list = FL.dom.clear(byId('article-results'));
        results.forEach(function (article) {
          list.appendChild(
            el('li', {}, [
              el('button', {
                className: 'article-result',
                text: article.title || article.id,
                attrs: { type: 'button', 'data-id': article.id, 'aria-pressed': 'false' },
                onClick: async function () {
                  preview(await handlers.load(article));
                },
              }),
            ]),
          );
        });
        if (results.length === 0)
          list.appendChild(el('li', { className: 'muted', text: 'No articles found.' }));
      });
      if (!ok) preview(null);
    }

    query.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(search, SEARCH_DELAY_MS);
    });
    byId('article-open').addEventListener('click', function () {
      preview(null);
      byId('article-error').textContent = '';
      dialog.showModal();
      query.focus();
      search();
    });
    byId('article-form').addEventListener('submit', async function (event) {
      event.preventDefault();
      if (!selected) return;
      if (await guarded('article-error', () => handlers.send(selected))) dialog.close();
    });
  }

  FL.dialogs = { bindTransfer: bindTransfer, bindResolve: bindResolve, bindArticles: bindArticles };
})((window.FirstLineConsole = window.FirstLineConsole || {}));
