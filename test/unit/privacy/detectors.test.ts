import { createRedactor } from '../../../src/privacy';
import { shippedPrivacy } from '../../helpers/shipped-content';

const redactor = createRedactor(shippedPrivacy());
const kinds = (text: string) => redactor.redact(text).findings.map((f) => f.kind);
const removed = (text: string) => redactor.redact(text).findings.map((f) => text.slice(f.start, f.end));

describe('passwords', () => {
  it.each([
    ['password: Tr0ub4dor&3', 'Tr0ub4dor&3'],
    ['my new password is Winter#2025', 'Winter#2025'],
    ['Passwort: Hamburg#2025', 'Hamburg#2025'],
    ['Kennwort ist Rhein!Main42', 'Rhein!Main42'],
    ['mein Passwort lautet Sonnenblume7', 'Sonnenblume7'],
    ['hasło: Wiosna#2025', 'Wiosna#2025'],
    ['moje hasło to Kwiatek2024', 'Kwiatek2024'],
    ['haslo to Zielony!Las7', 'Zielony!Las7'],
    ['parola: Primavara2025!', 'Primavara2025!'],
    ['parola mea este Bucuresti#12', 'Bucuresti#12'],
    ['parola e Carpati_77', 'Carpati_77'],
    ['PIN: 4821', '4821'],
    ['pwd Kx9#mLq2', 'Kx9#mLq2'],
    ['login: jan.kowalski / Haslo123!', 'Haslo123!'],
    ['password is "two words 9"', 'two words 9'],
  ])('%s', (text, secret) => {
    expect(removed(text)).toEqual([secret]);
    expect(kinds(text)).toEqual(['password']);
  });

  it.each([
    'I forgot my password',
    'password reset doesn’t work',
    'Passwort vergessen',
    'nie pamiętam hasła',
    'am uitat parola',
    'the password field is greyed out',
    'the password is 8 characters long',
    'pass the ticket on please',
    'my PIN is wrong',
    'password expires on 22.11.2026',
    'password: see the screenshot',
  ])('leaves "%s" alone', (text) => {
    expect(redactor.redact(text).findings).toEqual([]);
  });

  it('redacts the value, never the keyword, and marks it', () => {
    expect(redactor.redact('my password is Summer2024! ok').text).toBe(
      'my password is [password removed] ok',
    );
  });
});

describe('keys and tokens', () => {
  it.each([
    ['sk-proj-FbLd9Rb9xqODtLMulxluWx2MqtYygX0bKRVitGoPZrpulRBP', 'api-key'],
    ['ghp_pLIix6MEOLeMa61EqJomTEI1JEzO3joOj37H', 'token'],
    ['AKIAFC67PG9G9D9ULEPL', 'api-key'],
    ['xoxb-055526678698-1984634648485-aYALubyNLOidOOvDwR6wMTrV', 'token'],
    ['AIzanBIKpi99lSi0tcL21pffWQJEeNajnez0LHt', 'api-key'],
    ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'token'],
  ])('finds %s on its own', (secret, kind) => {
    const text = `see ${secret} there`;
    expect(removed(text)).toEqual([secret]);
    expect(kinds(text)).toEqual([kind]);
  });

  it('finds a bearer token but not the word Bearer', () => {
    expect(removed('Authorization: Bearer abcDEF123456ghiJKL789')).toEqual(['abcDEF123456ghiJKL789']);
  });

  it('finds a long random value after key words in every language, but not a GUID or a hash-free word', () => {
    const value = 'Zk8mQ2xR7pL4vN9wT3yB6cF1hJ5gD0sA8eW2uI7o';
    for (const word of ['secret:', 'Schlüssel', 'klucz:', 'cheia este']) {
      expect(removed(`${word} ${value}`)).toEqual([value]);
    }
    expect(removed('key 72f988bf-86f1-41af-91ab-2d7cd011db47')).toEqual([]);
    expect(removed('token aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')).toEqual([]);
  });

  it('removes a whole PEM private key, or everything after a BEGIN line without END', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE KEY-----';
    expect(redactor.redact(`key:\n${pem}\nthanks`).text).toBe('key:\n[private key removed]\nthanks');
    expect(redactor.redact('-----BEGIN RSA PRIVATE KEY-----\nMIIE').text).toBe('[private key removed]');
  });

  it('removes passwords from connection strings and URLs, keeping server names', () => {
    const conn = 'Server=sql01;Database=HR;User Id=hr;Password=Hr!2024;Encrypt=yes';
    expect(redactor.redact(conn).text).toBe(
      'Server=sql01;Database=HR;User Id=hr;Password=[connection secret removed];Encrypt=yes',
    );
    expect(redactor.redact('postgres://bi:Rap0rt@10.1.2.3/bi').text).toBe(
      'postgres://bi:[connection secret removed]@10.1.2.3/bi',
    );
  });
});

describe('cards and IBANs', () => {
  it('finds cards with spaces, dashes or none, and the card before an expiry date', () => {
    expect(removed('4532 0151 1283 0366 12/27')).toEqual(['4532 0151 1283 0366']);
    expect(removed('5520-0012-3456-7814')).toEqual(['5520-0012-3456-7814']);
    expect(removed('pay 371449635398431.')).toEqual(['371449635398431']);
    expect(removed('4532 0151 1283 0366 123')).toEqual(['4532 0151 1283 0366']);
  });
  it('leaves numbers that fail Luhn, phones, dates and digits glued to letters', () => {
    for (const text of [
      'order 4000 1234 5678 9010',
      '+49 4532 0151 1283 0366',
      '2026-11-22 10:30',
      'SN 4532015112830366AB',
      'IMEI 356938035643809',
    ]) {
      expect(removed(text)).toEqual([]);
    }
  });
  it('finds IBANs with and without spaces and checks the country length', () => {
    expect(removed('IBAN DE89 3704 0044 0532 0130 00 ok')).toEqual(['DE89 3704 0044 0532 0130 00']);
    expect(removed('PL61109010140000071219812874')).toEqual(['PL61109010140000071219812874']);
    expect(removed('DE89 3704 0044 0532 0130 001')).toEqual([]); // one digit too many
    expect(removed('DE88 3704 0044 0532 0130 00')).toEqual([]); // wrong check digits
    expect(removed('please send me the IBAN form')).toEqual([]);
  });
  it('marks them in the chosen language', () => {
    const pl = createRedactor(shippedPrivacy(), { markerLanguage: 'pl' });
    expect(pl.redact('karta 4532015112830366').text).toBe('karta [numer karty usunięty]');
  });
});

describe('policy', () => {
  it('turns kinds off, overrides markers and allows listed strings', () => {
    const r = createRedactor(shippedPrivacy(), {
      kinds: { iban: false } as never,
      markers: { password: '***' },
      allow: ['4111111111111111'],
    });
    expect(r.redact('password: Abc123! IBAN DE89370400440532013000 card 4111111111111111').text).toBe(
      'password: *** IBAN DE89370400440532013000 card 4111111111111111',
    );
  });
});

describe('adversarial input', () => {
  it.each([
    ['repeated keywords', 'password: '.repeat(10_000)],
    ['one long token', 'password: ' + 'a1'.repeat(50_000)],
    ['digit groups', '1 '.repeat(50_000)],
    ['IBAN prefixes', 'DE89 '.repeat(20_000)],
    ['JWT starts', 'eyJ'.repeat(33_000)],
    ['PEM begins', '-----BEGIN PRIVATE KEY-----'.repeat(4_000)],
    ['key words', 'key '.repeat(25_000)],
    ['quotes', 'password "'.repeat(10_000)],
  ])('finishes on 100 KB of %s', (_name, text) => {
    const result = redactor.redact(text);
    expect(typeof result.text).toBe('string');
  });

  it('still finds the secret at the end of 100 KB of noise', () => {
    const text = '4000 1234 5678 9010 '.repeat(5_000) + 'password: Tr0ub4dor&3';
    const result = redactor.redact(text);
    expect(result.findings).toHaveLength(1);
    expect(result.text.endsWith('password: [password removed]')).toBe(true);
  });
});
