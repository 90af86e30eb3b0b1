import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Frame, Page } from 'playwright-core';
import { Catalogue } from '../../src/i18n';
import { launchBrowser, type TestBrowser, type WatchedPage } from '../helpers/browser';
import { startFirstLine, type FirstLineProcess } from '../helpers/firstline-process';
import {
  countBubbles,
  fetchActivities,
  sendMessage,
  storedSession,
  waitForBubble,
  waitForAnswerOnScreen,
  waitForReplyTo,
  type StoredSession,
} from './webchat-page';

// Real server process, real Chromium, real Web Chat bundle: nothing here is mocked.
jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '..', '..');
const catalogue = Catalogue.load(path.join(ROOT, 'content', 'i18n'));
const WELCOME = catalogue.t('en', 'welcome', { botName: 'FirstLine' });
const SCREENSHOT = process.env.SCREENSHOT === '1';

describe('web chat in a browser', () => {
  let firstline: FirstLineProcess;
  let browser: TestBrowser;
  let watched: WatchedPage[] = [];
  const visitedHosts: string[] = [];

  beforeAll(async () => {
    [firstline, browser] = await Promise.all([startFirstLine(), launchBrowser({ locale: 'en-US' })]);
  });

  afterAll(async () => {
    await browser?.close();
    await firstline?.dispose();
  });

  afterEach(async () => {
    const problems = watched.flatMap((w) => w.problems);
    await Promise.all(watched.map((w) => w.page.close()));
    watched = [];
    // Each test is a first visit: no conversation for the browser to come back to (see
    // webchat-resume.e2e.test.ts for coming back).
    await forgetChats(browser, [firstline.url, ...visitedHosts]);
    // Every page must run without script errors, failed requests or CSP violations.
    expect(problems).toEqual([]);
  });

  async function openPage(query = ''): Promise<{ page: Page; sockets: string[]; polls: string[] }> {
    const w = await browser.newPage();
    watched.push(w);
    const sockets: string[] = [];
    const polls: string[] = [];
    w.page.on('websocket', (ws) => sockets.push(ws.url()));
    w.page.on('request', (req) => {
      if (req.method() === 'GET' && /\/v3\/directline\/conversations\/[^/]+\/activities/.test(req.url())) {
        polls.push(req.url());
      }
    });
    await w.page.goto(`${firstline.url}/${query}`);
    return { page: w.page, sockets, polls };
  }

  /** The welcome shows once, and a typed message gets the bot's answer on screen. */
  async function chatOnce(target: Page | Frame, question: string): Promise<StoredSession> {
    await waitForBubble(target, WELCOME);
    await sendMessage(target, question);
    const session = await storedSession(target);
    await waitForReplyTo(firstline.url, session, question);
    await waitForAnswerOnScreen(target, question);
    expect(await countBubbles(target, question)).toBe(1);
    expect(await countBubbles(target, WELCOME)).toBe(1);
    return session;
  }

  it('greets and answers over the WebSocket stream', async () => {
    const { page, sockets, polls } = await openPage();
    // Tall enough for the README screenshot to show the whole exchange.
    if (SCREENSHOT) await page.setViewportSize({ width: 960, height: 780 });
    await expect(page.title()).resolves.toBe('IT Help Desk');
    const session = await chatOnce(page, 'My VPN will not connect');
    expect(
      sockets.some((url) => url.includes('/v3/directline/conversations/') && url.includes('/stream')),
    ).toBe(true);
    expect(polls).toEqual([]);
    const joins = (await fetchActivities(firstline.url, session)).filter((a) => a.name === 'webchat/join');
    expect(joins).toHaveLength(1);
    if (SCREENSHOT) await saveScreenshot(page, 'webchat.png');
  });

  it('greets and answers over HTTP polling with ?transport=polling', async () => {
    const { page, sockets, polls } = await openPage('?transport=polling');
    await chatOnce(page, 'Outlook keeps crashing');
    expect(sockets).toEqual([]);
    expect(polls.length).toBeGreaterThan(0);
  });

  it('keeps the conversation across a page reload', async () => {
    const { page } = await openPage();
    const first = await chatOnce(page, 'The printer on floor 2 is offline');
    await page.reload();
    await waitForBubble(page, 'The printer on floor 2 is offline');
    const second = await storedSession(page);
    expect(second.conversationId).toBe(first.conversationId);
    // Resuming must not greet again.
    await sendMessage(page, 'Still offline');
    await waitForReplyTo(firstline.url, second, 'Still offline');
    expect(await countBubbles(page, WELCOME)).toBe(1);
  });

  it('keeps the conversation stored across a server restart', async () => {
    const { page } = await openPage('?transport=polling');
    const session = await chatOnce(page, 'My laptop will not start');
    const before = await fetchActivities(firstline.url, session);
    // Leave the chat before the server goes away, so the page logs no connection errors.
    await page.goto('about:blank');

    expect(await firstline.stop('SIGTERM')).toBe(0);
    await firstline.restart();

    const after = await fetchActivities(firstline.url, session);
    const messages = (list: typeof before) => list.filter((a) => a.type === 'message').map((a) => a.text);
    expect(messages(after)).toEqual(messages(before));
    expect(messages(after)).toContain('My laptop will not start');

    // Coming back in the same tab resumes the stored conversation and shows its history.
    await page.goto(`${firstline.url}/?transport=polling`);
    await waitForBubble(page, 'My laptop will not start');
    expect((await storedSession(page)).conversationId).toBe(session.conversationId);
  });

  describe('embedded on another website', () => {
    let host: http.Server;
    let hostUrl: string;

    beforeAll(async () => {
      host = await startHostSite(() => firstline.url);
      hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
      visitedHosts.push(hostUrl);
    });

    afterAll(async () => {
      // A browser keeps its connections to the host page open; ending them is the host's job.
      host.closeAllConnections();
      await new Promise((resolve) => host.close(resolve));
    });

    it('adds a chat button that opens a working chat, and Esc closes it', async () => {
      const w = await browser.newPage();
      watched.push(w);
      const { page } = w;
      await page.goto(`${hostUrl}/`);
      const launcher = page.getByRole('button', { name: 'Chat with IT support' });
      await launcher.waitFor({ timeout: 15_000 });
      await expect(launcher.getAttribute('aria-expanded')).resolves.toBe('false');
      // The chat page is not loaded until the visitor asks for it.
      expect(page.frames()).toHaveLength(1);

      await launcher.click();
      const dialog = page.getByRole('dialog', { name: 'IT Help Desk' });
      await dialog.waitFor({ state: 'visible' });
      await expect(launcher.getAttribute('aria-expanded')).resolves.toBe('true');
      await page.getByRole('button', { name: 'Close chat' }).waitFor();
      const frame = await chatFrame(page, firstline.url);
      const session = await chatOnce(frame, 'I deleted a file by accident yesterday');
      if (SCREENSHOT) await saveScreenshot(page, 'webchat-embed.png');

      // Esc inside the chat frame reaches the host through postMessage.
      await frame.locator('[data-id="webchat-sendbox-input"]').press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      await expect(launcher.getAttribute('aria-expanded')).resolves.toBe('false');
      const focused = await page.evaluate(
        () =>
          document.getElementById('firstline-webchat')?.shadowRoot?.activeElement?.getAttribute('class') ??
          '',
      );
      expect(focused).toContain('fl-launcher');

      // Reopening shows the same conversation, not a new one.
      await launcher.click();
      await dialog.waitFor({ state: 'visible' });
      await waitForBubble(frame, 'I deleted a file by accident yesterday');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });

      // So does another page of the same site in the same tab.
      await page.goto(`${hostUrl}/another-page`);
      await launcher.click();
      const again = await chatFrame(page, firstline.url);
      await waitForBubble(again, 'I deleted a file by accident yesterday');
      expect((await storedSession(again)).conversationId).toBe(session.conversationId);
    });

    it('speaks the language the site asks for, on the button and in the chat', async () => {
      const w = await browser.newPage();
      watched.push(w);
      await w.page.goto(`${hostUrl}/de`);
      const launcher = w.page.getByRole('button', { name: 'Chat mit dem IT-Support' });
      await launcher.waitFor({ timeout: 15_000 });
      await launcher.click();
      await w.page.getByRole('button', { name: 'Chat schließen' }).waitFor();
      const frame = await chatFrame(w.page, firstline.url);
      await waitForBubble(frame, catalogue.t('de', 'welcome', { botName: 'FirstLine' }));
    });
  });

  // Jest runs a block's own tests before its nested blocks; a block of its own keeps this last.
  describe('token refresh', () => {
    it('lets Direct Line refresh its token for the same conversation', async () => {
      const w = await browser.newPage();
      watched.push(w);
      const { page } = w;
      // The fake clock belongs to the whole browser context, so this test runs last.
      // A fake clock lets the client's 15-minute refresh timer fire without waiting 15 minutes.
      await page.clock.install();
      await page.goto(`${firstline.url}/`);
      const session = await chatOnce(page, 'Teams has no sound');
      const refreshed = page.waitForResponse((res) => res.url().endsWith('/v3/directline/tokens/refresh'));
      await page.clock.fastForward('15:05');
      const response = await refreshed;
      expect(response.status()).toBe(200);
      const body = (await response.json()) as { token: string; conversationId: string };
      expect(body.conversationId).toBe(session.conversationId);
      expect(body.token).not.toBe(session.token);
      // The new token opens the same conversation.
      const activities = await fetchActivities(firstline.url, { ...session, token: body.token });
      expect(activities.some((a) => a.text === 'Teams has no sound')).toBe(true);
    });
  });
});

/** Clears what the chat keeps in the browser on each origin (FirstLine's and the host sites'). */
async function forgetChats(browser: TestBrowser, origins: string[]): Promise<void> {
  const page = await browser.context.newPage();
  // Only the origin's storage is wanted here, not a chat button starting up on the host page.
  await page.route('**/webchat/embed.js', (route) => route.abort());
  try {
    for (const origin of origins) {
      await page.goto(`${origin}/webchat/favicon.svg`).catch(() => undefined);
      await page.evaluate(() => localStorage.clear()).catch(() => undefined);
    }
  } finally {
    await page.close();
  }
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

/**
 * A stand-in customer website on another origin, with a strict CSP of its own: the snippet must
 * work with only its script and frame origin allowed.
 */
function startHostSite(firstlineUrl: () => string): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const origin = firstlineUrl();
    const lang = req.url === '/de' ? ' data-lang="de"' : '';
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'self'; script-src ${origin}; frame-src ${origin}; style-src 'self'`,
    });
    res.end(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Contoso intranet</title></head>` +
        `<body><h1>Contoso intranet</h1><p>Welcome to the staff portal.</p>` +
        `<script src="${origin}/webchat/embed.js" async${lang}></script></body></html>`,
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function saveScreenshot(page: Page, name: string): Promise<void> {
  const file = path.join(ROOT, 'docs', 'images', name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Let the last message's entry animation finish.
  await page.waitForTimeout(600);
  await page.screenshot({ path: file });
}
