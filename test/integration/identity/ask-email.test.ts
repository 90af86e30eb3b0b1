import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { SignJWT } from 'jose';
import { Catalogue } from '../../../src/i18n';
import { createLogger } from '../../../src/logging';
import { startApp, type RunningApp } from '../../helpers/in-process-app';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const catalogue = Catalogue.load(path.join(ROOT, 'content', 'i18n'));
const SECRET = 'host-site-and-firstline-share-this-secret-0123456789';
// Weekdays only, and the app's clock is on a Sunday night: every request is left for later.
const WEEKDAYS = `timeZone: UTC
queues: { printer: { skills: [workplace] } }
hours: { mon: ["08:00-17:00"], tue: ["08:00-17:00"], wed: ["08:00-17:00"], thu: ["08:00-17:00"], fri: ["08:00-17:00"] }
`;
const SUNDAY_NIGHT = new Date('2031-03-09T03:00:00Z');
const OFFSET_MS = SUNDAY_NIGHT.getTime() - Date.now();
const appNow = () => new Date(Date.now() + OFFSET_MS);

interface Logged {
  type: string;
  text?: string;
  from: { role?: string };
  suggestedActions?: { actions: { title: string }[] };
  attachments?: { content?: { body?: { text?: string }[]; actions?: { title: string }[] } }[];
}

class WebUser {
  constructor(
    private readonly url: string,
    readonly conversationId: string,
    private readonly token: string,
  ) {}

  static async start(url: string, identity?: string): Promise<WebUser> {
    const res = await fetch(`${url}/api/webchat/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(identity ? { identity } : {}),
    });
    const issued = (await res.json()) as { conversationId: string; token: string };
    return new WebUser(url, issued.conversationId, issued.token);
  }

  async say(text: string): Promise<void> {
    const res = await fetch(`${this.url}/v3/directline/conversations/${this.conversationId}/activities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text }),
    });
    expect(res.status).toBe(200);
  }

  async all(): Promise<unknown[]> {
    const res = await fetch(`${this.url}/v3/directline/conversations/${this.conversationId}/activities`, {
      headers: { authorization: `Bearer ${this.token}` },
    });
    return ((await res.json()) as { activities: { type: string; text?: string }[] }).activities.map((a) => [
      a.type,
      a.text,
    ]);
  }

  async bot(): Promise<Logged[]> {
    const res = await fetch(`${this.url}/v3/directline/conversations/${this.conversationId}/activities`, {
      headers: { authorization: `Bearer ${this.token}` },
    });
    // Cards count by their text blocks, as the user reads them.
    return ((await res.json()) as { activities: Logged[] }).activities
      .filter((a) => a.type === 'message' && a.from.role === 'bot')
      .map((a) => ({
        ...a,
        text: [
          a.text ?? '',
          ...(a.attachments ?? []).flatMap((c) => (c.content?.body ?? []).map((b) => b.text ?? '')),
        ].join('\n'),
      }));
  }

  async waitFor(text: string): Promise<Logged> {
    return this.waitForAny([text]);
  }

  async waitForAny(texts: string[]): Promise<Logged> {
    const text = texts.join('" or "');
    for (const deadline = Date.now() + 10_000; ; await sleep(50)) {
      const found = (await this.bot()).find((a) => texts.some((wanted) => a.text?.includes(wanted)));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no "${text}": ${JSON.stringify(await this.all())}`);
    }
  }
}

const t = (key: string, vars?: Record<string, string>) => catalogue.t('en', key, vars);
/** The part of a catalogue sentence before its first placeholder. */
const opening = (key: string) =>
  t(key, { ticket: '\u0000', email: '\u0000', topic: '\u0000', opening: '\u0000' }).split('\u0000')[0]!;

describe('asking an anonymous web user for an e-mail address when a ticket is left for later', () => {
  let running: RunningApp;
  const logLines: string[] = [];

  beforeAll(async () => {
    const support = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-support-')), 'support.yaml');
    fs.writeFileSync(support, WEEKDAYS);
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString('utf8'));
        done();
      },
    });
    running = await startApp(
      { SUPPORT_CONFIG_FILE: support, WEBCHAT_IDENTITY_SECRET: SECRET, LOG_LEVEL: 'debug' },
      createLogger({ level: 'debug', destination }),
      appNow,
    );
  });
  afterAll(() => running.stop());

  async function leaveForLater(user: WebUser): Promise<void> {
    await user.say('the printer on floor 3 is jammed');
    await user.say('I want to talk to a person');
    // A flow that knows the topic hands over at once; otherwise the bot confirms the topic first.
    const reply = await user.waitForAny([opening('handoff.confirmTopic'), opening('handoff.outOfHours')]);
    if (reply.text?.includes(opening('handoff.confirmTopic'))) await user.say('yes');
    else if (!reply.text?.includes(opening('handoff.outOfHours'))) throw new Error('unexpected reply');
    await user.waitFor(opening('handoff.outOfHours'));
  }

  async function ticketUser(user: WebUser) {
    const handoff = running.app.handoff!;
    const owner = await handoff.queue.ownerOf(user.conversationId);
    return (await handoff.tickets.get(owner!.ticketId))?.user;
  }

  it('asks once the ticket is left, checks the address, keeps it on the ticket and out of the logs', async () => {
    const user = await WebUser.start(running.url);
    await leaveForLater(user);
    const ask = await user.waitFor(opening('followUp.askEmail'));
    expect(ask.suggestedActions?.actions.map((a) => a.title)).toEqual([t('followUp.noEmail')]);

    await user.say('ada@contoso');
    await user.waitFor(t('followUp.emailInvalid'));
    expect((await ticketUser(user))?.email).toBeUndefined();

    await user.say("sure, it's Ada.Lovelace@Contoso.example");
    await user.waitFor(opening('followUp.emailSaved'));
    expect((await ticketUser(user))?.email).toBe('Ada.Lovelace@contoso.example');
    await running.app.idle();
    expect(logLines.join('')).not.toMatch(/Ada\.Lovelace@contoso/i);
  });

  it('asks for the address when the user only says yes', async () => {
    const user = await WebUser.start(running.url);
    await leaveForLater(user);
    await user.waitFor(opening('followUp.askEmail'));
    await user.say('yes');
    await user.waitFor(t('followUp.emailWhichAddress'));
    await user.say('ada@contoso.example');
    await user.waitFor(opening('followUp.emailSaved'));
    expect((await ticketUser(user))?.email).toBe('ada@contoso.example');
  });

  it('takes no for an answer', async () => {
    const user = await WebUser.start(running.url);
    await leaveForLater(user);
    await user.waitFor(opening('followUp.askEmail'));
    await user.say(t('followUp.noEmail'));
    await user.waitFor(t('followUp.emailSkipped'));
    expect((await ticketUser(user))?.email).toBeUndefined();
  });

  it('lets the user move on to something else', async () => {
    const user = await WebUser.start(running.url);
    await leaveForLater(user);
    await user.waitFor(opening('followUp.askEmail'));
    const before = (await user.bot()).length;
    await user.say('how do I reset my password');
    await running.app.idle();
    const after = (await user.bot()).slice(before).map((a) => a.text ?? '');
    expect(after.length).toBeGreaterThan(0);
    expect(after.join('\n')).not.toContain(t('followUp.emailInvalid'));
    await user.say('ada@contoso.example');
    await running.app.idle();
    // The question was dropped when the user moved on: a later address is just a message.
    expect((await ticketUser(user))?.email).toBeUndefined();
  });

  it('does not ask a user whose address the host site vouched for', async () => {
    const iat = Math.floor(appNow().getTime() / 1000);
    const identity = await new SignJWT({ sub: 'u-grace', name: 'Grace', email: 'grace@contoso.example' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt(iat)
      .setExpirationTime(iat + 300)
      .sign(new TextEncoder().encode(SECRET));
    const user = await WebUser.start(running.url, identity);
    await leaveForLater(user);
    await running.app.idle();
    expect((await user.bot()).some((a) => a.text?.includes(opening('followUp.askEmail')))).toBe(false);
    expect((await ticketUser(user))?.email).toBe('grace@contoso.example');
  });

  it('is asked in each of the four languages', () => {
    for (const lang of ['en', 'de', 'pl', 'ro'] as const) {
      const text = catalogue.t(lang, 'followUp.askEmail', { ticket: 'HD-1' });
      expect(text).toContain('HD-1');
      if (lang !== 'en') expect(text).not.toBe(catalogue.t('en', 'followUp.askEmail', { ticket: 'HD-1' }));
    }
  });
});
