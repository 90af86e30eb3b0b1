import { chatPageCsp, socketOrigins } from '../../../../src/channels/webchat/content-security-policy';
import { pickPageLanguage } from '../../../../src/channels/webchat/page-template';

describe('chat page CSP', () => {
  it('lists the public URL socket origin with the matching scheme', () => {
    expect(socketOrigins('https://help.example.com', undefined)).toEqual(['wss://help.example.com']);
    expect(socketOrigins('http://10.0.0.5:3978', '10.0.0.5:3978')).toEqual([
      'ws://10.0.0.5:3978',
      'wss://10.0.0.5:3978',
    ]);
  });

  it('ignores a Host header that could inject directives', () => {
    expect(socketOrigins(undefined, "evil.com; script-src 'unsafe-inline'")).toEqual([]);
    expect(socketOrigins(undefined, '[::1]:3978')).toEqual(['ws://[::1]:3978', 'wss://[::1]:3978']);
  });

  it('allows framing by anyone only in embed mode', () => {
    expect(chatPageCsp({ embed: false, socketOrigins: [] })).toContain("frame-ancestors 'self'");
    expect(chatPageCsp({ embed: true, socketOrigins: [] })).toContain('frame-ancestors *');
  });
});

describe('page language', () => {
  it.each([
    ['de-AT,de;q=0.9,en;q=0.8', 'de'],
    ['fr-FR,ro;q=0.5,en;q=0.4', 'ro'],
    ['en;q=0.1,pl;q=0.9', 'pl'],
    ['pl;q=0,ja', 'en'],
    [undefined, 'en'],
  ])('%s -> %s', (header, lang) => {
    expect(pickPageLanguage(header, 'en')).toBe(lang);
  });
});
