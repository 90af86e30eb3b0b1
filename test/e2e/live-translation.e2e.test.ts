import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { Catalogue } from '../../src/i18n';
import { launchBrowser, type TestBrowser, type WatchedPage } from '../helpers/browser';
import { startFirstLine, type FirstLineProcess } from '../helpers/firstline-process';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../helpers/openai-compatible-server';
import { alwaysOpenSupportFile, signIn, waitForConsoleLine } from './console-harness';
import { sendMessage, waitForAnswerOnScreen, waitForBubble } from './webchat-page';

// A German user in the real web chat and an English-only technician in the real console talk
// through live translation (the language model is the local OpenAI-compatible test server, which
// translates word by word and marks the result "[German] ..." / "[English] ...").
jest.setTimeout(240_000);

const ROOT = path.resolve(__dirname, '..', '..');
const de = Catalogue.load(path.join(ROOT, 'content', 'i18n'));
const run = promisify(execFile);

describe('live translation between a German user and an English-only technician', () => {
  let model: FakeOpenAiServer;
  let firstline: FirstLineProcess;
  let browser: TestBrowser;
  const watched: WatchedPage[] = [];
  let token: string;

  beforeAll(async () => {
    model = await startFakeOpenAiServer();
    [firstline, browser] = await Promise.all([
      startFirstLine({
        SUPPORT_CONFIG_FILE: alwaysOpenSupportFile(),
        OPENAI_API_KEY: 'sk-test-e2e',
        OPENAI_BASE_URL: model.baseURL,
        OPENAI_MODEL: 'fake-chat',
      }),
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
        // She sets her languages in the console's settings: English only.
        '--languages',
        'pl',
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
    await model?.close();
    expect(problems).toEqual([]);
  });

  async function open(): Promise<Page> {
    const w = await browser.newPage();
    watched.push(w);
    return w.page;
  }

  it('each sees the other in their own language, with the original available', async () => {
    const userPage = await open();
    await userPage.goto(`${firstline.url}/`);
    await waitForBubble(userPage, de.t('de', 'welcome', { botName: 'FirstLine' }).slice(0, 20));
    await sendMessage(userPage, 'Mein Drucker druckt nicht');
    await waitForAnswerOnScreen(userPage, 'Mein Drucker druckt nicht');
    // Asks for a person in German; "ja" when the bot first checks the topic.
    await sendMessage(userPage, 'Ich möchte mit einem Menschen sprechen');
    const confirm = de.t('de', 'choice.yes');
    const ticket = await userPage.waitForFunction(
      () =>
        /HD-\d+/.exec(document.body.innerText)?.[0] ??
        (/Geht es um/.test(document.body.innerText) ? 'ask' : null),
      undefined,
      { timeout: 20_000, polling: 200 },
    );
    let number = (await ticket.jsonValue()) as string;
    if (number === 'ask') {
      await sendMessage(userPage, confirm);
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
    await consolePage.locator('#writes-in').selectOption('en');
    await consolePage.locator('#languages-status', { hasText: 'Saved.' }).waitFor();
    await consolePage.locator('#reads-pl').uncheck();
    await consolePage.locator('#languages-status', { hasText: 'Saved.' }).waitFor();
    expect(await consolePage.locator('#reads-en').isChecked()).toBe(true);
    await consolePage.locator('#settings-dialog [data-close]').last().click();
    const item = consolePage.locator('#queue-list .queue-item', { hasText: number });
    await item.waitFor({ timeout: 20_000 });
    await item.locator('.queue-claim').click();
    await consolePage.locator('#resolve-open:not([disabled])').waitFor();

    // The technician reads the user's German in English, the original one click away, and the pair.
    await waitForConsoleLine(consolePage, 'user', '[English] my printer prints not');
    await consolePage.locator('#conv-language-pair', { hasText: 'DE → EN' }).waitFor();
    const line = consolePage
      .locator('#transcript .msg-user', { hasText: '[English] my printer prints not' })
      .first();
    const original = line.locator('.msg-original');
    expect(await original.isHidden()).toBe(true);
    await line.locator('.msg-original-toggle').click();
    await original.waitFor({ state: 'visible' });
    expect(await original.innerText()).toContain('Mein Drucker druckt nicht');

    // The technician writes English; the user reads German with the original below it.
    await consolePage.locator('#composer-text').fill('Please restart the printer');
    await consolePage.locator('#composer-text').press('Enter');
    await waitForBubble(userPage, '[German] bitte neu starten the Drucker');
    await waitForBubble(userPage, de.t('de', 'handoff.translatedOriginal'));
    await waitForBubble(userPage, 'Please restart the printer');

    // A message the user writes now arrives in the console translated too.
    await sendMessage(userPage, 'Danke, der Drucker druckt');
    await waitForConsoleLine(consolePage, 'user', '[English] thanks, der printer prints', 30_000);

    // The ticket keeps the language pair translation was used in, and its page shows it.
    await consolePage.goto(`${firstline.url}/console/#/tickets/${number}`);
    await consolePage.locator('#ticket-language-pair', { hasText: 'DE ↔ EN' }).waitFor();
  });
});
