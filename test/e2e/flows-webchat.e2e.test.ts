import path from 'node:path';
import type { Page } from 'playwright-core';
import { loadFlowFile } from '../../src/dialogs/flows/load-flows';
import type { FlowDefinition } from '../../src/dialogs/flows/flow-schema';
import { STRINGS_DIR } from '../../src/dialogs/flows/flow-strings';
import { Catalogue } from '../../src/i18n';
import type { Lang } from '../../src/i18n/languages';
import { launchBrowser, type TestBrowser, type WatchedPage } from '../helpers/browser';
import { startFirstLine, type FirstLineProcess } from '../helpers/firstline-process';
import { alwaysOpenSupportFile } from './console-harness';
import { plain, sendMessage, transcriptText, waitForBubble } from './webchat-page';

// Real server process, real Chromium, real Web Chat bundle, shipped flows: a user walks whole
// diagnostic flows to their outcome, once only with card buttons and twice only by typing.
jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '..', '..');
const FLOWS_DIR = path.join(ROOT, 'content', 'flows');
const catalogue = Catalogue.load(path.join(ROOT, 'content', 'i18n'));
const flowStrings = Catalogue.load(path.join(FLOWS_DIR, STRINGS_DIR));

function flow(id: string): FlowDefinition {
  const { flow: loaded, problems } = loadFlowFile(path.join(FLOWS_DIR, `${id}.yaml`));
  if (!loaded) throw new Error(`shipped flow ${id} does not load: ${JSON.stringify(problems)}`);
  return loaded.definition;
}

/** Web Chat renders Markdown: bold/italic marks and link targets are not on screen. */
function withoutMarkdown(text: string): string {
  return text
    .replace(/\*\*/g, '')
    .replace(/(^|[\s(])[*_]([^*_\n]+)[*_]/g, '$1$2')
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1');
}

/**
 * What the user reads of a flow text, for comparison with the transcript: its first paragraph
 * without Markdown, and of that the longest stretch between `{{org.*}}` placeholders (their
 * values are the operator's, not the test's business).
 */
function onScreen(text: string): string {
  const first = withoutMarkdown(text).split('\n\n')[0] ?? '';
  const pieces = first.split(/\{\{[^}]+\}\}/).map((p) => p.trim());
  return plain(pieces.reduce((a, b) => (b.length > a.length ? b : a), ''));
}

/** A node's text in `lang`; the node must be a question, collect, step or outcome with a text. */
function nodeText(f: FlowDefinition, nodeId: string, lang: Lang): string {
  const node = f.nodes[nodeId];
  const text = node && 'text' in node ? node.text : undefined;
  if (!text) throw new Error(`${f.id}/${nodeId} has no text`);
  return onScreen(text[lang] ?? text.en);
}

/** A catalogue message as a pattern; `{ticket}` is captured, other placeholders match anything. */
function messagePattern(lang: Lang, key: string, fixed: Record<string, string> = {}): RegExp {
  const template = plain(withoutMarkdown(catalogue.t(lang, key, { ...fixed, ticket: '\u0000' })));
  const source = template
    .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
    .replace(/\{\w+\}/g, '.+?')
    .replace('\u0000', '(HD-\\d+)');
  return new RegExp(source);
}

/** Waits until the transcript shows a message matching `pattern`, and returns the match. */
async function waitForPattern(page: Page, pattern: RegExp, timeoutMs = 20_000): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = pattern.exec(await transcriptText(page));
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`no message matching ${pattern} within ${timeoutMs} ms: ${await transcriptText(page)}`);
}

/** Typographic quotes on screen, plain ones in the content: match either. */
function loose(text: string): RegExp {
  const escaped = plain(text).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(escaped.replace(/'/g, "['\u2018\u2019]").replace(/"/g, '["\u201C\u201D]'));
}

describe('diagnostic flows in the web chat', () => {
  let firstline: FirstLineProcess;
  let browser: TestBrowser;
  let watched: WatchedPage[] = [];

  beforeAll(async () => {
    // Open around the clock: an escalation must queue a live hand-over whatever the time is.
    [firstline, browser] = await Promise.all([
      startFirstLine({ SUPPORT_CONFIG_FILE: alwaysOpenSupportFile() }),
      launchBrowser({ locale: 'en-US' }),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await firstline?.dispose();
  });

  afterEach(async () => {
    const problems = watched.flatMap((w) => w.problems);
    await Promise.all(watched.map((w) => w.page.close()));
    watched = [];
    expect(problems).toEqual([]);
  });

  async function openChat(lang: Lang, locale: string): Promise<Page> {
    const w = await browser.newPage();
    watched.push(w);
    await w.page.goto(`${firstline.url}/?locale=${locale}`);
    await waitForBubble(w.page, plain(catalogue.t(lang, 'welcome', { botName: 'FirstLine' })));
    return w.page;
  }

  /** Clicks `label` on the card of the message that shows `question`, as a user would. */
  async function answerByClick(page: Page, question: string, label: string): Promise<void> {
    await waitForBubble(page, question);
    const activity = page
      .locator('.webchat__basic-transcript__activity', { hasText: loose(question) })
      .last();
    const button = activity.getByRole('button', { name: label, exact: true });
    await button.click({ timeout: 10_000 });
  }

  /** Waits for `question`, then types the answer into the send box. */
  async function answerByTyping(page: Page, question: string, answer: string): Promise<void> {
    await waitForBubble(page, question);
    await sendMessage(page, answer);
  }

  it('completes the Wi-Fi flow to "resolved" only by clicking card buttons', async () => {
    const wifi = flow('wifi-troubleshooting');
    const text = (id: string) => nodeText(wifi, id, 'en');
    const tried = plain(catalogue.t('en', 'walkthrough.question'));
    const worked = catalogue.t('en', 'choice.worked');
    const notWorked = catalogue.t('en', 'choice.notWorked');
    const yes = flowStrings.t('en', 'yes');
    const page = await openChat('en', 'en-US');

    await sendMessage(page, "my wifi isn't working");
    await answerByClick(page, text('collect-os'), flowStrings.t('en', 'fact.os.windows-11'));
    await answerByClick(page, text('check-airplane'), notWorked);
    await answerByClick(page, text('ask-networks-visible'), yes);
    await answerByClick(page, text('ask-others-connect'), yes);
    await answerByClick(page, text('forget-network'), worked);
    await waitForBubble(page, flowStrings.t('en', 'resolved'));
    await waitForBubble(page, catalogue.t('en', 'anythingElse.question'));

    const transcript = await transcriptText(page);
    // Every question of the path was asked once, in order; steps on other paths were not shown.
    const asked = [
      'collect-os',
      'check-airplane',
      'ask-networks-visible',
      'ask-others-connect',
      'forget-network',
    ];
    const positions = asked.map((id) => transcript.indexOf(text(id)));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(transcript.split(tried).length - 1).toBe(2);
    for (const skipped of ['reset-adapter-windows', 'ask-where', 'resolved-airplane'])
      expect(transcript).not.toContain(text(skipped));
    // Nothing was typed after the first message: the only user bubble is the problem itself.
    const userBubbles = await page
      .locator('.webchat__stacked-layout--from-user .webchat__bubble__content')
      .allInnerTexts();
    expect(userBubbles.map(plain)).toEqual(["my wifi isn't working"]);
  });

  it('completes the software request flow in German by typing, and tells the ticket number', async () => {
    const software = flow('software-install-request');
    const text = (id: string) => nodeText(software, id, 'de');
    const page = await openChat('de', 'de-DE');

    await sendMessage(page, 'mir fehlt ein Programm');
    await answerByTyping(page, text('ask-software'), 'Visio Plan 2');
    await answerByTyping(page, text('ask-in-portal'), 'nein');
    await answerByTyping(page, text('ask-for-whom'), 'für mich');
    await answerByTyping(page, text('ask-reason'), 'Um die Prozessdiagramme des Teams zu bearbeiten');
    await answerByTyping(page, text('ask-device'), '2');
    await answerByTyping(page, text('ask-approver'), 'meine Teamleiterin Frau Weber');
    await waitForBubble(page, text('ticket-request'));

    const opened = messagePattern('de', 'ticket.opened', {
      priority: catalogue.t('de', 'handoff.priority.low'),
    });
    const ticket = (await waitForPattern(page, opened))[1];
    expect(ticket).toMatch(/^HD-\d+$/);
    const transcript = await transcriptText(page);
    // A request, not a live hand-over: no queue position, and the Portal steps were skipped.
    expect(transcript).not.toMatch(messagePattern('de', 'handoff.positionNoEstimate'));
    expect(transcript).not.toContain(text('step-install-portal'));
    expect(transcript).not.toContain(plain(flowStrings.t('de', 'retry')));
  });

  it('completes the no-internet flow in Romanian by typing labels, and queues a hand-over', async () => {
    const noInternet = flow('no-internet');
    const text = (id: string) => nodeText(noInternet, id, 'ro');
    const label = (nodeId: string, value: string) => {
      const node = noInternet.nodes[nodeId];
      const option = node?.type === 'question' && 'options' in node ? node.options : [];
      const found = option?.find((o) => o.value === value);
      if (!found) throw new Error(`no option ${value} on ${nodeId}`);
      return found.label.ro ?? found.label.en;
    };
    const page = await openChat('ro', 'ro-RO');

    await sendMessage(page, 'nu am internet');
    await answerByTyping(page, text('ask-connection'), label('ask-connection', 'wired'));
    await answerByTyping(page, text('ask-others-online'), 'nu');
    await answerByTyping(page, text('ask-where'), label('ask-where', 'office'));
    await waitForBubble(page, text('escalate-outage'));

    const queued = messagePattern('ro', 'handoff.queued');
    expect((await waitForPattern(page, queued))[1]).toMatch(/^HD-\d+$/);
    const transcript = await transcriptText(page);
    // The first and only request in this server's queue; with or without a wait estimate.
    const first = { position: '1' };
    expect(
      messagePattern('ro', 'handoff.position', first).test(transcript) ||
        messagePattern('ro', 'handoff.positionNoEstimate', first).test(transcript) ||
        messagePattern('ro', 'handoff.nobodyOnline', first).test(transcript),
    ).toBe(true);
    expect(transcript).not.toContain(text('check-cable'));
  });
});
