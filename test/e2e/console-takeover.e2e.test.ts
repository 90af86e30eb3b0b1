import path from 'node:path';
import { Catalogue } from '../../src/i18n';
import { signIn, waitForConsoleLine } from './console-harness';
import { useConsoleWorld } from './console-world';
import { sendMessage, waitForAnswerOnScreen, waitForBubble } from './webchat-page';

// A user chatting with the bot in the web chat; a technician steps in from the console unasked.
jest.setTimeout(180_000);

const ROOT = path.resolve(__dirname, '..', '..');
const catalogue = Catalogue.load(path.join(ROOT, 'content', 'i18n'));
const t = (key: string, vars: Record<string, string> = {}) => catalogue.t('en', key, vars);

describe('taking over a chat the bot is having, from the console', () => {
  const world = useConsoleWorld('Ada Tech', 'technician');
  const open = () => world.open();

  it('lists the chat under "With the bot"; Take over opens it and both sides reach each other', async () => {
    const userPage = await open();
    await userPage.goto(`${world.firstline.url}/`);
    await waitForBubble(userPage, t('welcome', { botName: 'FirstLine' }).slice(0, 20));
    await sendMessage(userPage, 'Outlook crashes every time I open an attachment');
    await waitForAnswerOnScreen(userPage, 'Outlook crashes every time I open an attachment');

    const consolePage = await open();
    await signIn(consolePage, world.firstline.url, world.tech.token);
    const item = consolePage.locator('#botchats-list .bot-chat', { hasText: 'Outlook crashes every time' });
    await item.waitFor({ timeout: 20_000 });
    await item.locator('.bot-chat-takeover').click();
    await consolePage.locator('#resolve-open:not([disabled])').waitFor();
    await waitForConsoleLine(consolePage, 'user', 'Outlook crashes every time I open an attachment');
    expect(await consolePage.locator('#botchats-list .bot-chat').count()).toBe(0);
    expect(await consolePage.locator('#mine-list .queue-item').count()).toBe(1);

    await waitForBubble(userPage, t('handoff.joined', { name: 'Ada Tech' }).replace(/\*\*/g, ''));
    await consolePage.locator('#composer-text').fill('Hi, Ada from IT here. Which Outlook version is it?');
    await consolePage.locator('#composer-text').press('Enter');
    await waitForBubble(userPage, 'Hi, Ada from IT here. Which Outlook version is it?');
    await sendMessage(userPage, 'The new Outlook for Windows');
    await waitForConsoleLine(consolePage, 'user', 'The new Outlook for Windows');
  });
});
