import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, type TestBrowser, type WatchedPage } from '../helpers/browser';
import { copyShippedContent } from '../helpers/content-copy';
import { startFirstLine, type FirstLineProcess } from '../helpers/firstline-process';
import { WebChatUser, shown } from '../integration/conversation/web-chat-user';
import { addTechnician, alwaysOpenSupportFile, apiCall, signIn } from './console-harness';
import { sendMessage, waitForAnswerOnScreen, transcriptText } from './webchat-page';

// Knowledge gaps to a published article through the real server, the console and the web chat:
// users ask what the bot cannot answer; a technician resolves one hand-over with a note; a lead
// opens "Gaps & drafts", drafts an article from the biggest gap, edits it and publishes it; the
// next user asking gets the article.
jest.setTimeout(300_000);

/** Screenshots to look at (not kept in the repository). */
const SHOTS = process.env.SCREENSHOT_DIR ?? path.join(os.tmpdir(), 'firstline-console-screenshots');
const PHONE = [
  'my desk phone has no dial tone since this morning',
  'the VoIP handset shows no service',
  'desk phone is dead, no dial tone when I pick up the handset',
  'Mein Tischtelefon hat kein Freizeichen',
  'Festnetztelefon am Platz: kein Freizeichen beim Abheben',
  'telefon stacjonarny na biurku nie ma sygnału',
];
const JIRA = [
  "Jira won't let me move issues on the sprint board",
  'Im Jira-Board kann ich keine Tickets verschieben',
];
const NOTE =
  'Check that the network cable is in the port marked PC/LAN on the back of the phone. ' +
  'Restart the phone by unplugging it for ten seconds. ' +
  'If the display still shows "No service", ask the network team to re-register the extension.';

describe('knowledge gaps in the console: gap → draft → publish → answered', () => {
  let firstline: FirstLineProcess;
  let browser: TestBrowser;
  let contentDir: string;
  const watched: WatchedPage[] = [];
  let lead: string;
  let technician: string;

  const open = async () => {
    const w = await browser.newPage();
    watched.push(w);
    return w.page;
  };

  beforeAll(async () => {
    contentDir = copyShippedContent();
    fs.mkdirSync(SHOTS, { recursive: true });
    [firstline, browser] = await Promise.all([
      startFirstLine({
        CONTENT_DIR: contentDir,
        SUPPORT_CONFIG_FILE: alwaysOpenSupportFile(),
        RATE_LIMIT_CONVERSATIONS_PER_MINUTE: '1000',
      }),
      launchBrowser({ locale: 'en-US' }),
    ]);
    lead = (await addTechnician(firstline.dataDir, 'Lea Lead', 'lead')).token;
    technician = (await addTechnician(firstline.dataDir, 'Tom Tech', 'technician', {}, ['*'])).token;
  });

  afterAll(async () => {
    // The one refused publish (a topic not in the taxonomy) is a 400 the browser logs; nothing else may be.
    const refused =
      'console error: Failed to load resource: the server responded with a status of 400 (Bad Request)';
    const problems = watched.flatMap((w) => w.problems);
    expect(problems.filter((p) => p === refused)).toHaveLength(1);
    problems.splice(problems.indexOf(refused), 1);
    await browser?.close();
    await firstline?.dispose();
    fs.rmSync(contentDir, { recursive: true, force: true });
    expect(problems).toEqual([]);
  });

  it('drafts an article from the biggest gap, publishes it, and the next user gets it', async () => {
    // Users ask what the knowledge base does not cover (each its own conversation).
    for (const question of [...PHONE, ...JIRA]) {
      const user = await WebChatUser.start(firstline.url, 'en-US');
      const replies = (await user.say(question)).map(shown).join('\n');
      user.end();
      expect(replies).toMatch(/don't have an answer|keine Antwort|nie mam jeszcze odpowiedzi/);
    }
    // One more hands it to a person; the technician resolves it with a note.
    const escalating = await WebChatUser.start(firstline.url, 'en-US');
    await escalating.say('talk to a person');
    await escalating.say('our VoIP desk phones lost the dial tone after the weekend');
    await escalating.say('yes');
    escalating.end();
    const queue = await apiCall<{ entries: { handoff: { id: string } }[] }>(
      firstline.url,
      technician,
      'GET',
      '/api/console/queue',
    );
    const handoffId = queue.entries[0]!.handoff.id;
    await apiCall(firstline.url, technician, 'POST', `/api/console/handoffs/${handoffId}/claim`, {});
    await apiCall(firstline.url, technician, 'POST', `/api/console/handoffs/${handoffId}/resolve`, {
      note: NOTE,
      category: 'hardware',
    });

    // A technician has no "Gaps & drafts"; a lead has.
    const techPage = await open();
    await signIn(techPage, firstline.url, technician);
    expect(await techPage.locator('#nav-knowledge').isHidden()).toBe(true);

    const page = await open();
    await signIn(page, firstline.url, lead);
    await page.locator('#nav-knowledge').click();
    await page.locator('#knowledge-view').waitFor({ state: 'visible' });
    const firstGap = page.locator('#gaps-list > li.gap').first();
    await firstGap.waitFor({ timeout: 20_000 });
    expect(await page.locator('#gaps-list > li.gap').count()).toBe(2);
    expect(await firstGap.locator('.gap-count').textContent()).toBe('7 questions');
    expect(await firstGap.locator('.gap-notes').textContent()).toContain('port marked PC/LAN');
    expect(await page.locator('#live-view').isHidden()).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'knowledge-gaps.png'), fullPage: true });

    // Draft from the phone gap: the editor opens with one file per language asked in.
    await firstGap.getByRole('button', { name: 'Draft article' }).click();
    await page.locator('#draft-editor').waitFor({ state: 'visible' });
    const paths = await page
      .locator('.draft-path')
      .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    expect(paths.map((p) => p.slice(-6))).toEqual(['.en.md', '.de.md', '.pl.md']);
    // The path is a field like the page's others (rounded, padded), in a fixed-width font.
    const pathStyle = await page
      .locator('.draft-path')
      .first()
      .evaluate((node) => {
        const style = getComputedStyle(node);
        return { radius: style.borderRadius, padding: parseFloat(style.paddingLeft), font: style.fontFamily };
      });
    expect(pathStyle).toEqual({
      radius: '6px',
      padding: expect.any(Number),
      font: expect.stringMatching(/mono/),
    });
    expect(pathStyle.padding).toBeGreaterThan(5);
    const english = page.locator('.draft-content').first();
    const drafted = await english.inputValue();
    expect(drafted).toContain('1. Check that the network cable is in the port marked PC/LAN');
    expect(await page.locator('#draft-problems').textContent()).toMatch(/warning: \d examples/);
    await page.screenshot({ path: path.join(SHOTS, 'knowledge-draft.png'), fullPage: true });

    // A bad edit is refused with the reason, and nothing is published.
    await english.fill(drafted.replace(/^topic: .*$/m, 'topic: no.such-topic'));
    await page.locator('#draft-publish').click();
    await page.locator('#draft-error').filter({ hasText: 'not in the taxonomy' }).waitFor();

    // The lead names the article and publishes it.
    const edited = drafted.replace(/^title: .*$/m, 'title: Desk phone has no dial tone');
    await english.fill(edited);
    await page.locator('#draft-publish').click();
    await page.locator('#draft-meta').filter({ hasText: 'Published:' }).waitFor({ timeout: 20_000 });
    expect(await page.locator('#drafts-list').textContent()).toContain('published');
    await page.screenshot({ path: path.join(SHOTS, 'knowledge-published.png'), fullPage: true });
    const published = fs.readdirSync(path.join(contentDir, 'kb', 'contact.service-desk'));
    expect(published.filter((f) => f.startsWith('gap-')).sort()).toHaveLength(3);

    // The next user with that problem gets the article in the web chat.
    const userPage = await open();
    await userPage.goto(`${firstline.url}/`);
    await sendMessage(userPage, 'my desk phone has no dial tone');
    await waitForAnswerOnScreen(userPage, 'my desk phone has no dial tone');
    await userPage.waitForFunction(
      () => document.body.innerText.includes('Desk phone has no dial tone'),
      undefined,
      { timeout: 20_000 },
    );
    expect(await transcriptText(userPage)).toContain('Desk phone has no dial tone');
    await userPage.screenshot({ path: path.join(SHOTS, 'knowledge-answered.png') });
  });
});
