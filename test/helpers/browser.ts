import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** The system Chromium; tests never download a browser (`npx playwright install` is not used). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  context: BrowserContext;
  newPage(): Promise<WatchedPage>;
  close(): Promise<void>;
}

export interface WatchedPage {
  page: Page;
  /** Uncaught exceptions, console errors and CSP violations seen so far, in all frames. */
  problems: string[];
}

/**
 * Launches headless Chromium with a fresh profile. Fails loudly when the browser is missing
 * rather than skipping: a browser test that silently does nothing proves nothing.
 */
export async function launchBrowser(
  options: {
    locale?: string;
    /**
     * Let the web chat remember its conversation across tabs (its resume credential in
     * localStorage), as a real browser does. Off by default: each new tab is a first visit, so
     * tests that open several tabs do not come back to each other's conversations.
     */
    rememberChats?: boolean;
  } = {},
): Promise<TestBrowser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}; install it (apt-get install chromium) or set CHROMIUM_PATH.`,
    );
  }
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    locale: options.locale ?? 'en-US',
    viewport: { width: 1100, height: 760 },
  });
  return {
    context,
    newPage: async () => watch(await context.newPage(), options.rememberChats === true),
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

async function watch(page: Page, rememberChats: boolean): Promise<WatchedPage> {
  if (!rememberChats) {
    // A tab without a chat of its own yet starts afresh (the tab's own session still survives reloads).
    await page.addInitScript(() => {
      try {
        if (!sessionStorage.getItem('firstline.webchat.session'))
          localStorage.removeItem('firstline.webchat.resume');
      } catch {
        /* storage blocked: nothing to forget */
      }
    });
  }
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  // CSP violations also reach the console, but the event names the directive precisely.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || '(inline)'}`);
    });
  });
  return { page, problems };
}
