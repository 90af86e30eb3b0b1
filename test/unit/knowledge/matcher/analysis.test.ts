import { analyze } from '../../../../src/knowledge/matcher/analyzer';
import { cleanText, foldDiacritics, tokenize } from '../../../../src/knowledge/matcher/normalize';
import { stemPolish } from '../../../../src/knowledge/matcher/polish-stemmer';
import { stem } from '../../../../src/knowledge/matcher/stemmer';
import { germanHead, splitCompound } from '../../../../src/knowledge/matcher/compound';
import { buildSynonymTable } from '../../../../src/knowledge/matcher/synonyms';
import { shippedContent } from '../../../helpers/shipped-content';

const synonyms = buildSynonymTable(shippedContent().synonyms);
const ctx = { synonyms, vocabulary: new Set<string>(['drucker', 'warteschlange', 'kennwort', 'shutdown']) };
const terms = (text: string, lang: 'en' | 'de' | 'pl' | 'ro'): string[] => [
  ...analyze(text, lang, ctx, { ngrams: false }).keys(),
];

describe('normalisation', () => {
  it('folds diacritics of all four languages, both Romanian cedilla and comma forms', () => {
    expect(foldDiacritics(cleanText('Hasło ŻÓŁĆ'))).toBe('haslo zolc');
    expect(foldDiacritics(cleanText('Kennwortänderung Straße'))).toBe('kennwortanderung strasse');
    expect(foldDiacritics(cleanText('parolă ș ş ț ţ'))).toBe('parola s s t t');
    expect(cleanText('ş ţ')).toBe(cleanText('ș ț'));
  });
  it('turns control characters into spaces and caps the length', () => {
    expect(cleanText('a\u0000b\u0007c\u200bd')).toBe('a b c d');
    expect(cleanText('x'.repeat(100_000)).length).toBe(2000);
  });
  it('joins hyphenated words and keeps their parts', () => {
    expect(tokenize('wi-fi e-mail')).toEqual({ words: ['wifi', 'email'], parts: ['wi', 'fi', 'e', 'mail'] });
  });
});

describe('stemming per language', () => {
  it('English', () => {
    expect(stem('printers', 'en')).toBe(stem('printer', 'en'));
    expect(stem('connecting', 'en')).toBe(stem('connected', 'en'));
  });
  it('German', () => {
    expect(stem('druckers', 'de')).toBe(stem('drucker', 'de'));
    expect(stem(foldDiacritics('verbindungen'), 'de')).toBe(stem('verbindung', 'de'));
  });
  it("German: the feminine form of a person noun has the masculine's stem, other -in words keep theirs", () => {
    for (const [feminine, masculine] of [
      ['kollegin', 'kollege'],
      ['mitarbeiterinnen', 'mitarbeiter'],
      ['chefin', 'chef'],
      ['assistentin', 'assistent'],
    ])
      expect(stem(feminine ?? '', 'de')).toBe(stem(masculine ?? '', 'de'));
    for (const word of ['termin', 'login', 'plugin']) expect(stem(word, 'de')).toBe(word);
  });
  it('Romanian, with or without diacritics', () => {
    expect(stem(foldDiacritics('parolă'), 'ro')).toBe(stem('parola', 'ro'));
    expect(stem('imprimantele', 'ro')).toBe(stem('imprimanta', 'ro'));
  });
  it('Romanian: a noun\'s genitive, neuter and "-oane" plurals reach the stem of its other forms', () => {
    const paradigms = [
      'parolă parola parolei parolele',
      'imprimantă imprimanta imprimantei imprimantele',
      'cont contul contului conturi conturile',
      'tastatură tastatura tastaturii tastaturi',
      'laptop laptopul laptopuri laptopurile',
      'echipă echipa echipei echipe',
      'setare setarea setării setări setările',
      'telefon telefonul telefoane telefoanele',
      'vpn vpnul vpnului',
      'pdf pdful pdfurile',
    ];
    for (const paradigm of paradigms) {
      const stems = paradigm.split(' ').map((form) => stem(foldDiacritics(form), 'ro'));
      expect({ paradigm, stems: new Set(stems).size }).toEqual({ paradigm, stems: 1 });
    }
  });
  it('Polish light stemmer removes case endings', () => {
    const haslo = stemPolish('haslo');
    for (const form of ['hasla', 'haslem', 'hasle']) expect(stemPolish(form)).toBe(haslo);
    expect(stemPolish('drukarka')).toBe(stemPolish('drukarki'));
    expect(stemPolish('komputerze')).toBe(stemPolish('komputera'));
    expect(stemPolish('pc')).toBe('pc');
  });
  it('Polish: softened -k- and -d- before the locative ending, and a fleeting e, keep one stem', () => {
    expect(stemPolish('drukarce')).toBe(stemPolish('drukarka'));
    expect(stemPolish('komorce')).toBe(stemPolish('komorki'));
    expect(stemPolish('wordzie')).toBe(stemPolish('worda'));
    expect(stemPolish('sluchawek')).toBe(stemPolish('sluchawki'));
    expect(stemPolish('dodatek')).toBe(stemPolish('dodatku'));
    // -iek is not a fleeting e: "człowiek", "człowieka".
    expect(stemPolish('czlowiek')).toBe(stemPolish('czlowieka'));
  });
  it("Polish: more alternations (-cie, -ce, -iem) and the past tense meet the other forms' stem", () => {
    const paradigms = [
      'internet internetu internecie internetem',
      'konto konta koncie kontem',
      'karta karty karcie kartę',
      'port portu porcie portem',
      'skrzynka skrzynki skrzynce skrzynkę',
      'dysk dysku dyskiem dyski',
      'bateria baterii baterię baterią',
      'uprawnienia uprawnień uprawnieniami',
      'zespół zespołu zespołem zespole',
      'próbować próbowałem próbowałam próbował próbowała',
      'zgłosić zgłosiłem zgłosiłam zgłosił zgłosiła',
      'włączyć włączyłem włączył włączyła',
      'przestać przestał przestała przestało',
    ];
    for (const paradigm of paradigms) {
      const stems = paradigm.split(' ').map((form) => stemPolish(foldDiacritics(form)));
      expect({ paradigm, stems: new Set(stems).size }).toEqual({ paradigm, stems: 1 });
    }
    // Nouns in -ł/-l keep it: "portal" (portalu), "profil", "e-mail".
    for (const noun of ['portal', 'profil', 'email', 'udzial']) expect(stemPolish(noun)).toBe(noun);
  });
  it('Polish: English loanwords with a silent e meet their inflected forms', () => {
    // The apostrophe joins the word ("pendrive'a" is read as "pendrivea").
    for (const paradigm of [
      'pendrive pendrivea pendriveowi pendrivem pendrivie',
      'iphone iphonea iphoneem',
    ]) {
      const stems = paradigm.split(' ').map((form) => stemPolish(form));
      expect({ paradigm, stems: new Set(stems).size }).toEqual({ paradigm, stems: 1 });
    }
  });
});

describe('synonyms and compounds', () => {
  it('maps abbreviations and translations to one concept', () => {
    for (const [text, lang] of [
      ['pw', 'en'],
      ['Kennwort', 'de'],
      ['hasła', 'pl'],
      ['parola', 'ro'],
    ] as const) {
      expect(terms(text, lang)).toContain('c:password');
    }
    expect(terms('WLAN', 'de')).toContain('c:wifi');
    expect(terms('wireless', 'en')).toContain('c:wifi');
    expect(terms('mój komputer', 'pl')).toContain('c:computer');
    expect(terms('calculatorul meu', 'ro')).toContain('c:computer');
  });
  it('matches multi-word synonyms', () => {
    expect(terms('I cannot log in', 'en')).toContain('c:login');
  });
  it('splits German compounds into known words', () => {
    expect(splitCompound('druckerwarteschlange', ctx.vocabulary)).toEqual(['drucker', 'warteschlange']);
    expect(terms('Druckerwarteschlange', 'de')).toEqual(
      expect.arrayContaining([`w:${stem('drucker', 'de')}`, 'c:printer']),
    );
    expect(splitCompound('fahrrad', ctx.vocabulary)).toEqual([]);
  });
  it('splits a German compound whose modifier is a verb stem, and prefers that to a longer modifier', () => {
    const vocabulary = new Set(['lesen', 'schreiben', 'rechte', 'leser', 'echte', 'zugriff']);
    expect(splitCompound('leserechte', vocabulary)).toEqual(['lesen', 'rechte']);
    expect(splitCompound('schreibzugriff', vocabulary)).toEqual(['schreiben', 'zugriff']);
  });
  it('reads an unsplittable German compound by its known head, also with a plural ending', () => {
    const vocabulary = new Set(['drucker', 'bildschirm']);
    expect(germanHead('farblaserdrucker', vocabulary)).toBe('drucker');
    expect(germanHead('zusatzbildschirme', vocabulary)).toBe('bildschirm');
    expect(germanHead('fahrrad', vocabulary)).toBeUndefined();
  });
});
