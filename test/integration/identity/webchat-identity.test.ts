import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { SignJWT, base64url } from 'jose';
import { createLogger } from '../../../src/logging';
import { startApp, type RunningApp } from '../../helpers/in-process-app';

const SECRET = 'host-site-and-firstline-share-this-secret-0123456789';
const ALWAYS_OPEN = `timeZone: UTC
queues: { printer: { skills: [workplace] } }
hours: { mon: ["00:00-24:00"], tue: ["00:00-24:00"], wed: ["00:00-24:00"], thu: ["00:00-24:00"], fri: ["00:00-24:00"], sat: ["00:00-24:00"], sun: ["00:00-24:00"] }
`;
const START = new Date('2031-03-04T10:00:00Z');

interface Issued {
  token: string;
  conversationId: string;
  userId: string;
}

interface Logged {
  type: string;
  text?: string;
  from: { id: string; role?: string; name?: string };
  attachments?: { content: { body?: { text?: string }[] } }[];
}

/** What a host site does on each page view for its signed-in user (docs/webchat-identity.md). */
async function hostToken(
  claims: Record<string, unknown>,
  options: { secret?: string; now?: Date; expiresInSeconds?: number } = {},
): Promise<string> {
  const iat = Math.floor((options.now ?? START).getTime() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(iat)
    .setExpirationTime(iat + (options.expiresInSeconds ?? 300))
    .sign(new TextEncoder().encode(options.secret ?? SECRET));
}

describe('web chat verified identity (WEBCHAT_IDENTITY_SECRET)', () => {
  let running: RunningApp;
  let now = START;
  const logLines: string[] = [];
  let logger: ReturnType<typeof createLogger>;

  beforeAll(async () => {
    const support = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-support-')), 'support.yaml');
    fs.writeFileSync(support, ALWAYS_OPEN);
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString('utf8'));
        done();
      },
    });
    logger = createLogger({ level: 'debug', destination });
    running = await startApp(
      { SUPPORT_CONFIG_FILE: support, WEBCHAT_IDENTITY_SECRET: SECRET },
      logger,
      () => now,
    );
  });
  afterAll(() => running.stop());

  async function requestToken(body: unknown): Promise<Response> {
    return fetch(`${running.url}/api/webchat/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  async function say(issued: Issued, text: string): Promise<void> {
    const res = await fetch(
      `${running.url}/v3/directline/conversations/${issued.conversationId}/activities`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${issued.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', text, from: { id: 'x', name: 'Mallory' } }),
      },
    );
    expect(res.status).toBe(200);
  }

  async function log(issued: Issued): Promise<Logged[]> {
    const res = await fetch(
      `${running.url}/v3/directline/conversations/${issued.conversationId}/activities`,
      {
        headers: { authorization: `Bearer ${issued.token}` },
      },
    );
    return ((await res.json()) as { activities: Logged[] }).activities;
  }

  async function waitForBot(issued: Issued, pattern: RegExp): Promise<void> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const texts = (await log(issued))
        .filter((a) => a.from.role === 'bot')
        .map((a) =>
          [
            a.text ?? '',
            ...(a.attachments ?? []).flatMap((c) => (c.content.body ?? []).map((b) => b.text ?? '')),
          ].join('\n'),
        );
      if (texts.some((t) => pattern.test(t))) return;
      if (Date.now() > deadline) throw new Error(`no bot message matched ${pattern}: ${texts.join(' | ')}`);
      await sleep(50);
    }
  }

  it('puts the verified name and e-mail on the ticket, the name in the chat, the e-mail in no log', async () => {
    const identity = await hostToken({
      sub: 'contoso-4711',
      name: 'Ada Lovelace',
      email: 'Ada.Lovelace@Contoso.example',
    });
    const res = await requestToken({ identity });
    expect(res.status).toBe(200);
    const issued = (await res.json()) as Issued;
    // The client's own `from` (Mallory) is dropped; the verified name is the server's.
    await say(issued, 'the printer on floor 3 is jammed');
    await say(issued, 'I want to talk to a person');
    await waitForBot(issued, /is it about \*\*Printer\*\*\?/);
    await say(issued, 'yes');
    await waitForBot(issued, /ticket \*\*HD-\d+\*\*/);

    const handoff = running.app.handoff!;
    const owner = await handoff.queue.ownerOf(issued.conversationId);
    const ticket = await handoff.tickets.get(owner!.ticketId);
    expect(ticket?.user).toEqual({
      id: issued.userId,
      name: 'Ada Lovelace',
      email: 'Ada.Lovelace@contoso.example',
      externalId: 'contoso-4711',
    });
    const userMessages = (await log(issued)).filter((a) => a.from.role === 'user');
    expect(userMessages[0]?.from).toEqual({ id: issued.userId, name: 'Ada Lovelace', role: 'user' });
    // The Direct Line log (which the browser reads) carries the name only.
    expect(JSON.stringify(await log(issued))).not.toMatch(/contoso\.example/i);

    // A log line naming the user keeps the address out.
    logger.info({ user: ticket?.user }, 'ticket user');
    await running.app.idle();
    const written = logLines.join('');
    expect(written).toContain('ticket user');
    expect(written).not.toMatch(/Ada\.Lovelace@/i);
    expect(written).not.toContain(SECRET);
  });

  it('without an identity token the chat is anonymous', async () => {
    const res = await fetch(`${running.url}/api/webchat/token`, { method: 'POST' });
    expect(res.status).toBe(200);
    const issued = (await res.json()) as Issued;
    await say(issued, 'hello');
    const userMessages = (await log(issued)).filter((a) => a.from.role === 'user');
    expect(userMessages[0]?.from).toEqual({ id: issued.userId, role: 'user' });
  });

  it.each([
    [
      'signed with another secret',
      () => hostToken({ sub: 'u1' }, { secret: 'x'.repeat(48) }),
      'Unauthorized',
    ],
    [
      'expired',
      () => hostToken({ sub: 'u1' }, { now: new Date(START.getTime() - 3_600_000) }),
      'TokenExpired',
    ],
    [
      'valid for more than an hour',
      () => hostToken({ sub: 'u1' }, { expiresInSeconds: 7200 }),
      'Unauthorized',
    ],
    ['unsigned (alg none)', async () => unsigned({ sub: 'u1', exp: seconds(START) + 300 }), 'Unauthorized'],
    [
      'with altered claims',
      async () => altered(await hostToken({ sub: 'u1', name: 'Ada' }), { sub: 'admin' }),
      'Unauthorized',
    ],
    ['relabelled as HS512', async () => relabelled(await hostToken({ sub: 'u1' }), 'HS512'), 'Unauthorized'],
    ['without sub', () => hostToken({ name: 'Ada' }), 'Unauthorized'],
    ['with a malformed e-mail', () => hostToken({ sub: 'u1', email: 'not an address' }), 'Unauthorized'],
    ['not a JWT at all', async () => 'hello', 'Unauthorized'],
  ])('refuses an identity token %s with 401 and issues no chat token', async (_label, make, code) => {
    const res = await requestToken({ identity: await make() });
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { code: string }; token?: string };
    expect(body.error.code).toBe(code);
    expect(body.token).toBeUndefined();
  });

  it('refuses an identity that is not a string with 400', async () => {
    const res = await requestToken({ identity: { sub: 'u1' } });
    expect(res.status).toBe(400);
  });

  it('judges expiry by the app clock, not the machine clock', async () => {
    const identity = await hostToken({ sub: 'u2' });
    now = new Date(START.getTime() + 10 * 60_000);
    try {
      const res = await requestToken({ identity });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('TokenExpired');
    } finally {
      now = START;
    }
  });

  it('carries the identity through a token refresh', async () => {
    const identity = await hostToken({ sub: 'u3', name: 'Grace Hopper' });
    const issued = (await (await requestToken({ identity })).json()) as Issued;
    const refreshed = await fetch(`${running.url}/v3/directline/tokens/refresh`, {
      method: 'POST',
      headers: { authorization: `Bearer ${issued.token}` },
    });
    expect(refreshed.status).toBe(200);
    const next = { ...issued, token: ((await refreshed.json()) as Issued).token };
    await say(next, 'hello again');
    const userMessages = (await log(next)).filter((a) => a.from.role === 'user');
    expect(userMessages.at(-1)?.from.name).toBe('Grace Hopper');
  });
});

describe('web chat resume over HTTP', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({}, undefined, () => START);
  });
  afterAll(() => running.stop());

  const post = (path: string, body: unknown) =>
    fetch(`${running.url}/api/webchat/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('hands out a credential with each chat, rotates it on return, and forgets it on request', async () => {
    const started = (await (await post('token', {})).json()) as Issued & { resume: string };
    expect(typeof started.resume).toBe('string');
    const back = await post('resume', { resume: started.resume });
    expect(back.status).toBe(200);
    const resumed = (await back.json()) as Issued & { resume: string; resumed: boolean };
    expect(resumed).toMatchObject({
      conversationId: started.conversationId,
      userId: started.userId,
      resumed: true,
    });
    expect(resumed.token).not.toBe(started.token);
    expect((await post('resume', { resume: started.resume })).status).toBe(401);

    expect((await post('forget', { resume: resumed.resume })).status).toBe(204);
    expect((await post('resume', { resume: resumed.resume })).status).toBe(401);
  });

  it('answers bad input with 400, never 500', async () => {
    for (const body of [{}, { resume: 7 }, { resume: 'x'.repeat(500) }]) {
      const res = await post('resume', body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('BadArgument');
    }
  });
});

describe('web chat without WEBCHAT_IDENTITY_SECRET', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({}, undefined, () => START);
  });
  afterAll(() => running.stop());

  it('refuses identity tokens (401) rather than trusting claims it cannot check', async () => {
    const res = await fetch(`${running.url}/api/webchat/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identity: await hostToken({ sub: 'u1' }) }),
    });
    expect(res.status).toBe(401);
  });
});

function seconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

function unsigned(claims: Record<string, unknown>): string {
  const part = (value: unknown) => base64url.encode(JSON.stringify(value));
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}

/** The same signature over different claims, as someone editing the token would send it. */
function altered(token: string, changes: Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload!))) as Record<string, unknown>;
  return `${header}.${base64url.encode(JSON.stringify({ ...claims, ...changes }))}.${signature}`;
}

function relabelled(token: string, alg: string): string {
  const [, payload, signature] = token.split('.');
  return `${base64url.encode(JSON.stringify({ alg, typ: 'JWT' }))}.${payload}.${signature}`;
}
