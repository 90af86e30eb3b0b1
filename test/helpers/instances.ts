import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { readSseFrames } from './sse-frames';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocket } from 'ws';
import { addTechnician, alwaysOpenSupportFile } from '../e2e/console-harness';
import { startFirstLine, type FirstLineProcess } from './firstline-process';

/**
 * Clients and launchers for tests that run FirstLine as real processes: several instances on one
 * MongoDB (issue 6) or one instance killed and restarted (issue 5). Everything talks HTTP on
 * 127.0.0.1, as a browser and the console would.
 */

export interface Cluster {
  readonly instances: FirstLineProcess[];
  /** The environment every instance shares (database, token secret, support hours). */
  readonly env: Record<string, string>;
  /** Creates a technician with the operator CLI against the shared database. */
  addTechnician(name: string, role: 'technician' | 'lead' | 'admin'): Promise<{ id: string; token: string }>;
  /** Stops every instance and drops the cluster's database. */
  dispose(): Promise<void>;
}

/**
 * Starts `count` FirstLine processes on one MongoDB database with one Direct Line token secret,
 * each on its own port and DATA_DIR, all open around the clock.
 */
export async function startCluster(
  count: number,
  options: { mongoUri: string; env?: Record<string, string> },
): Promise<Cluster> {
  const env: Record<string, string> = {
    MONGODB_URI: options.mongoUri,
    MONGODB_DB: `firstline_${randomBytes(4).toString('hex')}`,
    DIRECTLINE_TOKEN_SECRET: randomBytes(32).toString('base64url'),
    SUPPORT_CONFIG_FILE: alwaysOpenSupportFile(),
    ...options.env,
  };
  // The first starts alone: it creates the indexes, so the others' start-up is the common case.
  const first = await startFirstLine(env);
  const rest = await Promise.all(Array.from({ length: count - 1 }, () => startFirstLine(env)));
  const instances = [first, ...rest];
  return {
    instances,
    env,
    addTechnician: (name, role) => addTechnician(first.dataDir, name, role, env),
    async dispose() {
      await Promise.all(instances.map((i) => i.dispose()));
      // The cluster's own database: a shared MONGODB_URI server is left as it was found.
      const client = new MongoClient(options.mongoUri);
      await client
        .db(env.MONGODB_DB)
        .dropDatabase()
        .finally(() => client.close());
    },
  };
}

export interface DlActivity {
  id: string;
  type: string;
  text?: string;
  from: { id: string; role?: string; name?: string };
  timestamp?: string;
  attachments?: { contentType: string; content?: unknown }[];
}

interface Started {
  conversationId: string;
  token: string;
  streamUrl: string;
}

/** Outcome of one post: acknowledged (2xx, with the activity id) or not (error or no answer). */
export type PostResult = { ok: true; id: string } | { ok: false; error: string };

/**
 * A web chat user on Direct Line 3.0: starts a conversation on one instance, posts, reads the
 * WebSocket stream, and can move to another instance with the same token and its watermark.
 * Every activity the stream delivers is kept, duplicates included, so tests can count them.
 */
export class DirectLineUser {
  /** Every activity delivered by any stream, in order of arrival, duplicates included. */
  readonly received: DlActivity[] = [];
  private watermark = 0;
  private socket: WebSocket | undefined;
  private waiters: (() => void)[] = [];
  private readonly clientIds = new Map<string, string>();

  private constructor(
    public baseUrl: string,
    readonly conversationId: string,
    readonly token: string,
  ) {}

  static async start(baseUrl: string): Promise<DirectLineUser> {
    const res = await fetch(`${baseUrl}/v3/directline/conversations`, { method: 'POST' });
    if (res.status !== 201) throw new Error(`start conversation answered ${res.status}: ${await res.text()}`);
    const started = (await res.json()) as Started;
    const user = new DirectLineUser(baseUrl, started.conversationId, started.token);
    await user.openStream(started.streamUrl);
    return user;
  }

  private get conversationUrl(): string {
    return `${this.baseUrl}/v3/directline/conversations/${encodeURIComponent(this.conversationId)}`;
  }

  private get auth(): Record<string, string> {
    return { authorization: `Bearer ${this.token}` };
  }

  /**
   * Posts a message; never throws, so a test can post while the server is being killed. Like Web
   * Chat, each message carries a client activity id, and posting the same text again is a retry of
   * that message (same id), as Web Chat's "Retry" after a failed send.
   */
  async post(text: string, timeoutMs = 20_000): Promise<PostResult> {
    let clientActivityID = this.clientIds.get(text);
    if (!clientActivityID) {
      clientActivityID = `c${randomBytes(6).toString('hex')}`;
      this.clientIds.set(text, clientActivityID);
    }
    try {
      const res = await fetch(`${this.conversationUrl}/activities`, {
        method: 'POST',
        headers: { ...this.auth, 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'message',
          text,
          from: { id: 'ignored' },
          locale: 'en-US',
          channelData: { clientActivityID },
        }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const body = await res.text();
      if (res.status !== 200) return { ok: false, error: `${res.status}: ${body}` };
      return { ok: true, id: String((JSON.parse(body) as { id: string }).id) };
    } catch (error) {
      return { ok: false, error: String(error) };
    }
  }

  /** Announces the page as the web chat does when it connects (the bot greets on it). */
  async join(locale = 'en-US'): Promise<void> {
    const res = await fetch(`${this.conversationUrl}/activities`, {
      method: 'POST',
      headers: { ...this.auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'event',
        name: 'webchat/join',
        value: { locale },
        from: { id: 'ignored' },
        locale,
      }),
    });
    if (res.status !== 200) throw new Error(`join answered ${res.status}: ${await res.text()}`);
  }

  /** Like post, but a failure fails the test. */
  async say(text: string): Promise<string> {
    const result = await this.post(text);
    if (!result.ok) throw new Error(`posting "${text}" failed: ${result.error}`);
    return result.id;
  }

  /** The whole conversation log as the instance at `baseUrl` serves it (HTTP, from watermark 0). */
  async log(baseUrl = this.baseUrl): Promise<DlActivity[]> {
    const all: DlActivity[] = [];
    let watermark = 0;
    for (;;) {
      const url = `${baseUrl}/v3/directline/conversations/${encodeURIComponent(this.conversationId)}/activities?watermark=${watermark}`;
      const res = await fetch(url, { headers: this.auth });
      if (res.status !== 200) throw new Error(`GET activities answered ${res.status}: ${await res.text()}`);
      const page = (await res.json()) as { activities: DlActivity[]; watermark: string };
      all.push(...page.activities);
      if (page.activities.length === 0 || Number(page.watermark) === watermark) return all;
      watermark = Number(page.watermark);
    }
  }

  /**
   * Moves to another instance as the web chat does after a dropped socket: GET the conversation
   * there with the same token and the last watermark, then open the stream it names.
   */
  async reconnect(baseUrl: string): Promise<void> {
    this.closeStream();
    this.baseUrl = baseUrl;
    const res = await fetch(`${this.conversationUrl}?watermark=${this.watermark}`, { headers: this.auth });
    if (res.status !== 200) throw new Error(`reconnect answered ${res.status}: ${await res.text()}`);
    const { streamUrl } = (await res.json()) as Started;
    await this.openStream(streamUrl);
  }

  /** True while the stream socket is open. */
  get streaming(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Bot messages received on the stream, in order, duplicates included. */
  botTexts(): string[] {
    return this.received
      .filter((a) => a.type === 'message' && a.from.role === 'bot')
      .map((a) => a.text ?? '');
  }

  /** Waits until `predicate` holds for what the stream delivered. */
  async waitFor(what: string, predicate: (received: DlActivity[]) => boolean, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.received)) {
      if (Date.now() > deadline) {
        throw new Error(`user: timed out waiting for ${what}; bot said:\n${this.botContent().join('\n')}`);
      }
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  /** Bot messages with their cards' JSON (choices may come as cards), for matching prompts. */
  botContent(): string[] {
    return this.received
      .filter((a) => a.type === 'message' && a.from.role === 'bot')
      .map((a) => [a.text ?? '', ...(a.attachments ?? []).map((c) => JSON.stringify(c))].join('\n'));
  }

  /** Waits for a bot message (text or card) matching `pattern`; returns it. */
  async waitForBot(pattern: RegExp, timeoutMs?: number): Promise<string> {
    const found = () => this.botContent().find((t) => pattern.test(t));
    await this.waitFor(`a bot message matching ${pattern}`, () => found() !== undefined, timeoutMs);
    return found() ?? '';
  }

  /**
   * Asks for a person and waits until the hand-over is queued, confirming the topic when the bot
   * asks "is it about X?" first. Returns the bot's message with the ticket number.
   */
  async askForPerson(request = 'talk to a person'): Promise<string> {
    const seen = this.botContent().length;
    await this.say(request);
    const queued = /I've opened ticket \*\*HD-\d+\*\*/;
    const confirm = /is it about \*\*[^*]+\*\*\?/;
    // Asked what the problem is (no problem described yet), the user insists on a person.
    const askProblem = /what's the problem, in a sentence\?/;
    const asked = () =>
      this.botContent()
        .slice(seen)
        .some((t) => askProblem.test(t));
    await this.waitFor('the bot to answer the request', () => this.botContent().length > seen);
    if (asked()) await this.say(request);
    await this.waitFor('the hand-over or its topic question', () =>
      this.botContent()
        .slice(seen)
        .some((t) => queued.test(t) || confirm.test(t)),
    );
    if (
      !this.botContent()
        .slice(seen)
        .some((t) => queued.test(t))
    )
      await this.say('yes');
    return this.waitForBot(queued);
  }

  close(): void {
    this.closeStream();
  }

  private async openStream(streamUrl: string): Promise<void> {
    const socket = new WebSocket(streamUrl);
    this.socket = socket;
    socket.on('message', (data: Buffer) => {
      const text = data.toString();
      if (!text.trim()) return;
      const set = JSON.parse(text) as { activities: DlActivity[]; watermark?: string };
      this.received.push(...set.activities);
      if (set.watermark !== undefined) this.watermark = Number(set.watermark);
      const waiters = this.waiters;
      this.waiters = [];
      for (const wake of waiters) wake();
    });
    socket.on('error', () => undefined); // a killed server resets the socket; tests reconnect
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
  }

  private closeStream(): void {
    const socket = this.socket;
    this.socket = undefined;
    if (socket && socket.readyState !== WebSocket.CLOSED) socket.terminate();
  }
}

export interface FeedEvent {
  seq: number;
  type: string;
  handoffId?: string;
  from?: string;
  text?: string;
  [key: string]: unknown;
}

export interface ApiResult<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/**
 * A technician's console without a browser: bearer token on the documented API, and the live feed
 * (Server-Sent Events) read with fetch, resumable on any instance with Last-Event-ID.
 */
export class ConsoleClient {
  /** Every event the feed delivered, in order, across reconnects, duplicates included. */
  readonly events: FeedEvent[] = [];
  private feed: AbortController | undefined;
  private reading: Promise<void> | undefined;
  private waiters: (() => void)[] = [];

  constructor(
    public baseUrl: string,
    readonly token: string,
  ) {}

  async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<ApiResult<T>> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
  }

  /** Like call, but anything but 2xx fails the test. */
  async ok<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    const result = await this.call<T>(method, path, body);
    if (result.status < 200 || result.status > 299) {
      throw new Error(`${method} ${path} answered ${result.status}: ${JSON.stringify(result.body)}`);
    }
    return result.body;
  }

  queue() {
    return this.ok<{ entries: { handoff: { id: string; conversationId: string; ticketId: string } }[] }>(
      'GET',
      '/api/console/queue',
    );
  }

  claim(handoffId: string) {
    return this.ok<{ handoff: { id: string; ticketId: string } }>(
      'POST',
      `/api/console/handoffs/${handoffId}/claim`,
    );
  }

  /** Sends a message to the user; resolves with whether the server acknowledged it. */
  async send(handoffId: string, text: string): Promise<boolean> {
    try {
      const result = await this.call('POST', `/api/console/handoffs/${handoffId}/messages`, { text });
      return result.status === 200;
    } catch {
      return false;
    }
  }

  resolve(handoffId: string, note: string, category: string) {
    return this.ok('POST', `/api/console/handoffs/${handoffId}/resolve`, { note, category });
  }

  ticket(ticketId: string) {
    return this.ok<{
      ticket: { number: string; status: string };
      transcript: { text?: string; from: { role: string } }[];
    }>('GET', `/api/console/tickets/${ticketId}`);
  }

  /** Opens the live feed on `baseUrl`, resuming after the last event seen. */
  async openFeed(baseUrl = this.baseUrl): Promise<void> {
    this.closeFeed();
    this.baseUrl = baseUrl;
    const controller = new AbortController();
    this.feed = controller;
    const last = this.events.at(-1)?.seq;
    const res = await fetch(`${baseUrl}/api/console/events`, {
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(last === undefined ? {} : { 'last-event-id': String(last) }),
      },
      signal: controller.signal,
    });
    if (res.status !== 200 || !res.body) throw new Error(`console feed answered ${res.status}`);
    this.reading = readSseFrames(res.body, (frame) => this.dispatch(frame));
  }

  closeFeed(): void {
    this.feed?.abort();
    this.feed = undefined;
  }

  async waitFor(what: string, predicate: (events: FeedEvent[]) => boolean, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.events)) {
      if (Date.now() > deadline) {
        throw new Error(
          `console: timed out waiting for ${what}; feed:\n${JSON.stringify(this.events.slice(-20))}`,
        );
      }
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  /** Texts of `message` events of one handoff from one side, in feed order, duplicates included. */
  messages(handoffId: string, from: 'user' | 'technician'): string[] {
    return this.events
      .filter((e) => e.type === 'message' && e.handoffId === handoffId && e.from === from)
      .map((e) => e.text ?? '');
  }

  async dispose(): Promise<void> {
    this.closeFeed();
    await this.reading;
  }

  private dispatch(block: string): void {
    const data = block
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).trim());
    if (data.length === 0) return;
    this.events.push(JSON.parse(data.join('\n')) as FeedEvent);
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

/** Technician messages as the user's Direct Line client gets them (sent under their name), in order. */
export function technicianLines(activities: DlActivity[], name: string): string[] {
  return activities
    .filter((a) => a.type === 'message' && a.from.name === name && a.from.id !== 'firstline-bot')
    .map((a) => a.text ?? '');
}

/** Counts of each value, for "exactly once" checks with a readable diff. */
export function counts(values: string[]): Record<string, number> {
  const result: Record<string, number> = {};
  for (const value of values) result[value] = (result[value] ?? 0) + 1;
  return result;
}

export function randomPause(minMs: number, maxMs: number): Promise<void> {
  return sleep(minMs + Math.random() * (maxMs - minMs));
}
