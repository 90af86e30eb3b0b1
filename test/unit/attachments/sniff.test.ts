import { sniffContent } from '../../../src/attachments';
import { hostAllowed } from '../../../src/bot/middleware/teams-files';

describe('file type from content', () => {
  it.each([
    ['PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2]), 'image/png'],
    ['JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'image/jpeg'],
    ['PDF', Buffer.from('%PDF-1.7\n'), 'application/pdf'],
    ['a log', Buffer.from('2026-01-01 ERROR VPN: tunnel closed\r\n\tat line 3\n'), 'text/plain'],
    ['UTF-8 text with a BOM', Buffer.from('\ufeffZażółć gęślą jaźń\n'), 'text/plain'],
  ])('keeps %s as %s', (_name, content, type) => {
    expect(sniffContent(content)).toEqual({ ok: true, mediaType: type });
  });

  it.each([
    ['SVG', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'markup'],
    ['HTML', '<!DOCTYPE html><html><body>hi</body></html>', 'markup'],
    ['XML', '<?xml version="1.0"?><a/>', 'markup'],
    ['HTML after some text', 'notes\n\n<script>alert(1)</script>', 'markup'],
  ])('refuses %s (a browser could run it), whatever it is called', (_name, text, reason) => {
    expect(sniffContent(Buffer.from(text))).toEqual({ ok: false, reason });
  });

  it.each([
    ['a GIF', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00', 'latin1')],
    ['a ZIP', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00])],
    ['an executable', Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03])],
    ['invalid UTF-8', Buffer.from([0x61, 0xc3, 0x28, 0x62])],
  ])('refuses %s', (_name, content) => {
    expect(sniffContent(content)).toEqual({ ok: false, reason: 'unsupported-type' });
  });
});

describe('hosts Teams files may be fetched from', () => {
  const hosts = ['smba.trafficmanager.net', '*.sharepoint.com'];
  it.each([
    ['https://smba.trafficmanager.net/amer/v3/attachments/1', true],
    ['https://contoso.sharepoint.com/file', true],
    ['https://contoso-my.sharepoint.com/file', true],
    ['https://sharepoint.com/file', false],
    ['https://evilsharepoint.com/file', false],
    ['https://sharepoint.com.evil.example/file', false],
    ['http://smba.trafficmanager.net/x', false],
    ['https://169.254.169.254/latest/meta-data', false],
  ])('%s: %s', (url, allowed) => {
    expect(hostAllowed(new URL(url), hosts)).toBe(allowed);
  });

  it('allows plain http only to this machine, and only when listed', () => {
    expect(hostAllowed(new URL('http://127.0.0.1:3978/x'), ['127.0.0.1'])).toBe(true);
    expect(hostAllowed(new URL('http://127.0.0.1:3978/x'), hosts)).toBe(false);
    expect(hostAllowed(new URL('http://10.0.0.5/x'), ['10.0.0.5'])).toBe(false);
  });
});
