/* global URL, Blob, setTimeout */
// Files users sent (screenshots, logs): a thumbnail for images, a download button for the rest.
// The bytes come from the access-checked API with the console's own credentials (cookie or the
// Teams bearer token) and are shown from a blob: URL, so nothing from a user is ever a page here.
(function (FL) {
  'use strict';

  var el = FL.dom.el;
  var IMAGE_TYPES = { 'image/png': true, 'image/jpeg': true };

  function sizeLabel(bytes) {
    if (bytes >= 1024 * 1024) return (bytes / (1024 * 1024)).toFixed(1) + ' MB';
    if (bytes >= 1024) return Math.round(bytes / 1024) + ' KB';
    return bytes + ' B';
  }

  async function fetchBlob(file) {
    var response = await FL.api.fetchAttachment(file.id);
    return new Blob([await response.arrayBuffer()], { type: file.mediaType });
  }

  function download(file) {
    return fetchBlob(file).then(function (blob) {
      var url = URL.createObjectURL(blob);
      var link = el('a', { attrs: { href: url, download: file.name } });
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () {
        URL.revokeObjectURL(url);
      }, 60000);
    });
  }

  /** One file of a message: an image preview (click to download) or a named download button. */
  function render(file) {
    var label = file.name + ' (' + sizeLabel(file.size) + ')';
    var status = el('span', { className: 'msg-file-status muted' });
    var button = el('button', {
      className: 'msg-file-link',
      text: '📎 ' + label,
      attrs: { type: 'button', title: 'Download ' + file.name },
      onClick: function () {
        status.textContent = '';
        download(file).catch(function () {
          status.textContent = ' (could not be loaded)';
        });
      },
    });
    var item = el('div', { className: 'msg-file', attrs: { 'data-file-id': file.id } }, [button, status]);
    if (IMAGE_TYPES[file.mediaType]) {
      var image = el('img', { className: 'msg-file-thumb', attrs: { alt: file.name } });
      item.insertBefore(image, button);
      fetchBlob(file)
        .then(function (blob) {
          image.src = URL.createObjectURL(blob);
        })
        .catch(function () {
          image.remove();
          status.textContent = ' (preview not available)';
        });
    }
    return item;
  }

  FL.files = { render: render };
})((window.FirstLineConsole = window.FirstLineConsole || {}));
