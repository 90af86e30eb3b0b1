import pino from 'pino';
import { Writable } from 'node:stream';
import {
  createRedactor,
  expectNoCanary,
  findCanary,
  redactingLogMethod,
  redactionNotice,
} from '../../../src/privacy';
import { shippedPrivacy } from '../../helpers/shipped-content';

const redactor = createRedactor(shippedPrivacy());

describe('redactActivity', () => {
  it('redacts text, card submissions and nested strings, and leaves the original untouched', () => {
    const activity = {
      type: 'message',
      text: 'PIN: 4821',
      value: { form: { note: 'card 4532015112830366', tags: ['ok', 'password: Abc123!'] }, count: 3 },
      attachments: [{ contentType: 'text/html', content: '<p>password: Abc123!</p>' }],
    };
    const { activity: clean, findings } = redactor.redactActivity(activity);
    expect(clean.text).toBe('PIN: [password removed]');
    expect(clean.value).toEqual({
      form: { note: 'card [card number removed]', tags: ['ok', 'password: [password removed]'] },
      count: 3,
    });
    expect(clean.attachments).toEqual([
      { contentType: 'text/html', content: '<p>password: [password removed]</p>' },
    ]);
    expect(findings.map((f) => f.kind).sort()).toEqual(['card-number', 'password', 'password', 'password']);
    expect(activity.text).toBe('PIN: 4821');
    expectNoCanary(clean, 'Abc123!');
  });

  it('copes with cycles without leaking the original', () => {
    const value: Record<string, unknown> = { secret: 'password: Abc123!' };
    value.self = value;
    const { activity } = redactor.redactActivity({ value });
    expect(findCanary(activity, 'Abc123!')).toEqual([]);
  });

  it('returns activities without secrets unchanged', () => {
    const { activity, findings } = redactor.redactActivity({ text: 'Outlook will not start' });
    expect(activity).toEqual({ text: 'Outlook will not start' });
    expect(findings).toEqual([]);
  });
});

describe('redactionNotice', () => {
  it('tells the user what was removed in their language', () => {
    expect(redactionNotice([{ kind: 'password' }], 'en', shippedPrivacy().messages)).toMatch(
      /password.*change/i,
    );
    expect(redactionNotice([{ kind: 'password' }], 'de', shippedPrivacy().messages)).toMatch(/Passwort/);
    expect(redactionNotice([{ kind: 'card-number' }], 'pl', shippedPrivacy().messages)).toMatch(/karty/);
    expect(redactionNotice([{ kind: 'token' }], 'ro', shippedPrivacy().messages)).toMatch(/token/);
    expect(
      redactionNotice([{ kind: 'password' }, { kind: 'iban' }], 'en', shippedPrivacy().messages),
    ).toMatch(/several/);
    expect(redactionNotice([], 'en', shippedPrivacy().messages)).toBeUndefined();
  });
});

describe('pino logMethod hook', () => {
  it('redacts message strings, merging objects and errors before they are written', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = pino({ hooks: { logMethod: redactingLogMethod(redactor) } }, sink);
    logger.info('user wrote password: Canary#4711');
    logger.info({ text: 'hasło: Canary#4711', n: 1 }, 'incoming');
    logger.error({ err: new Error('login failed for pwd=Canary#4711') }, 'boom');
    logger.warn('card %s', '4532015112830366');
    expect(lines).toHaveLength(4);
    expectNoCanary(lines, 'Canary#4711');
    expectNoCanary(lines, '4532015112830366');
    expect(lines.join('')).toContain('[password removed]');
  });
});

describe('expectNoCanary', () => {
  it('finds the canary in nested values, keys, errors, buffers and encoded forms', () => {
    const canary = 'Canary#4711';
    expect(() => expectNoCanary({ a: [{ b: `x${canary}y` }] }, canary)).toThrow(/\$\.a\[0\]\.b/);
    expect(() => expectNoCanary({ [canary]: 1 }, canary)).toThrow();
    expect(() => expectNoCanary(new Map([['k', new Error(canary)]]), canary)).toThrow();
    expect(() => expectNoCanary(Buffer.from(`..${canary}..`), canary)).toThrow();
    expect(() => expectNoCanary(JSON.stringify({ t: `"${canary}"` }), canary)).toThrow();
    expect(() => expectNoCanary(`q=${encodeURIComponent(canary)}`, canary)).toThrow();
    for (const prefix of ['', 'a', 'ab']) {
      const b64 = Buffer.from(`${prefix}${canary}tail`).toString('base64');
      expect(() => expectNoCanary(b64, canary)).toThrow();
    }
    expect(() => expectNoCanary({ a: 'password: [password removed]' }, canary)).not.toThrow();
  });
});
