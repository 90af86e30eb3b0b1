import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { Catalogue } from '../../src/i18n';
import { LANGUAGES } from '../../src/i18n/languages';
import { launchBrowser, type TestBrowser, type WatchedPage } from '../helpers/browser';
import { startFirstLine, type FirstLineProcess } from '../helpers/firstline-process';
import { modelWordingIn } from '../helpers/model-wording';
import { alwaysOpenSupportFile, signIn, waitForConsoleLine } from './console-harness';
import { sendMessage, waitForAnswerOnScreen, waitForBubble } from './webchat-page';

// Without OPENAI_API_KEY and OPENAI_MODEL, what a German web chat user and an English-only
// technician see on screen (chat, console conversation, settings, ticket page) never mentions a
// language model or a translation.
jest.setTimeout(240_000);

const ROOT = path.resolve(__dirname, '..', '..');
const catalogue = Catalogue.load(path.join(ROOT, 'content', 'i18n'));
const TRANSLATED_NOTES = LANGUAGES.map((lang) => catalogue.t(lang, 'handoff.translatedOriginal'));
const run = promisify(execFile);

describe('no language model configured: nothing on screen mentions one', () => {
  let firstline: FirstLineProcess;
  let browser: TestBrowser;
  const watched: WatchedPage[] = [];
  let token: string;

  beforeAll(async () => {
    [firstline, browser] = await Promise.all([
      startFirstLine({ SUPPORT_CONFIG_FILE: alwaysOpenSupportFile(), OPENAI_API_KEY: '', OPENAI_MODEL: '' }),
      launchBrowser({ locale: 'de-DE' }),
    ]);
    const { stdout } = await run(
      process.execPath,
      [
        path.join(ROOT, 'bin', 'firstline.js'),
        'technicians',
        'add',
        'Eve English',
        '--role',
        'lead',
        '--languages',
        'en',
        '--json',
      ],
      {
        cwd: ROOT,
        env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', DATA_DIR: firstline.dataDir },
      },
    );
    token = (JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { token: string }).token;
  });

  afterAll(async () => {
    const problems = watched.flatMap((w) => w.problems);
    await browser?.close();
    await firstline?.dispose();
    expect(problems).toEqual([]);
  });

  async function open(): Promise<Page> {
    const w = await browser.newPage();
    watched.push(w);
    return w.page;
  }

  /** What the page shows (hidden elements are not in innerText): no model wording, no translation note. */
  async function expectNoModelOnScreen(page: Page): Promise<void> {
    const shown = await page.locator('body').innerText();
    expect(modelWordingIn(shown)).toBeUndefined();
    for (const note of TRANSLATED_NOTES) expect(shown).not.toContain(note);
  }

  it('chat, console conversation, settings and ticket page', async () => {
    const userPage = await open();
    await userPage.goto(`${firstline.url}/`);
    await waitForBubble(userPage, catalogue.t('de', 'welcome', { botName: 'FirstLine' }).slice(0, 20));
    // The matcher unsure, then a problem it knows.
    await sendMessage(userPage, 'Verbindung geht nicht');
    await waitForAnswerOnScreen(userPage, 'Verbindung geht nicht');
    await sendMessage(userPage, 'Mein Drucker druckt nicht');
    await waitForAnswerOnScreen(userPage, 'Mein Drucker druckt nicht');
    await sendMessage(userPage, 'Ich möchte mit einem Menschen sprechen');
    const asked = await userPage.waitForFunction(
      () =>
        /HD-\d+/.exec(document.body.innerText)?.[0] ??
        (/Geht es um/.test(document.body.innerText) ? 'ask' : null),
      undefined,
      { timeout: 20_000, polling: 200 },
    );
    let number = (await asked.jsonValue()) as string;
    if (number === 'ask') {
      await sendMessage(userPage, catalogue.t('de', 'choice.yes'));
      number = (await (
        await userPage.waitForFunction(() => /HD-\d+/.exec(document.body.innerText)?.[0] ?? null, undefined, {
          timeout: 20_000,
          polling: 200,
        })
      ).jsonValue()) as string;
    }

    const consolePage = await open();
    await consolePage.setViewportSize({ width: 1360, height: 860 });
    await signIn(consolePage, firstline.url, token);
    await consolePage.locator('#settings-open').click();
    await consolePage.locator('#writes-in').waitFor();
    await expectNoModelOnScreen(consolePage);
    await consolePage.locator('#settings-dialog [data-close]').last().click();

    const item = consolePage.locator('#queue-list .queue-item', { hasText: number });
    await item.waitFor({ timeout: 20_000 });
    await item.locator('.queue-claim').click();
    await consolePage.locator('#resolve-open:not([disabled])').waitFor();
    await waitForConsoleLine(consolePage, 'user', 'Mein Drucker druckt nicht');
    await consolePage.locator('#composer-text').fill('Please restart the printer');
    await consolePage.locator('#composer-text').press('Enter');
    await waitForConsoleLine(consolePage, 'technician', 'Please restart the printer');
    await waitForBubble(userPage, 'Please restart the printer');
    // The user's message as written, no translation toggle, no note, no language pair.
    expect(await consolePage.locator('.msg-original-toggle, #conv-language-pair').count()).toBe(0);
    expect(await consolePage.locator('#briefing').isHidden()).toBe(true);
    await expectNoModelOnScreen(consolePage);
    await expectNoModelOnScreen(userPage);

    await consolePage.goto(`${firstline.url}/console/#/tickets/${number}`);
    await consolePage.locator('#ticket-meta', { hasText: 'Assigned to Eve English' }).waitFor();
    expect(await consolePage.locator('#ticket-language-pair').count()).toBe(0);
    await expectNoModelOnScreen(consolePage);
  });
});
