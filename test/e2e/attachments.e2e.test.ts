import path from 'node:path';
import type { Page } from 'playwright-core';
import { Catalogue } from '../../src/i18n';
import { apiCall, askForPerson, signIn, waitForConsoleLine } from './console-harness';
import { useConsoleWorld } from './console-world';
import { sendMessage, waitForAnswerOnScreen, waitForBubble } from './webchat-page';

// A user in the real web chat and a technician in the real console, on one real server.
jest.setTimeout(240_000);

const ROOT = path.resolve(__dirname, '..', '..');
const catalogue = Catalogue.load(path.join(ROOT, 'content', 'i18n'));
const t = (key: string, vars: Record<string, string> = {}) => catalogue.t('en', key, vars);
const onScreen = (text: string) => text.replace(/\*\*/g, '');
/** `SCREENSHOT_DIR=/tmp/x`: keep pictures of both pages to look at. */
const SHOTS = process.env.SCREENSHOT_DIR;

async function shoot(page: Page, name: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

describe('a screenshot from the web chat reaches the technician', () => {
  const world = useConsoleWorld('Ada Tech', 'lead');

  it('is uploaded with the upload button after a hand-over and shown in the console transcript', async () => {
    const userPage = await world.open();
    await userPage.goto(`${world.firstline.url}/`);
    await waitForBubble(userPage, t('welcome', { botName: 'FirstLine' }).slice(0, 20));
    await sendMessage(userPage, 'My VPN keeps disconnecting every few minutes');
    await waitForAnswerOnScreen(userPage, 'My VPN keeps disconnecting');
    const ticket = await askForPerson(userPage, {
      confirmTopic: t('handoff.confirmTopic', { topic: '' }).split(':')[0] ?? '',
      yes: t('choice.yes'),
    });

    const consolePage = await world.open();
    await signIn(consolePage, world.firstline.url, world.tech.token);
    const item = consolePage.locator('#queue-list .queue-item', { hasText: ticket });
    await item.waitFor({ timeout: 20_000 });
    await item.locator('.queue-claim').click();
    await consolePage.locator('#conv-title', { hasText: ticket }).waitFor();
    await waitForBubble(userPage, onScreen(t('handoff.joined', { name: 'Ada Tech' })));

    // The upload button is there; a real PNG (a picture of the chat itself) goes with a message.
    const button = userPage.locator('.webchat__upload-button');
    await button.waitFor({ state: 'visible' });
    const screenshot = await userPage.screenshot();
    await userPage.locator('input[type="file"]').setInputFiles({
      name: 'vpn-error.png',
      mimeType: 'image/png',
      buffer: screenshot,
    });
    await sendMessage(userPage, 'Here is the error I get');
    await waitForBubble(userPage, 'Got it: “vpn-error.png”'.replace(/[“”]/g, '"'));
    await shoot(userPage, 'attachments-webchat');

    // The technician sees the message with a preview of the screenshot, loaded from the API.
    await waitForConsoleLine(consolePage, 'user', 'Here is the error I get');
    const thumb = consolePage.locator('#transcript .msg-user .msg-file-thumb[alt="vpn-error.png"]');
    await thumb.waitFor({ timeout: 20_000 });
    await consolePage.waitForFunction(
      () => {
        const img = document.querySelector<HTMLImageElement>('#transcript .msg-file-thumb');
        return !!img && img.complete && img.naturalWidth > 0 && img.src.startsWith('blob:');
      },
      undefined,
      { timeout: 20_000 },
    );
    const size = await thumb.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]);
    const viewport = userPage.viewportSize();
    expect(size).toEqual([viewport?.width, viewport?.height]);
    await expect(
      consolePage.locator('#transcript .msg-file-link', { hasText: 'vpn-error.png' }).count(),
    ).resolves.toBe(1);
    await shoot(consolePage, 'attachments-console');

    // The ticket lists it, and its bytes are the screenshot's.
    const ticketId = await consolePage.locator('#conversation').getAttribute('data-ticket-id');
    const stored = await apiCall<{ files: { id: string; name: string; mediaType: string; size: number }[] }>(
      world.firstline.url,
      world.tech.token,
      'GET',
      `/api/console/tickets/${encodeURIComponent(ticketId ?? '')}`,
    );
    expect(stored.files).toEqual([
      expect.objectContaining({ name: 'vpn-error.png', mediaType: 'image/png', size: screenshot.length }),
    ]);
    const file = await fetch(`${world.firstline.url}/api/console/attachments/${stored.files[0]!.id}`, {
      headers: { authorization: `Bearer ${world.tech.token}` },
    });
    expect(Buffer.from(await file.arrayBuffer()).equals(screenshot)).toBe(true);
  });
});
