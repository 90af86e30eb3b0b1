import { Writable } from 'node:stream';
import { MemoryStorage } from 'botbuilder';
import { createLogger } from '../../../src/logging';
import {
  createRedactionPipeline,
  createRedactor,
  personalDataPolicy,
  redactingLogMethod,
  redactLogArgument,
  redactionNotice,
} from '../../../src/privacy';
import { shippedPrivacy } from '../../helpers/shipped-content';

const redactor = createRedactor(shippedPrivacy());
const removed = (text: string) => redactor.redact(text).findings.map((f) => text.slice(f.start, f.end));

describe('passwords written before their keyword', () => {
  it.each([
    ['Hunter3!abc is my password', 'Hunter3!abc'],
    ['I typed Winter2024!Berlin as the password', 'Winter2024!Berlin'],
    ['"sunshine" is my password', 'sunshine'],
    ['Regen#Tag7 ist mein neues Passwort', 'Regen#Tag7'],
    ['Wpisałam Lato2025! jako hasło', 'Lato2025!'],
    ['Ploaie#9 este parola mea', 'Ploaie#9'],
    ['4821 is my PIN.', '4821'],
  ])('%s', (text, secret) => {
    expect(removed(text)).toEqual([secret]);
  });

  it.each([
    'KeePass2 is my password manager',
    'What is my password?',
    'This is the password policy everyone hates',
    'I want to change my password',
    'Outlook is my password problem',
    '12 is the password length they require',
    'Atunci problema e parola, nu Outlook',
  ])('leaves "%s"', (text) => {
    expect(removed(text)).toEqual([]);
  });
});

describe('ids and addresses in logs and messages', () => {
  it.each([
    'conversation 11111111-2222-3333-4444-555555555555 failed',
    'GET https://host.example/v3/directline/conversations/4111111111111111/activities',
    'ticket HD-1001, error 0x80070005, from 10.20.30.40, version 16.0.17328.20142',
    'build 4.23.3 of botbuilder, KB5034441',
    'see your devices at https://account.microsoft.com/devices and lock the lost one',
  ])('keeps "%s" as it is', (text) => {
    expect(redactor.redact(text).text).toBe(text);
  });

  it('still removes a card number in a query string and redacts log arguments without mangling ids', () => {
    expect(removed('https://shop.example/pay?card=4111111111111111')).toEqual(['4111111111111111']);
    const line = redactLogArgument(redactor, {
      conversationId: '0a1b2c3d-3333-4444-4111-111111111111',
      url: '/v3/directline/conversations/0a1b2c3d-3333-4444-4111-111111111111/activities',
      text: 'my password is Zz9!logline',
    }) as Record<string, string>;
    expect(line.conversationId).toBe('0a1b2c3d-3333-4444-4111-111111111111');
    expect(line.url).toContain('0a1b2c3d-3333-4444-4111-111111111111');
    expect(line.text).toBe('my password is [password removed]');
  });

  it('keeps GUIDs and URLs intact in real log lines (pino with the redacting hook)', () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      destination: new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
      logMethod: redactingLogMethod(redactor),
    });
    const id = '11111111-2222-3333-4444-555555555555';
    logger.info({ conversationId: id, url: `https://bot.example/v3/conversations/${id}` }, `turn ${id} done`);
    logger.warn({ err: new Error('login failed: password is Zz9!inError') }, 'turn failed');
    expect(lines[0]).toContain(`"conversationId":"${id}"`);
    expect(lines[0]).toContain(`https://bot.example/v3/conversations/${id}`);
    expect(lines[0]).toContain(`turn ${id} done`);
    expect(lines[1]).not.toContain('Zz9!inError');
    expect(lines[1]).toContain('[password removed]');
  });

  it('never redacts its own markers again', () => {
    const once = redactor.redact('my password is Zz9!again and PIN: 4821').text;
    expect(redactor.redact(once).text).toBe(once);
  });
});

describe('e-mail addresses and phone numbers by policy', () => {
  const text = 'mail me at jan.kowalski@firma.pl or call +48 601 234 567 / 0171 2345678';

  it('are kept by default', () => {
    expect(redactor.redact(text).text).toBe(text);
  });

  it('are removed when the policy says so, without a change-your-secret notice', () => {
    const strict = createRedactor(
      shippedPrivacy(),
      personalDataPolicy({ emailAddresses: true, phoneNumbers: true }),
    );
    const result = strict.redact(text);
    expect(result.text).toBe(
      'mail me at [e-mail address removed] or call [phone number removed] / [phone number removed]',
    );
    expect(redactionNotice(result.findings, 'en', shippedPrivacy().messages)).toBeUndefined();
    expect(strict.redact('error 0x80070005 on 10.1.2.3, v2.4.1, HD-1001, 2026-04-12').findings).toEqual([]);
  });
});

describe('split over two messages', () => {
  const speaker = { conversationId: 'c1', role: 'user' as const };
  const fresh = (clock?: () => Date) =>
    createRedactionPipeline(redactor, { state: new MemoryStorage(), clock });

  it.each([
    ['my password is', 'Velvet#Moon88'],
    ['Mein Passwort ist', 'sonnenschein'],
    ['hasło:', 'Kot!Filemon12'],
    ['parola mea este', 'Delta!Dunarii9'],
    ['my PIN is', '4821'],
    ['I forgot my password', 'Abc123!xyz'],
  ])('"%s" then "%s"', async (first, second) => {
    const pipeline = fresh();
    expect((await pipeline.text(first, speaker)).findings).toEqual([]);
    const result = await pipeline.text(second, speaker);
    expect(result.text).toBe('[password removed]');
    expect(redactionNotice(result.findings, 'de', shippedPrivacy().messages)).toMatch(/Passwort/);
  });

  it('takes the first token of a longer message only when it looks like a password', async () => {
    const pipeline = fresh();
    await pipeline.text('the password is', speaker);
    expect((await pipeline.text('Quartz!Bridge4 sorry pressed enter', speaker)).text).toBe(
      '[password removed] sorry pressed enter',
    );
    await pipeline.text('the password is', speaker);
    expect((await pipeline.text('expired since Monday', speaker)).findings).toEqual([]);
  });

  it('forgets the keyword after one message, per person and conversation, and after 15 minutes', async () => {
    let now = new Date('2026-05-01T10:00:00Z');
    const pipeline = fresh(() => now);
    await pipeline.text('my password is', speaker);
    expect((await pipeline.text('Velvet#Moon88', { ...speaker, role: 'technician' })).findings).toEqual([]);
    expect((await pipeline.text('Velvet#Moon88', { ...speaker, conversationId: 'c2' })).findings).toEqual([]);
    await pipeline.text('help', speaker);
    expect((await pipeline.text('Velvet#Moon88', speaker)).findings).toEqual([]);
    await pipeline.text('my password is', speaker);
    now = new Date('2026-05-01T10:16:00Z');
    expect((await pipeline.text('Velvet#Moon88', speaker)).findings).toEqual([]);
  });

  it('shares the state through storage, so a second instance sees it', async () => {
    const state = new MemoryStorage();
    await createRedactionPipeline(redactor, { state }).text('Passwort:', speaker);
    const other = createRedactionPipeline(redactor, { state });
    expect((await other.text('Elbe2025Hamburg', speaker)).text).toBe('[password removed]');
  });

  it('runs on every field of an incoming activity', async () => {
    const pipeline = fresh();
    const { activity, findings } = await pipeline.incoming(
      {
        type: 'event',
        name: 'x',
        value: { v: 'pin: 4821' },
        channelData: { c: 'Hunter3!abc is my password' },
        from: { id: 'u1' },
      },
      speaker,
    );
    expect(findings).toHaveLength(2);
    expect(JSON.stringify(activity)).not.toMatch(/4821|Hunter3/);
    expect(activity.from).toEqual({ id: 'u1' });
  });
});
