import { bitlockerKeyValid, ibanChecksumValid, luhnValid, mod97 } from '../../../src/privacy/checksums';
import { hasKnownIssuer, isCardNumber } from '../../../src/privacy/detectors/cards';
import { matchesShape } from '../../../src/privacy/detectors/ibans';

describe('Luhn', () => {
  it.each([
    '4532015112830366',
    '5520001234567814',
    '371449635398431',
    '6011000990139424',
    '2223004312345670',
  ])('accepts %s (check digit computed by hand)', (n) => expect(luhnValid(n)).toBe(true));
  it.each(['4532015112830367', '4000123456789010', '5012345678901234', '1234567812345678'])(
    'rejects %s',
    (n) => expect(luhnValid(n)).toBe(false),
  );
  it('rejects non-digits and single digits', () => {
    expect(luhnValid('4532 0151 1283 0366')).toBe(false);
    expect(luhnValid('0')).toBe(false);
  });
  it('catches every single-digit change of a valid number', () => {
    const valid = '4917600000000001';
    for (let i = 0; i < valid.length; i++) {
      const d = Number(valid[i]);
      const changed = valid.slice(0, i) + String((d + 3) % 10) + valid.slice(i + 1);
      expect(luhnValid(changed)).toBe(false);
    }
  });
});

describe('card issuer', () => {
  it('knows the networks and their lengths', () => {
    expect(isCardNumber('4532015112830366')).toBe(true);
    expect(isCardNumber('371449635398431')).toBe(true); // Amex, 15 digits
    expect(hasKnownIssuer('3714496353984310')).toBe(false); // Amex is never 16 digits
  });
  it('does not take a Luhn-valid IMEI for a card', () => {
    expect(luhnValid('356938035643809')).toBe(true);
    expect(isCardNumber('356938035643809')).toBe(false);
    expect(isCardNumber('356938035643809', false)).toBe(true);
  });
});

describe('IBAN mod 97', () => {
  it.each([
    'DE89370400440532013000',
    'PL61109010140000071219812874',
    'RO54RZBR0000060012345678',
    'AT611904300234573201',
    'CH9300762011623852957',
    'FR1420041010050500013M02606',
    'GB29NWBK60161331926819',
    'NL91ABNA0417164300',
    'ES9121000418450200051332',
    'IT60X0542811101000000123456',
    'de89 3704 0044 0532 0130 00',
  ])('accepts %s', (iban) => expect(ibanChecksumValid(iban)).toBe(true));
  it.each([
    'DE88370400440532013000',
    'DE89370400440532013001',
    'PL61109010140000071219812875',
    'GB29NWBK6016133192681',
  ])('rejects %s', (iban) => expect(ibanChecksumValid(iban)).toBe(false));
  it('computes the remainder with letters as 10..35', () => {
    // "A" is 10, so "A0" reads as 100, and 100 mod 97 is 3.
    expect(mod97('A0')).toBe(3);
    expect(mod97('370400440532013000DE00')).toBe(98 - 89);
  });
  it('checks the BBAN shape', () => {
    expect(matchesShape('RZBR0000060012345678', '4a16c')).toBe(true);
    expect(matchesShape('1ZBR0000060012345678', '4a16c')).toBe(false);
  });
});

describe('BitLocker recovery key', () => {
  it('needs eight groups of six digits, each a multiple of 11', () => {
    expect(bitlockerKeyValid('233453-683320-108757-284636-469260-034815-052228-592064')).toBe(true);
    expect(bitlockerKeyValid('233454-683320-108757-284636-469260-034815-052228-592064')).toBe(false);
    expect(bitlockerKeyValid('233453-683320-108757')).toBe(false);
  });
});
