import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { Catalogue, type Lang } from '../../src/i18n';
import { launchBrowser, type TestBrowser, type WatchedPage } from '../helpers/browser';
import { startFirstLine, type FirstLineProcess } from '../helpers/firstline-process';
import { alwaysOpenSupportFile } from '../helpers/support-hours';
import { plain, sendMessage, transcriptText, waitForBubble } from './webchat-page';

// The conversations users have most often, in the real web chat page against the real server.
jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '..', '..');
const catalogue = Catalogue.load(path.join(ROOT, 'content', 'i18n'));
const flowStrings = Catalogue.load(path.join(ROOT, 'content', 'flows', 'strings'));
const t = (lang: Lang, key: string, vars?: Record<string, string | number>) =>
  plain(catalogue.t(lang, key, vars));

describe('conversations in the web chat', () => {
  let firstline: FirstLineProcess;
  let browser: TestBrowser;
  let german: TestBrowser;
  let watched: WatchedPage[] = [];

  beforeAll(async () => {
    [firstline, browser, german] = await Promise.all([
      startFirstLine({ SUPPORT_CONFIG_FILE: alwaysOpenSupportFile() }),
      launchBrowser({ locale: 'en-US' }),
      launchBrowser({ locale: 'de-DE' }),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await german?.close();
    await firstline?.dispose();
  });

  afterEach(async () => {
    const problems = watched.flatMap((w) => w.problems);
    await Promise.all(watched.map((w) => w.page.close()));
    watched = [];
    expect(problems).toEqual([]);
  });

  async function openChat(on: TestBrowser, lang: Lang): Promise<Page> {
    const w = await on.newPage();
    watched.push(w);
    await w.page.goto(`${firstline.url}/`);
    await waitForBubble(w.page, t(lang, 'welcome', { botName: 'FirstLine' }));
    return w.page;
  }

  async function click(page: Page, label: string): Promise<void> {
    const button = page.getByRole('button', { name: label, exact: true }).last();
    await button.waitFor({ state: 'visible', timeout: 20_000 });
    await button.click();
  }

  function expectNoGenericError(transcript: string, lang: Lang): void {
    expect(transcript).not.toContain(t(lang, 'error.turn'));
  }

  it('a frustrated German user gets empathy and the offer of a person, and can take it', async () => {
    const page = await openChat(german, 'de');
    await sendMessage(page, 'Das ist doch völlig nutzlos!');
    await waitForBubble(page, plain(flowStrings.t('de', 'frustration.empathy')));
    // Counted before the click: the bot may answer before a count taken after it.
    const before = await page.locator('.webchat__basic-transcript__activity').count();
    await click(page, t('de', 'choice.talkToPerson'));
    // The hand-over starts (asks what the problem is, or queues): anything but an error.
    await page.waitForFunction(
      (count) => document.querySelectorAll('.webchat__basic-transcript__activity').length > count,
      before,
      { timeout: 20_000 },
    );
    await page.screenshot({ path: path.join(os.tmpdir(), 'firstline-e2e-frustrated-german.png') });
    const transcript = await transcriptText(page);
    expectNoGenericError(transcript, 'de');
    expect(transcript).not.toContain(t('de', 'noAnswer'));
  });

  it('a user who says "thanks" after a fix gets a friendly answer, not "no answer"', async () => {
    const page = await openChat(browser, 'en');
    // A topic with an article and no diagnostic flow: the walk-through starts at once.
    await sendMessage(page, 'I deleted a file by accident, how do I get it back?');
    await waitForBubble(page, 'Step 1 of');
    await click(page, t('en', 'choice.worked'));
    await waitForBubble(page, t('en', 'walkthrough.resolved'));
    const before = await page.locator('.webchat__basic-transcript__activity').count();
    await sendMessage(page, 'thanks!');
    await page.waitForFunction(
      (count) => document.querySelectorAll('.webchat__basic-transcript__activity').length > count + 1,
      before,
      { timeout: 20_000 },
    );
    await page.screenshot({ path: path.join(os.tmpdir(), 'firstline-e2e-thanks-after-fix.png') });
    const after = plain(
      (await page.locator('.webchat__basic-transcript__activity').allInnerTexts()).slice(before).join('\n'),
    );
    expect(after).not.toContain(t('en', 'noAnswer'));
    expectNoGenericError(after, 'en');
  });
});
