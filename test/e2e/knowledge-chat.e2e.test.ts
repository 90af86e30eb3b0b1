import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { loadConfig } from '../../src/config';
import { loadFlowFile } from '../../src/dialogs/flows/load-flows';
import { Catalogue } from '../../src/i18n';
import { KnowledgeService } from '../../src/knowledge';
import { silentLogger } from '../../src/logging';
import { launchBrowser, type TestBrowser, type WatchedPage } from '../helpers/browser';
import { startFirstLine, type FirstLineProcess } from '../helpers/firstline-process';
import { plain, sendMessage, transcriptText, waitForAnyBubble, waitForBubble } from './webchat-page';
import { shippedContent } from '../helpers/shipped-content';

// Real server process, real Chromium, real Web Chat bundle, shipped knowledge base.
jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '..', '..');
const catalogue = Catalogue.load(path.join(ROOT, 'content', 'i18n'));
const t = (key: string, vars?: Record<string, string | number>) => plain(catalogue.t('en', key, vars));
const knowledge = KnowledgeService.create({
  synonyms: shippedContent().synonyms,
  config: loadConfig({ NODE_ENV: 'test', CONTENT_DIR: path.join(ROOT, 'content'), KB_WATCH: 'false' }),
  logger: silentLogger(),
});
const WELCOME = t('welcome', { botName: 'FirstLine' });
// Pinned thresholds make "can't connect" a vague question whatever the matcher's defaults are.
const VAGUE_ENV = { MATCH_ANSWER_THRESHOLD: '0.95', MATCH_CLARIFY_THRESHOLD: '0.3' };

/** The first question of each shipped flow of `topic`, in English, as Web Chat shows it. */
function flowOpenings(topic: string): string[] {
  const dir = path.join(ROOT, 'content', 'flows');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && !f.startsWith('_'))
    .flatMap((f) => {
      const definition = loadFlowFile(path.join(dir, f)).flow?.definition;
      if (definition?.topic !== topic) return [];
      const first = definition.nodes[definition.start] as { text?: Record<string, string> };
      return first.text?.en ? [plain(first.text.en).slice(0, 40)] : [];
    });
}

describe('knowledge chat in a browser', () => {
  let firstline: FirstLineProcess;
  let vague: FirstLineProcess;
  let browser: TestBrowser;
  let watched: WatchedPage[] = [];

  beforeAll(async () => {
    [firstline, vague, browser] = await Promise.all([
      startFirstLine(),
      startFirstLine(VAGUE_ENV),
      launchBrowser({ locale: 'en-US' }),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await firstline?.dispose();
    await vague?.dispose();
  });

  afterEach(async () => {
    const problems = watched.flatMap((w) => w.problems);
    await Promise.all(watched.map((w) => w.page.close()));
    watched = [];
    expect(problems).toEqual([]);
  });

  async function openChat(server: FirstLineProcess): Promise<Page> {
    const w = await browser.newPage();
    watched.push(w);
    await w.page.goto(`${server.url}/`);
    await waitForBubble(w.page, WELCOME);
    return w.page;
  }

  /** Clicks the newest card button with this label, as a user would. */
  async function click(page: Page, label: string): Promise<void> {
    const button = page.getByRole('button', { name: label, exact: true }).last();
    await button.waitFor({ state: 'visible', timeout: 20_000 });
    await button.click();
  }

  it('walks through the right article step by step with card buttons', async () => {
    const page = await openChat(firstline);
    // A topic with an article and no diagnostic flow (a flow would ask its questions first).
    const article = knowledge.getArticle('recover-deleted-file', 'en')!.article;
    const total = article.steps.length;
    await sendMessage(page, 'I deleted a file by accident, how do I get it back?');
    // Markdown is rendered: the bold markers are gone from the text on screen.
    await waitForBubble(page, `This looks like: ${article.title}`);
    await waitForBubble(page, `Step 1 of ${total}`);
    await waitForBubble(page, t('walkthrough.question'));
    const bold = (await page.locator('.webchat__bubble__content strong').allInnerTexts()).map(plain);
    expect(bold).toEqual(expect.arrayContaining([plain(article.title), `Step 1 of ${total}`]));
    await click(page, t('choice.notWorked'));
    await waitForBubble(page, `Step 2 of ${total}`);
    await click(page, t('choice.notWorked'));
    await waitForBubble(page, `Step 3 of ${total}`);
    await click(page, t('choice.worked'));
    await waitForBubble(page, t('walkthrough.resolved'));
    await waitForBubble(page, t('anythingElse.question'));
    expect(await transcriptText(page)).not.toMatch(`Step 4 of ${total}`);
  });

  it('asks which topic is closest for a vague question, and a click starts that topic', async () => {
    const page = await openChat(vague);
    await sendMessage(page, "can't connect");
    await waitForBubble(page, t('clarify.question'));
    const response = knowledge.match("can't connect", { language: 'en' });
    const best = response.results.find((r) => r.kind === 'article')!;
    const label = knowledge.topicLabel(best.topic, 'en');
    await page
      .getByRole('button', { name: t('choice.noneOfThese') })
      .last()
      .waitFor();
    await click(page, label);
    // When a diagnostic flow of that topic matches nearly as well, the bot starts the flow (it
    // asks first, then walks the steps) instead of the article: either way the topic starts.
    const starts = [
      `This looks like: ${knowledge.getArticle(best.id, 'en')!.article.title}`,
      ...flowOpenings(best.topic),
    ];
    await expect(waitForAnyBubble(page, starts)).resolves.toBeDefined();
  });

  it('says honestly that it has no answer for nonsense and offers a person', async () => {
    const page = await openChat(firstline);
    await sendMessage(page, 'asdf qwerty');
    await waitForBubble(page, t('noAnswer'));
    await click(page, t('choice.talkToPerson'));
    // Queued for a technician, or out of hours: either way a ticket is opened for the user.
    await waitForBubble(page, "I've opened ticket HD-");
    expect(await transcriptText(page)).not.toMatch(/Step 1 of/);
  });
});
