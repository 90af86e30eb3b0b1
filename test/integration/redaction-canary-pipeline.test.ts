import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { MongoClient } from 'mongodb';
import { createLogger } from '../../src/logging';
import { createRedactor, findCanary, redactingLogMethod } from '../../src/privacy';
import { startApp, type RunningApp } from '../helpers/in-process-app';
import {
  mongoTestsEnabled,
  resolveMongoTarget,
  startMongoTarget,
  type RunningMongo,
} from '../helpers/mongo-target';
import { SseReader } from '../unit/console/sse-reader';
import { FakeConnector, connectorActivity } from '../helpers/fake-connector';
import { shippedPrivacy } from '../helpers/shipped-content';

jest.setTimeout(120_000);

const ALWAYS_OPEN = `timeZone: UTC
hours: { mon: ["00:00-24:00"], tue: ["00:00-24:00"], wed: ["00:00-24:00"], thu: ["00:00-24:00"], fri: ["00:00-24:00"], sat: ["00:00-24:00"], sun: ["00:00-24:00"] }
`;

/** One made-up secret per way in; each must be found nowhere afterwards. */
const CANARIES = {
  userKeywordAfter: 'Kc7!after-Pw-1931',
  userTypedAs: 'Kc7!typed-Pw-2842',
  userValue: 'Kc7!value-Pw-3753',
  userChannelData: 'Kc7!chdata-Pw-4664',
  userEventValue: 'Kc7!event-Pw-5575',
  userSplit: 'Kc7!split-Pw-6486',
  teamsChannelData: 'Kc7!teamscd-Pw-2931',
  teamsSplit: 'Kc7!teamssp-Pw-3042',
  technicianReply: 'TechTemp7!pw-7397',
  technicianSplit: 'TechTemp7!sp-8208',
  technicianNote: 'TechNote7!pw-9119',
  technicianResolution: 'TechDone7!pw-1020',
} as const;

interface DlActivity {
  type: string;
  text?: string;
  from: { id: string; role?: string };
}

/** A web chat user on the real Direct Line endpoint; every response body is kept for the scan. */
class WebUser {
  readonly responses: unknown[] = [];
  private constructor(
    private readonly url: string,
    readonly conversationId: string,
    private readonly token: string,
  ) {}

  static async start(url: string): Promise<WebUser> {
    const res = await fetch(`${url}/v3/directline/conversations`, { method: 'POST' });
    const started = (await res.json()) as { conversationId: string; token: string };
    return new WebUser(url, started.conversationId, started.token);
  }

  private get activities() {
    return `${this.url}/v3/directline/conversations/${this.conversationId}/activities`;
  }

  async post(activity: Record<string, unknown>): Promise<void> {
    const res = await fetch(this.activities, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ from: { id: 'ignored' }, locale: 'en-US', ...activity }),
    });
    const body = await res.text();
    this.responses.push(body);
    expect(res.status).toBe(200);
  }

  say(text: string): Promise<void> {
    return this.post({ type: 'message', text });
  }

  async log(): Promise<DlActivity[]> {
    const res = await fetch(`${this.activities}?watermark=0`, {
      headers: { authorization: `Bearer ${this.token}` },
    });
    const body = (await res.json()) as { activities: DlActivity[] };
    this.responses.push(body);
    return body.activities;
  }

  async botTexts(): Promise<string[]> {
    return (await this.log()).filter((a) => a.from.role === 'bot').map((a) => a.text ?? '');
  }
}

/** Every row of every table of every SQLite file in the data folder, plus the raw bytes. */
function sqliteContents(dataDir: string): unknown[] {
  const files = fs
    .readdirSync(dataDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
  const rows: unknown[] = files.map((f) => fs.readFileSync(f).toString('latin1'));
  for (const file of files.filter((f) => /\.(db|sqlite3?)$/.test(f))) {
    const db = new Database(file, { readonly: true });
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
      name: string;
    }[];
    expect(tables.length).toBeGreaterThan(3);
    for (const { name } of tables) rows.push({ [name]: db.prepare(`SELECT * FROM "${name}"`).all() });
    db.close();
  }
  expect(rows.length).toBeGreaterThan(files.length);
  return rows;
}

/** Every document of every collection in the app's MongoDB database. */
async function mongoContents(uri: string, dbName: string): Promise<unknown[]> {
  const client = await MongoClient.connect(uri);
  try {
    const db = client.db(dbName);
    const collections = await db.listCollections().toArray();
    expect(collections.length).toBeGreaterThan(3);
    const all: unknown[] = [];
    for (const { name } of collections) all.push({ [name]: await db.collection(name).find({}).toArray() });
    return all;
  } finally {
    await client.close();
  }
}

function expectNoCanaries(where: string, haystack: unknown): void {
  const found = Object.entries(CANARIES).flatMap(([name, canary]) =>
    findCanary(haystack, canary).map((at) => `${name} at ${where} ${at}`),
  );
  expect(found).toEqual([]);
}

async function until<T>(
  what: () => string | Promise<string>,
  probe: () => Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${await what()}`);
    await sleep(50);
  }
}

type Backend = { name: 'SQLite' } | { name: 'FerretDB'; target: ReturnType<typeof resolveMongoTarget> };
const mongoTarget = resolveMongoTarget();
const backends: Backend[] = [{ name: 'SQLite' }];
if (mongoTestsEnabled(mongoTarget, 'redaction canary on MongoDB'))
  backends.push({ name: 'FerretDB', target: mongoTarget });

describe.each(backends)('secrets typed by users and technicians ($name)', (backend) => {
  let running: RunningApp;
  let mongo: RunningMongo | undefined;
  const dbName = `canary${Date.now()}`;
  const logLines: string[] = [];
  const apiResponses: unknown[] = [];
  let user: WebUser;
  let helped: WebUser;
  const connector = new FakeConnector();
  let serviceUrl: string;

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger({
      level: 'trace',
      destination: sink,
      logMethod: redactingLogMethod(createRedactor(shippedPrivacy())),
    });
    const support = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-support-')), 'support.yaml');
    fs.writeFileSync(support, ALWAYS_OPEN);
    const env: Record<string, string> = { SUPPORT_CONFIG_FILE: support, LOG_LEVEL: 'trace' };
    if (backend.name === 'FerretDB') {
      mongo = await startMongoTarget(backend.target);
      Object.assign(env, { MONGODB_URI: mongo.uri, MONGODB_DB: dbName });
    }
    running = await startApp(env, logger);
    serviceUrl = await connector.start();
  }, 90_000);

  afterAll(async () => {
    await connector.stop();
    await running?.stop();
    await mongo?.stop();
  });

  it('are removed from every way in: text, value, channelData, event value, split message', async () => {
    user = await WebUser.start(running.url);
    await user.post({ type: 'event', name: 'webchat/join', value: { locale: 'en-US' } });
    await user.say(`I can't sign in to Outlook, ${CANARIES.userKeywordAfter} is my password`);
    await user.say(`I typed ${CANARIES.userTypedAs} as the password and it still fails`);
    await user.post({ type: 'message', value: { comment: `password: ${CANARIES.userValue}` } });
    await user.post({
      type: 'message',
      text: 'still locked out',
      channelData: { note: `pw: ${CANARIES.userChannelData}` },
    });
    await user.post({
      type: 'event',
      name: 'firstline/custom',
      value: { field: `${CANARIES.userEventValue} is my password` },
    });
    await user.say('my password is');
    await user.say(CANARIES.userSplit);
    const texts = await user.botTexts();
    // Told to change it, for the new cases too.
    expect(texts.filter((t) => /change (it|that|this|your) password/i.test(t)).length).toBeGreaterThanOrEqual(
      4,
    );
  });

  it('are removed on the Teams channel too: channelData, entities and a split message', async () => {
    const conversation = { id: `teams-canary-${backend.name}`, conversationType: 'personal', tenantId: 't1' };
    const send = async (overrides: Record<string, unknown>) => {
      const res = await fetch(`${running.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(connectorActivity(serviceUrl, { conversation, ...overrides })),
      });
      apiResponses.push(await res.text());
      expect(res.status).toBeLessThan(300);
    };
    await send({
      text: 'Outlook keeps asking me to sign in',
      channelData: { tenant: { id: 't1' }, note: `password: ${CANARIES.teamsChannelData}` },
      entities: [{ type: 'clientInfo', note: `${CANARIES.teamsChannelData} is my password` }],
    });
    await send({ text: 'Mein Passwort ist', locale: 'de-DE' });
    await send({ text: CANARIES.teamsSplit, locale: 'de-DE' });
    // Told to change it after the channelData/entities message and after the split message; the
    // second time in German: "Mein Passwort ist" at the clarifying question is a new request in
    // German, and the chat follows its language.
    const notices = () =>
      JSON.stringify(connector.received).match(/removed what looked like a password|wie ein Passwort aussah/g)
        ?.length ?? 0;
    await until(
      () => `two notices; got ${notices()}`,
      async () => (notices() >= 2 ? true : undefined),
    );
    apiResponses.push(connector.received);
  });

  it('are removed from what a technician types: console reply (also split), note, resolution', async () => {
    const handoff = running.app.handoff!;
    // A second chat that asks for a person straight away (the first one is inside a guided flow).
    helped = await WebUser.start(running.url);
    await helped.say('I want to talk to a person');
    // Asked what the problem is first, the user insists on a person.
    await helped.say('I want to talk to a person');
    let answered = 0;
    const owner = await until(
      async () => `a hand-over; the bot said:\n${(await helped.botTexts()).join('\n')}`,
      async () => {
        const found = await handoff.queue.ownerOf(helped.conversationId);
        if (found) return found;
        const texts = await helped.botTexts();
        const last = texts.at(-1) ?? '';
        if (texts.length > answered && /\?\**\s*$/.test(last)) {
          answered = texts.length + 1;
          await helped.say(/yes|no|\*\*.*\*\*\?/i.test(last) ? 'yes' : 'the printer on floor 3 is jammed');
        }
        return undefined;
      },
    );
    const { token } = await handoff.technicians.create({
      name: 'Tess',
      role: 'lead',
      languages: ['en'],
      skills: [],
      availability: 'online',
    });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const feed = await new SseReader(`${running.url}/api/console/events?after=0`, headers).open();
    const call = async (method: string, route: string, body?: unknown) => {
      const res = await fetch(`${running.url}${route}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      apiResponses.push(text);
      expect(res.status).toBeLessThan(300);
      return JSON.parse(text) as Record<string, unknown>;
    };
    const base = `/api/console/handoffs/${owner.id}`;
    await call('POST', `${base}/claim`);
    await call('POST', `${base}/messages`, {
      text: `your temporary password is ${CANARIES.technicianReply}`,
    });
    await call('POST', `${base}/messages`, { text: 'and the VPN password is' });
    await call('POST', `${base}/messages`, { text: CANARIES.technicianSplit });
    await call('POST', `${base}/notes`, { text: `user's new password: ${CANARIES.technicianNote}` });
    await until(
      () => 'the replies in the chat',
      async () =>
        (await helped.botTexts()).filter((t) => t.includes('[password removed]')).length >= 2
          ? true
          : undefined,
    );
    await call('GET', base);
    await call('GET', `/api/console/tickets/${owner.ticketId}`);
    await call('POST', `${base}/resolve`, {
      note: `reset to ${CANARIES.technicianResolution} is the password now`,
      category: 'account',
    });
    await call('GET', `/api/console/tickets/${owner.ticketId}`);
    await feed.until((events) => events.some((e) => e.data.type === 'note'));
    await feed.close();
    apiResponses.push(feed.events);
    const ticket = (await call('GET', `/api/console/tickets/${owner.ticketId}`)) as { ticket: unknown };
    expect(JSON.stringify(ticket)).toContain('[password removed]');
  });

  it('and are then found in no API response, no log line and no store', async () => {
    await user.log();
    await helped.log();
    expectNoCanaries('API response', [...user.responses, ...helped.responses, ...apiResponses]);
    await running.stop();
    expect(logLines.length).toBeGreaterThan(0);
    expectNoCanaries('log', logLines.join('\n'));
    const stored =
      backend.name === 'SQLite' ? sqliteContents(running.dataDir) : await mongoContents(mongo!.uri, dbName);
    expectNoCanaries(`${backend.name} store`, stored);
  });
});
