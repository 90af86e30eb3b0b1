import { Matcher, detectLanguage, type MatchDocument } from '../../../../src/knowledge/matcher';
import type { Lang } from '../../../../src/i18n/languages';
import { shippedContent } from '../../../helpers/shipped-content';

// Bodies full of everyday function words, as real articles have, so that "what is the" is no evidence.
const BODY: Record<Lang, string> = {
  en: 'This article helps when it is not working. Follow the steps in the order they are listed, and if it does not help tell the service desk what you tried and what you see on the screen.',
  de: 'Dieser Artikel hilft, wenn es nicht funktioniert. Folgen Sie den Schritten in der Reihenfolge, und wenn das nicht hilft, sagen Sie dem Service Desk, was Sie versucht haben und was Sie sehen.',
  pl: 'Ten artykuł pomoże, gdy coś nie działa. Wykonaj kroki po kolei, a jeśli to nie pomoże, powiedz pomocy technicznej, co już zrobiłeś i co widzisz na ekranie.',
  ro: 'Acest articol vă ajută când ceva nu funcționează. Urmați pașii în ordine, iar dacă nu ajută, spuneți echipei de suport ce ați încercat și ce vedeți pe ecran.',
};

function doc(id: string, topic: string, language: Lang, title: string, examples: string[]): MatchDocument {
  return { kind: 'article', id, topic, title, language, examples, tags: [], body: BODY[language] };
}

const docs: MatchDocument[] = [
  doc('pw', 'account.password-reset', 'en', 'Reset a forgotten password', [
    'I forgot my password',
    'how do I change my password',
    'password expired',
  ]),
  doc('pw', 'account.password-reset', 'de', 'Vergessenes Kennwort zurücksetzen', [
    'Ich habe mein Passwort vergessen',
    'Kennwort ändern',
    'Passwort abgelaufen',
  ]),
  doc('pw', 'account.password-reset', 'pl', 'Reset zapomnianego hasła', [
    'zapomniałem hasła',
    'jak zmienić hasło',
    'hasło wygasło',
  ]),
  doc('pw', 'account.password-reset', 'ro', 'Resetarea parolei uitate', [
    'am uitat parola',
    'cum îmi schimb parola',
    'parola a expirat',
  ]),
  doc('wifi', 'network.wifi', 'en', "Wi-Fi won't connect", [
    'my wifi keeps disconnecting',
    'laptop will not connect to the wireless network',
  ]),
  doc('wifi', 'network.wifi', 'de', 'WLAN verbindet nicht', [
    'WLAN bricht ständig ab',
    'Laptop verbindet sich nicht mit dem WLAN',
  ]),
  doc('printer', 'printer', 'en', 'Printer not printing', [
    'my print job is stuck in the queue',
    'printer does not print',
  ]),
  doc('printer', 'printer', 'de', 'Drucker druckt nicht', [
    'Druckauftrag hängt in der Druckerwarteschlange',
    'Drucker druckt nicht',
  ]),
  // Only in English: reachable from other languages through the cross-lingual fallback.
  doc('vpn', 'network.vpn', 'en', "VPN won't connect", [
    'vpn does not connect from home',
    'anyconnect vpn error',
  ]),
];
const matcher = Matcher.build(docs, { synonyms: shippedContent().synonyms });

describe('Matcher', () => {
  it('finds the right article in each language and reports the detected language', () => {
    const cases: Array<[string, Lang, string]> = [
      ['I forgot my password again', 'en', 'pw'],
      ['Ich habe mein Kennwort vergessen', 'de', 'pw'],
      ['zapomniałem hasła do komputera', 'pl', 'pw'],
      ['am uitat parola de la calculator', 'ro', 'pw'],
      ['WLAN geht nicht mehr', 'de', 'wifi'],
    ];
    for (const [text, lang, id] of cases) {
      const r = matcher.match(text, { language: 'en' });
      expect({ text, id: r.results[0]?.id, language: r.results[0]?.language }).toEqual({
        text,
        id,
        language: lang,
      });
    }
  });
  it('is diacritics-insensitive (Romanian cedilla and Polish without accents)', () => {
    expect(matcher.match('am uitat parolă', { language: 'ro' }).results[0]?.id).toBe('pw');
    expect(matcher.match('zapomnialem hasla', { language: 'pl' }).results[0]?.language).toBe('pl');
  });
  it('tolerates typos', () => {
    const r = matcher.match('my pasword expird', { language: 'en' });
    expect(r.results[0]?.id).toBe('pw');
    expect(matcher.match('printr wont prnt', { language: 'en' }).results[0]?.id).toBe('printer');
  });
  it('leaves an inflected form of a known word as it is instead of correcting it to a neighbour', () => {
    // "pilna" (urgent) is one letter from "pełna" (full), but "pilne" gives the index its stem.
    const pl = (id: string, topic: string, title: string, examples: string[]): MatchDocument =>
      doc(id, topic, 'pl', title, examples);
    const small = Matcher.build(
      [
        pl('full', 'email.mailbox-full', 'Skrzynka pocztowa jest pełna', [
          'skrzynka pełna',
          'brak miejsca na maile',
        ]),
        pl('contact', 'contact.service-desk', 'Kontakt z działem IT', ['pilne zgłoszenie', 'telefon do IT']),
      ],
      { synonyms: [] },
    );
    expect(small.match('sprawa jest pilna', { language: 'pl' }).results[0]?.id).toBe('contact');
  });
  it('handles German compounds', () => {
    expect(matcher.match('Warteschlange vom Drucker voll', { language: 'de' }).results[0]?.id).toBe(
      'printer',
    );
  });
  it('falls back to another language when only that one has the article', () => {
    const r = matcher.match('Fehlermeldung im AnyConnect VPN', { language: 'de' });
    expect(r.language).toBe('de');
    expect(r.results[0]?.id).toBe('vpn');
    expect(r.results[0]?.language).toBe('en');
    expect(r.crossLingual).toBe(true);
    expect(matcher.match('WLAN bricht ab', { language: 'de' }).crossLingual).toBe(false);
  });
  it('returns at most one result per (kind,id), preferring the question language', () => {
    const r = matcher.match('Passwort vergessen', { language: 'de', limit: 10 });
    const keys = r.results.map((x) => `${x.kind}/${x.id}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(r.results[0]?.language).toBe('de');
  });
  it('decides answer / clarify / none from calibrated confidence in [0,1]', () => {
    const strong = matcher.match('I forgot my password', { language: 'en' });
    expect(strong.decision).toBe('answer');
    const off = matcher.match('what is the weather tomorrow in Paris', { language: 'en' });
    expect(off.decision).not.toBe('answer');
    expect(off.results[0]?.confidence ?? 0).toBeLessThan(strong.results[0]?.confidence ?? 0);
    for (const r of [...strong.results, ...off.results]) {
      expect(r.confidence).toBeGreaterThanOrEqual(0);
      expect(r.confidence).toBeLessThanOrEqual(1);
    }
    const confidences = strong.results.map((r) => r.confidence);
    expect([...confidences].sort((a, b) => b - a)).toEqual(confidences);
  });
  it('uses configurable thresholds', () => {
    // Above any confidence: an exact example match may now be calibrated to (rounded) 1.
    const strict = Matcher.build(docs, {
      synonyms: shippedContent().synonyms,
      answerThreshold: 1.01,
      clarifyThreshold: 0.2,
    });
    expect(strict.match('I forgot my password', { language: 'en' }).decision).toBe('clarify');
    const lax = Matcher.build(docs, {
      synonyms: shippedContent().synonyms,
      answerThreshold: 0.01,
      clarifyThreshold: 0.01,
    });
    expect(lax.match('wifi', { language: 'en' }).decision).toBe('answer');
  });
  it('reads the question in the language the caller already detected, and detects alone without ranking', () => {
    expect(matcher.detectLanguage('Ich habe mein Passwort vergessen', 'en')).toBe('de');
    expect(matcher.match('I forgot my password', { language: 'en', detectedLanguage: 'de' }).language).toBe(
      'de',
    );
  });
  it('reports its size', () => {
    expect(matcher.size).toBe(docs.length);
  });
});

describe('bad input never throws', () => {
  const inputs = [
    '',
    '   \n\t ',
    'a'.repeat(100_000),
    'password '.repeat(12_000),
    '😀😀😀 🔥',
    'Привет мир 你好世界 password',
    '\u0000\u0001\u0002\u001b[31m\u007f',
    'x'.repeat(5000),
    '\ud800 lone surrogate',
  ];
  it.each(inputs.map((t) => [t.slice(0, 20), t]))('%s', (_label, text) => {
    const started = performance.now();
    const r = matcher.match(text, { language: 'pl' });
    expect(performance.now() - started).toBeLessThan(500);
    expect(['answer', 'clarify', 'none']).toContain(r.decision);
    expect(r.language).toMatch(/^(en|de|pl|ro)$/);
    expect(Array.isArray(r.results)).toBe(true);
  });
  it('returns nothing for empty and emoji-only text', () => {
    expect(matcher.match('').results).toEqual([]);
    expect(matcher.match('😀😀').decision).toBe('none');
  });
  it('survives a non-string at runtime', () => {
    expect(matcher.match(undefined as unknown as string).decision).toBe('none');
  });
});

describe('detectLanguage', () => {
  it('detects clear sentences', () => {
    expect(detectLanguage('Mein Passwort funktioniert nicht mehr', 'en')).toBe('de');
    expect(detectLanguage('Jak zmienić hasło?', 'en')).toBe('pl');
    expect(detectLanguage('imprimanta nu printează nimic', 'en')).toBe('ro');
    expect(detectLanguage('My password does not work anymore', 'de')).toBe('en');
  });
  it('falls back to the remembered language for short or ambiguous text', () => {
    expect(detectLanguage('vpn', 'de')).toBe('de');
    expect(detectLanguage('outlook', 'ro')).toBe('ro');
    expect(detectLanguage('', 'pl')).toBe('pl');
    expect(detectLanguage('😀', 'ro')).toBe('ro');
  });
});

describe('work per message', () => {
  const questions = ['my wifi keeps disconnecting', 'Ich habe mein Passwort vergessen', 'hasło wygasło', 'x'];
  // `rank` is the matcher's whole ranking pass (analysis, BM25F, classifier); counted, not replaced.
  const ranking = () => jest.spyOn(Matcher.prototype as unknown as { rank: () => unknown }, 'rank');
  afterEach(() => jest.restoreAllMocks());

  it('ranks a message once in matchHybrid without embeddings, with the same answer as match', async () => {
    const expected = questions.map((q) => matcher.match(q, { language: 'en' }));
    const rank = ranking();
    for (const [i, q] of questions.entries()) {
      expect(await matcher.matchHybrid(q, { language: 'en' })).toEqual(expected[i]);
    }
    expect(rank).toHaveBeenCalledTimes(questions.length);
  });

  it('ranks a message once in matchHybrid with embeddings, and on the top ten when they fail', async () => {
    const failing = Matcher.build(docs, {
      synonyms: shippedContent().synonyms,
      embeddings: {
        embed: () => Promise.reject(new Error('embeddings endpoint down')),
      },
    });
    const rank = ranking();
    const response = await failing.matchHybrid('my wifi keeps disconnecting', { language: 'en', limit: 1 });
    expect(rank).toHaveBeenCalledTimes(1);
    expect(response).toEqual(matcher.match('my wifi keeps disconnecting', { language: 'en', limit: 1 }));
  });

  it('detects the language without ranking, and takes a detected language without detecting again', () => {
    const rank = ranking();
    expect(matcher.detectLanguage('Ich habe mein Passwort vergessen', 'en')).toBe('de');
    expect(rank).not.toHaveBeenCalled();
    // Told the message is Polish, the matcher reads it as Polish (a detector would have said German).
    const told = matcher.match('Ich habe mein Passwort vergessen', {
      language: 'en',
      detectedLanguage: 'pl',
    });
    expect(told.language).toBe('pl');
    expect(rank).toHaveBeenCalledTimes(1);
  });
});
