import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Frame, Page } from 'playwright-core';
import { SignJWT } from 'jose';
import type { AppHandoff } from '../../src/handoff';
import { Catalogue } from '../../src/i18n';
import type { Technician } from '../../src/technicians';
import { launchBrowser, type TestBrowser, type WatchedPage } from '../helpers/browser';
import { startApp, type RunningApp } from '../helpers/in-process-app';
import { alwaysOpenSupportFile } from '../helpers/support-hours';
import { countBubbles, sendMessage, waitForBubble } from './webchat-page';

// The real app in this process (its clock is the test's), real Chromium, the real Web Chat bundle.
jest.setTimeout(180_000);

const ROOT = path.resolve(__dirname, '..', '..');
const catalogue = Catalogue.load(path.join(ROOT, 'content', 'i18n'));
const WELCOME = catalogue.t('en', 'welcome', { botName: 'FirstLine' });
const SECRET = 'the-intranet-and-firstline-share-this-secret-42';
const HOUR_MS = 60 * 60 * 1000;

interface StoredResume {
  conversationId: string;
  resume: string;
  subject: string | null;
}

describe('web chat that survives the tab', () => {
  let running: RunningApp;
  let handoff: AppHandoff;
  let anna: Technician;
  let browser: TestBrowser;
  let watched: WatchedPage[] = [];
  // The app's clock runs with the machine's, plus whatever the test moves it on by.
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);

  beforeAll(async () => {
    [running, browser] = await Promise.all([
      startApp(
        { SUPPORT_CONFIG_FILE: alwaysOpenSupportFile(), WEBCHAT_IDENTITY_SECRET: SECRET },
        undefined,
        now,
      ),
      launchBrowser({ locale: 'en-US', rememberChats: true }),
    ]);
    handoff = running.app.handoff!;
    anna = (
      await handoff.technicians.create({
        name: 'Anna',
        languages: ['en'],
        skills: ['*'],
        availability: 'online',
      })
    ).technician;
  });

  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  afterEach(async () => {
    const problems = watched.flatMap((w) => w.problems);
    await Promise.all(watched.map((w) => w.page.close().catch(() => undefined)));
    watched = [];
    expect(problems).toEqual([]);
  });

  async function open(on: TestBrowser, url: string): Promise<Page> {
    const w = await on.newPage();
    watched.push(w);
    await w.page.goto(url);
    return w.page;
  }

  /** Talks until a technician has the conversation as a ticket; returns the hand-over's id. */
  async function leaveForATechnician(target: Page | Frame, problem: string): Promise<string> {
    await waitForBubble(target, WELCOME);
    await sendMessage(target, problem);
    await sendMessage(target, 'I want to talk to a person');
    await waitForBubble(target, 'Before I pass this on to a technician');
    await sendMessage(target, 'yes');
    await waitForBubble(target, "I've opened ticket HD-");
    const resume = await storedResume(target);
    const owner = await handoff.queue.ownerOf(resume.conversationId);
    if (!owner) throw new Error('no hand-over was queued');
    return owner.id;
  }

  async function technicianReplies(handoffId: string, text: string): Promise<void> {
    expect((await handoff.desk.claim(handoffId, anna)).ok).toBe(true);
    await handoff.desk.sendToUser(handoffId, anna, text);
    await running.app.idle();
  }

  async function userMessagesReachingTheServer(conversationId: string): Promise<string[]> {
    const records = await running.app.storage.directLine.listActivities(conversationId, 0);
    return records
      .map((r) => r.activity as { type?: string; text?: string; from?: { role?: string } })
      .filter((a) => a.type === 'message' && a.from?.role === 'user')
      .map((a) => a.text ?? '');
  }

  it('a new tab past the token lifetime shows the history and the reply that came, and continues', async () => {
    const page = await open(browser, `${running.url}/`);
    const handoffId = await leaveForATechnician(page, 'the printer on floor 3 is jammed');
    const first = await storedResume(page);
    const oldToken = await page.evaluate(
      () =>
        (JSON.parse(sessionStorage.getItem('firstline.webchat.session') ?? '{}') as { token: string }).token,
    );
    await page.close();

    await technicianReplies(handoffId, 'I cleared the jam. Can you try printing again?');
    offsetMs += 2 * HOUR_MS;
    // The Direct Line token the tab had is long expired now.
    const expired = await fetch(
      `${running.url}/v3/directline/conversations/${first.conversationId}/activities`,
      {
        headers: { authorization: `Bearer ${oldToken}` },
      },
    );
    expect(expired.status).toBe(401);

    const again = await open(browser, `${running.url}/`);
    await waitForBubble(again, 'the printer on floor 3 is jammed');
    await waitForBubble(again, 'I cleared the jam. Can you try printing again?');
    const second = await storedResume(again);
    expect(second.conversationId).toBe(first.conversationId);
    expect(second.resume).not.toBe(first.resume);
    expect(await countBubbles(again, WELCOME)).toBe(1);

    await sendMessage(again, 'it prints again, thank you');
    await eventually('the message to reach the conversation', async () =>
      (await userMessagesReachingTheServer(first.conversationId)).includes('it prints again, thank you'),
    );
    const relayed = (await running.app.storage.events.list('console', 0, 10_000)).map((e) => e.event);
    expect(
      relayed.some(
        (e) => e.type === 'message' && e.from === 'user' && e.text === 'it prints again, thank you',
      ),
    ).toBe(true);

    // The first credential was spent when the tab came back: a copy of it opens nothing.
    const stolen = await resumeWith(first.resume);
    expect(stolen.status).toBe(401);
    expect(await stolen.json()).not.toHaveProperty('token');
  });

  it('another browser without the credential cannot; the verified user on a fresh profile can', async () => {
    const ada = await identityToken('intranet-ada', 'Ada Lovelace');
    const page = await open(browser, `${running.url}/#identity=${ada}`);
    await waitForBubble(page, WELCOME);
    await sendMessage(page, 'my VPN will not connect from home');
    await waitForBubble(page, 'my VPN will not connect from home');
    const adas = await storedResume(page);
    expect(adas.subject).toBe('intranet-ada');
    // The fragment does not stay in the address bar.
    expect(page.url()).toBe(`${running.url}/`);

    const fresh = await launchBrowser({ locale: 'en-US', rememberChats: true });
    try {
      const stranger = await open(fresh, `${running.url}/`);
      await waitForBubble(stranger, WELCOME);
      const theirs = await storedResume(stranger);
      expect(theirs.conversationId).not.toBe(adas.conversationId);
      expect(await countBubbles(stranger, 'my VPN will not connect')).toBe(0);
      await stranger.close();

      offsetMs += 2 * HOUR_MS;
      const adaElsewhere = await open(
        fresh,
        `${running.url}/#identity=${await identityToken('intranet-ada', 'Ada Lovelace')}`,
      );
      await waitForBubble(adaElsewhere, 'my VPN will not connect from home');
      expect((await storedResume(adaElsewhere)).conversationId).toBe(adas.conversationId);
      expect(await countBubbles(adaElsewhere, WELCOME)).toBe(1);

      const bob = await open(fresh, `${running.url}/#identity=${await identityToken('intranet-bob', 'Bob')}`);
      await waitForBubble(bob, WELCOME);
      expect((await storedResume(bob)).conversationId).not.toBe(adas.conversationId);
    } finally {
      await Promise.all(watched.map((w) => w.page.close().catch(() => undefined)));
      await fresh.close();
    }
  });

  it('the embed button counts the replies that came while the visitor was away', async () => {
    const host = await startHostSite(running.url);
    const hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
    try {
      const page = await open(browser, `${hostUrl}/`);
      await page.getByRole('button', { name: 'Chat with IT support' }).click();
      const frame = await chatFrame(page, running.url);
      const handoffId = await leaveForATechnician(frame, 'the scanner on floor 2 shows an error');
      const { conversationId } = await storedResume(frame);
      const before = (await running.app.storage.directLine.listActivities(conversationId, 0)).length;
      await page.close();

      await technicianReplies(handoffId, 'Please switch the scanner off and on again.');
      const arrived = (await running.app.storage.directLine.listActivities(conversationId, before)).filter(
        (r) => (r.activity as { type?: string }).type === 'message',
      ).length;
      expect(arrived).toBeGreaterThan(0);
      offsetMs += 2 * HOUR_MS;

      const back = await open(browser, `${hostUrl}/`);
      const badge = back.locator('#firstline-webchat .fl-badge');
      await eventually(
        `the badge to show ${arrived}`,
        async () => (await badge.textContent()) === String(arrived),
      );
      expect(await badge.isVisible()).toBe(true);
      const launcher = back.getByRole('button', { name: `Chat with IT support (${arrived} unread)` });
      await launcher.click();
      const reopened = await chatFrame(back, running.url);
      await waitForBubble(reopened, 'Please switch the scanner off and on again.');
      await eventually('the badge to go once read', async () => !(await badge.isVisible()));
    } finally {
      host.closeAllConnections();
      await new Promise((resolve) => host.close(resolve));
    }
  });

  async function resumeWith(credential: string): Promise<Response> {
    return fetch(`${running.url}/api/webchat/resume`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ resume: credential }),
    });
  }

  /** What the intranet signs for its signed-in user on each page view (docs/webchat-identity.md). */
  async function identityToken(sub: string, name: string): Promise<string> {
    const iat = Math.floor(now().getTime() / 1000);
    return new SignJWT({ sub, name })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt(iat)
      .setExpirationTime(iat + 300)
      .sign(new TextEncoder().encode(SECRET));
  }
});

async function eventually(what: string, probe: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function storedResume(target: Page | Frame): Promise<StoredResume> {
  const raw = await target.evaluate(() => localStorage.getItem('firstline.webchat.resume'));
  if (!raw) throw new Error('the page stored no resume credential');
  return JSON.parse(raw) as StoredResume;
}

async function chatFrame(page: Page, origin: string): Promise<Frame> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const frame = page.frames().find((f) => f.url().startsWith(`${origin}/?embed=1`));
    if (frame) return frame;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the chat frame did not load');
}

/** A customer website on another origin with a strict CSP, embedding the chat button. */
function startHostSite(origin: string): Promise<http.Server> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'self'; script-src ${origin}; frame-src ${origin}; style-src 'self'`,
    });
    res.end(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Contoso intranet</title></head>` +
        `<body><h1>Contoso intranet</h1><script src="${origin}/webchat/embed.js" async></script></body></html>`,
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
