import { detectLanguage, requestedLanguage } from '../../../src/i18n';

describe('detectLanguage', () => {
  it.each([
    ['My laptop does not connect to the wireless network', 'en'],
    ['Mein Drucker druckt seit heute morgen nicht mehr', 'de'],
    ['Nie mogę się zalogować, zapomniałem hasła do poczty', 'pl'],
    ['Nu pot să mă conectez la rețea de azi dimineață', 'ro'],
  ] as const)('recognises %s as %s', (text, lang) => {
    expect(detectLanguage(text, 'en')).toBe(lang);
  });

  it('keeps the remembered language for short or unclear messages', () => {
    expect(detectLanguage('ok', 'pl')).toBe('pl');
    expect(detectLanguage('VPN', 'de')).toBe('de');
    expect(detectLanguage('🙂🙂🙂', 'ro')).toBe('ro');
    expect(detectLanguage('', 'de')).toBe('de');
  });
});

describe('requestedLanguage', () => {
  it.each([
    ['Deutsch', 'de'],
    ['polski', 'pl'],
    ['Română', 'ro'],
    ['romana', 'ro'],
    ['English', 'en'],
    ['language: pl', 'pl'],
    ['/lang de', 'de'],
    ['po polsku', 'pl'],
  ] as const)('treats "%s" as a switch to %s', (text, lang) => {
    expect(requestedLanguage(text)).toBe(lang);
  });

  it('does not mistake ordinary messages for a switch', () => {
    expect(requestedLanguage('de')).toBeUndefined();
    expect(requestedLanguage('my Deutsch keyboard is broken')).toBeUndefined();
    expect(requestedLanguage('ro')).toBeUndefined();
  });
});
