import path from 'node:path';
import type { Page } from 'playwright-core';
import { Catalogue } from '../../src/i18n';
import { signIn, waitForConsoleLine } from './console-harness';
import { useConsoleWorld } from './console-world';
import { sendMessage, transcriptText, waitForAnswerOnScreen, waitForBubble } from './webchat-page';

// After a technician joins: what the user does in the web chat (a click on an earlier card,
// typing) reaches the console, and the technician appears in the web chat as a person.
jest.setTimeout(180_000);

const ROOT = path.resolve(__dirname, '..', '..');
const catalogue = Catalogue.load(path.join(ROOT, 'content', 'i18n'));
const t = (key: string, vars: Record<string, string> = {}) => catalogue.t('en', key, vars);
/** `SCREENSHOT_DIR=/tmp/x`: pictures of both pages, to look at what a user and a technician see. */
const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR;

async function screenshot(page: Page, name: string): Promise<void> {
  if (SCREENSHOT_DIR) await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}

describe('the web chat after a technician joined', () => {
  const world = useConsoleWorld('Ada Tech', 'technician');
  const open = () => world.open();

  it('relays a click on an earlier card and the user typing to the console; the technician writes as a person', async () => {
    const userPage = await open();
    await userPage.setViewportSize({ width: 900, height: 900 });
    await userPage.goto(`${world.firstline.url}/`);
    await waitForBubble(userPage, t('welcome', { botName: 'FirstLine' }).slice(0, 20));
    await sendMessage(userPage, 'Outlook keeps crashing when I start it');
    await waitForAnswerOnScreen(userPage, 'Outlook keeps crashing');
    // The bot asks with a card; the user has not answered it when the technician steps in.
    const card = userPage.locator('.webchat__basic-transcript .ac-adaptiveCard').last();
    await card.waitFor();
    const button = card.locator('button.ac-pushButton').first();
    const label = (await button.innerText()).trim();
    expect(label).not.toBe('');

    const consolePage = await open();
    await consolePage.setViewportSize({ width: 1360, height: 860 });
    await signIn(consolePage, world.firstline.url, world.tech.token);
    const item = consolePage.locator('#botchats-list .bot-chat', { hasText: 'Outlook keeps crashing' });
    await item.waitFor({ timeout: 20_000 });
    await item.locator('.bot-chat-takeover').click();
    await consolePage.locator('#resolve-open:not([disabled])').waitFor();
    await waitForBubble(userPage, t('handoff.joined', { name: 'Ada Tech' }).replace(/\*\*/g, ''));

    // The click on the card from before reaches the console as the option's label.
    await button.click();
    await waitForConsoleLine(consolePage, 'user', label);

    // The user types (without sending): the console shows it.
    const typingNote = consolePage.locator('#user-typing');
    expect(await typingNote.isHidden()).toBe(true);
    await userPage.locator('[data-id="webchat-sendbox-input"]').pressSequentially('It is the classic one', {
      delay: 30,
    });
    await typingNote.waitFor({ state: 'visible', timeout: 15_000 });

    // The technician types: the web chat shows the typing indicator; then their words arrive
    // under their own name and avatar, not as a bot bubble with a prefix.
    await consolePage.locator('#composer-text').pressSequentially('Thanks', { delay: 30 });
    await userPage.locator('.webchat__typing-indicator').waitFor({ timeout: 15_000 });
    await consolePage.locator('#composer-text').fill('Thanks! I will check your Outlook add-ins now.');
    await consolePage.locator('#composer-text').press('Enter');
    await waitForBubble(userPage, 'Thanks! I will check your Outlook add-ins now.');
    expect(await transcriptText(userPage)).not.toContain('Ada Tech:');
    const technicianActivity = userPage
      .locator('.webchat__basic-transcript__activity', { hasText: 'I will check your Outlook add-ins' })
      .last();
    await technicianActivity.locator('.webchat__stacked-layout__avatar-gutter', { hasText: 'AT' }).waitFor();
    await technicianActivity.locator('.webchat__stacked-layout__status', { hasText: 'Ada Tech' }).waitFor();
    // Drawn apart from the bot: a filled circle in its own colour.
    const avatarColour = await technicianActivity
      .locator('.webchat__stacked-layout__avatar-gutter', { hasText: 'AT' })
      .evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(avatarColour).not.toBe('rgba(0, 0, 0, 0)');
    // The bot's own messages keep the bot's avatar (an image by default, not "FI").
    expect(await userPage.locator('.webchat__imageAvatar').count()).toBeGreaterThan(0);

    await userPage.locator('[data-id="webchat-sendbox-input"]').press('Enter');
    await waitForConsoleLine(consolePage, 'user', 'It is the classic one');
    await screenshot(userPage, 'webchat-after-technician-joined');
    await screenshot(consolePage, 'console-after-card-click');
  });

  it('titles a German page in German and follows the language the bot writes in', async () => {
    const page = await open();
    await page.goto(`${world.firstline.url}/?locale=de-DE`);
    await expect(page.title()).resolves.toBe(catalogue.t('de', 'webchat.title'));
    expect(await page.locator('.fl-title').innerText()).toBe(catalogue.t('de', 'webchat.title'));
    await waitForBubble(page, catalogue.t('de', 'welcome', { botName: 'FirstLine' }).slice(0, 20));
    // The user switches language: the header follows the bot's.
    await sendMessage(page, 'Polski');
    await waitForBubble(page, catalogue.t('pl', 'language.changed').slice(0, 20));
    await page.waitForFunction(
      (title) => document.title === title && document.documentElement.lang === 'pl',
      catalogue.t('pl', 'webchat.title'),
    );
    expect(await page.locator('.fl-title').innerText()).toBe(catalogue.t('pl', 'webchat.title'));
    await screenshot(page, 'webchat-polish-title');
  });
});
