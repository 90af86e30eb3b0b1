import path from 'node:path';
import type { Page } from 'playwright-core';
import { Catalogue } from '../../src/i18n';
import { askForPerson, apiCall, consoleTranscript, signIn, waitForConsoleLine } from './console-harness';
import { useConsoleWorld } from './console-world';
import {
  countBubbles,
  sendMessage,
  storedSession,
  transcriptText,
  waitForAnswerOnScreen,
  waitForBubble,
} from './webchat-page';

/** Waits until at least `count` bubbles contain `text` (a notice said a second time). */
async function waitForBubbles(page: Page, text: string, count: number, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while ((await countBubbles(page, text)) < count) {
    if (Date.now() > deadline)
      throw new Error(`fewer than ${count} bubbles with "${text}": ${await transcriptText(page)}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

// Two real pages on one real server: a user in the web chat and a technician in the console.
jest.setTimeout(240_000);

const ROOT = path.resolve(__dirname, '..', '..');
const catalogue = Catalogue.load(path.join(ROOT, 'content', 'i18n'));
const t = (key: string, vars: Record<string, string> = {}) => catalogue.t('en', key, vars);
/** The catalogue's Markdown bold marks are not on screen. */
const onScreen = (text: string) => text.replace(/\*\*/g, '');

/** `SCREENSHOT=1`: the README picture of the console with a claimed conversation and a note. */
async function readmeScreenshot(page: Page): Promise<void> {
  await page.setViewportSize({ width: 1360, height: 860 });
  await page.locator('#composer-text').fill('Hi, I am Ada from IT. Which VPN client do you use?');
  await page.locator('#composer-text').press('Enter');
  await page.locator('label[for="mode-note"]').click();
  await page.locator('#composer-text').fill('User works from home; check the client version first.');
  await page.locator('#composer-text').press('Enter');
  await page.locator('#case-notes .note').first().waitFor();
  await page.locator('label[for="mode-reply"]').click();
  await page.screenshot({ path: path.join(ROOT, 'docs', 'images', 'console.png') });
  await page.setViewportSize({ width: 1100, height: 760 });
}

describe('hand-over between the web chat and the technician console', () => {
  const world = useConsoleWorld('Ada Tech', 'lead');
  const open = () => world.open();

  async function claimFirstWaiting(consolePage: Page, ticketNumber: string) {
    const item = consolePage.locator('#queue-list .queue-item', { hasText: ticketNumber });
    await item.waitFor({ timeout: 20_000 });
    await item.locator('.queue-claim').click();
    await consolePage.locator('#conv-title', { hasText: ticketNumber }).waitFor();
    await consolePage.locator('#resolve-open:not([disabled])').waitFor();
  }

  it('queues, claims, chats both ways, hands back, takes over again and resolves', async () => {
    const userPage = await open();
    await userPage.goto(`${world.firstline.url}/`);
    await waitForBubble(userPage, t('welcome', { botName: 'FirstLine' }).slice(0, 20));
    await sendMessage(userPage, 'My VPN keeps disconnecting every few minutes');
    await waitForAnswerOnScreen(userPage, 'My VPN keeps disconnecting');
    const ticket = await askForPerson(userPage, {
      confirmTopic: t('handoff.confirmTopic', { topic: '' }).split(':')[0] ?? '',
      yes: t('choice.yes'),
    });

    // The technician sees it appear live, with its summary, and the transcript when opened.
    const consolePage = await open();
    await signIn(consolePage, world.firstline.url, world.tech.token);
    const item = consolePage.locator('#queue-list .queue-item', { hasText: ticket });
    await item.waitFor({ timeout: 20_000 });
    const firstHandoffId = await item.getAttribute('data-handoff-id');
    await item.locator('.queue-open').click();
    await consolePage.locator('#conv-title', { hasText: ticket }).waitFor();
    await waitForConsoleLine(consolePage, 'user', 'My VPN keeps disconnecting');
    expect((await consolePage.locator('#case-summary').innerText()).trim()).not.toBe('');
    await claimFirstWaiting(consolePage, ticket);
    if (process.env.SCREENSHOT === '1') await readmeScreenshot(consolePage);
    const firstTicketId = await consolePage.locator('#conversation').getAttribute('data-ticket-id');
    await waitForBubble(userPage, onScreen(t('handoff.joined', { name: 'Ada Tech' })));

    // Both ways, each side sees the other's message without reloading.
    await consolePage.locator('#composer-text').fill('Hi, I am Ada from IT. Which VPN client do you use?');
    await consolePage.locator('#composer-text').press('Enter');
    // Shown as typed, as plain text, under the technician's name.
    await waitForBubble(userPage, 'Hi, I am Ada from IT. Which VPN client do you use?');
    expect(await transcriptText(userPage)).not.toContain('Ada Tech: Hi');
    await sendMessage(userPage, 'The GlobalProtect one, version 6');
    await waitForConsoleLine(consolePage, 'user', 'The GlobalProtect one, version 6');

    // An internal note stays in the console.
    await consolePage.locator('label[for="mode-note"]').click();
    await consolePage.locator('#composer-text').fill('Old client; upgrade planned');
    await consolePage.locator('#composer-text').press('Enter');
    await consolePage.locator('#case-notes .note', { hasText: 'Old client; upgrade planned' }).waitFor();
    await consolePage.locator('label[for="mode-reply"]').click();

    // Back to the bot: the user is told and the bot answers again.
    await consolePage.locator('#handback').click();
    await waitForBubble(userPage, t('handoff.handedBack').slice(0, 40));
    // The header follows: the conversation is no longer assigned (issue 14).
    await consolePage.locator('#conv-meta .badge-state', { hasText: 'returned' }).waitFor();
    await sendMessage(userPage, 'how do I reset my password');
    await waitForAnswerOnScreen(userPage, 'how do I reset my password');

    // Taken over again from the console, on the same ticket; the user is told and relayed again.
    await consolePage.locator('#pickup:not([hidden])').click();
    await consolePage.locator('#resolve-open:not([disabled])').waitFor();
    await consolePage.locator('#conv-meta .badge-state', { hasText: 'assigned' }).waitFor();
    await waitForBubbles(userPage, onScreen(t('handoff.joined', { name: 'Ada Tech' })), 2);
    // Taking it over once more while it is taken answers 409 with who has it.
    const again = await fetch(
      `${world.firstline.url}/api/console/handoffs/${encodeURIComponent(firstHandoffId ?? '')}/pick-up`,
      { method: 'POST', headers: { authorization: `Bearer ${world.tech.token}` } },
    );
    expect(again.status).toBe(409);
    expect(((await again.json()) as { claimedBy?: { name?: string } }).claimedBy?.name).toBe('Ada Tech');
    expect(await consolePage.locator('#conversation').getAttribute('data-ticket-id')).toBe(firstTicketId);
    await waitForConsoleLine(consolePage, 'user', 'how do I reset my password');
    await sendMessage(userPage, 'Still there? The VPN dropped again');
    await waitForConsoleLine(consolePage, 'user', 'The VPN dropped again');
    await consolePage.locator('#composer-text').fill('Back again: please update the client to version 6.2.');
    await consolePage.locator('#composer-text').press('Enter');
    await waitForBubble(userPage, 'please update the client to version 6.2');
    await consolePage.locator('#resolve-open').click();
    await consolePage.locator('#resolve-note').fill('Updated GlobalProtect to 6.2');
    await consolePage.locator('#resolve-form button[type="submit"]').click();
    await waitForBubble(userPage, 'as resolved');
    await consolePage.locator('#conv-meta .badge-state', { hasText: 'resolved' }).waitFor();
    expect(await consolePage.locator('#conv-meta').textContent()).not.toMatch(/assigned/i);
    await waitForBubble(userPage, t('rating.question').slice(0, 30));

    // Nothing internal reached the user.
    expect(await transcriptText(userPage)).not.toContain('Old client; upgrade planned');
    expect((await consoleTranscript(consolePage)).join('\n')).toContain('please update the client');

    // The ticket holds the whole conversation.
    const session = await storedSession(userPage);
    const queue = await apiCall<{ entries: unknown[] }>(
      world.firstline.url,
      world.tech.token,
      'GET',
      '/api/console/queue',
    );
    expect(queue.entries).toEqual([]);
    const ticketId = await consolePage.locator('#conversation').getAttribute('data-ticket-id');
    const stored = await apiCall<{
      ticket: { number: string; conversationId: string; status: string };
      transcript: { text?: string }[];
    }>(
      world.firstline.url,
      world.tech.token,
      'GET',
      `/api/console/tickets/${encodeURIComponent(ticketId ?? '')}`,
    );
    expect(ticketId).toBe(firstTicketId);
    expect(stored.ticket.number).toBe(ticket);
    expect(stored.ticket.status).toBe('resolved');
    expect(stored.ticket.conversationId).toBe(session.conversationId);
    const lines = stored.transcript.map((e) => e.text ?? '').join('\n');
    for (const said of [
      'My VPN keeps disconnecting',
      'Which VPN client do you use?',
      'The GlobalProtect one, version 6',
      'how do I reset my password',
      'The VPN dropped again',
      'please update the client to version 6.2',
    ]) {
      expect(lines).toContain(said);
    }
  });
});
