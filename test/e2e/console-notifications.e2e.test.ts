import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { Catalogue } from '../../src/i18n';
import { askForPerson, signIn } from './console-harness';
import { useConsoleWorld } from './console-world';
import { sendMessage, waitForAnswerOnScreen, waitForBubble } from './webchat-page';

// A technician in the real console and a user in the real web chat, on one real server.
jest.setTimeout(240_000);

const ROOT = path.resolve(__dirname, '..', '..');
/** Screenshots to look at (not kept in the repository). */
const SHOTS = process.env.SCREENSHOT_DIR ?? path.join(os.tmpdir(), 'firstline-console-screenshots');
const catalogue = Catalogue.load(path.join(ROOT, 'content', 'i18n'));
const t = (key: string, vars: Record<string, string> = {}) => catalogue.t('en', key, vars);

interface Signals {
  permissionAsks: number;
  shown: { title: string; body: string }[];
  played: string[];
}

/**
 * The browser's own notification and audio APIs, watched: a headless browser has no desktop to
 * show a notification on nor a speaker, so the page's calls are recorded instead. The technician
 * also "looks elsewhere" (another window has the focus) so the page counts what they miss.
 */
async function watchSignals(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const signals = {
      permissionAsks: 0,
      shown: [] as { title: string; body: string }[],
      played: [] as string[],
    };
    (window as unknown as { signals: typeof signals }).signals = signals;
    // A browser remembers its answer per site, across page loads.
    let permission = localStorage.getItem('test.notificationPermission') ?? 'default';
    class RecordedNotification {
      onclick: (() => void) | null = null;
      static get permission() {
        return permission;
      }
      static requestPermission() {
        signals.permissionAsks += 1;
        permission = 'granted';
        localStorage.setItem('test.notificationPermission', permission);
        return Promise.resolve(permission);
      }
      constructor(title: string, options: { body?: string } = {}) {
        signals.shown.push({ title, body: options.body ?? '' });
      }
      close() {}
    }
    Object.defineProperty(window, 'Notification', { value: RecordedNotification, configurable: true });
    HTMLMediaElement.prototype.play = function play(this: HTMLMediaElement) {
      signals.played.push(new URL(this.src).pathname);
      return Promise.resolve();
    };
    const focus = { away: false };
    (window as unknown as { lookAway: (away: boolean) => void }).lookAway = (away: boolean) => {
      focus.away = away;
      window.dispatchEvent(new Event(away ? 'blur' : 'focus'));
    };
    document.hasFocus = () => !focus.away;
  });
}

const signalsOf = (page: Page) => page.evaluate(() => (window as unknown as { signals: Signals }).signals);

describe('the console tells a technician about new hand-overs and replies', () => {
  const world = useConsoleWorld('Nora Notify', 'lead');

  it('asks for desktop permission only when switched on, keeps the switches, and signals a hand-over', async () => {
    const consolePage = await world.open();
    await watchSignals(consolePage);
    await signIn(consolePage, world.firstline.url, world.tech.token);
    // Nothing asked on load; the title has no count yet.
    expect((await signalsOf(consolePage)).permissionAsks).toBe(0);
    expect(await consolePage.title()).toBe('FirstLine console');

    // Availability starts offline for a new technician and is remembered from now on.
    expect(await consolePage.locator('#availability').inputValue()).toBe('offline');
    await consolePage.locator('#availability').selectOption('online');
    await consolePage.locator('#toast', { hasText: 'You are online.' }).waitFor();

    await consolePage.locator('#settings-open').click();
    const dialog = consolePage.locator('#settings-dialog');
    await dialog.waitFor({ state: 'visible' });
    expect(await consolePage.locator('#notify-sound').isChecked()).toBe(true);
    expect(await consolePage.locator('#notify-badge').isChecked()).toBe(true);
    expect(await consolePage.locator('#notify-desktop').isChecked()).toBe(false);
    await consolePage.locator('#notify-desktop').check();
    await consolePage.locator('#notify-status', { hasText: 'Saved.' }).waitFor();
    expect((await signalsOf(consolePage)).permissionAsks).toBe(1);
    await consolePage.screenshot({ path: path.join(SHOTS, 'console-settings.png') });
    await dialog.locator('[data-close]').click();

    // Signed out and in again: availability and switches come back from the technician record.
    await consolePage.locator('#logout').click();
    await consolePage.locator('#login-view').waitFor({ state: 'visible' });
    await signIn(consolePage, world.firstline.url, world.tech.token);
    expect(await consolePage.locator('#availability').inputValue()).toBe('online');
    await consolePage.locator('#settings-open').click();
    expect(await consolePage.locator('#notify-desktop').isChecked()).toBe(true);
    // The chime can be turned off alone.
    await consolePage.locator('#notify-sound').uncheck();
    await consolePage.locator('#notify-status', { hasText: 'Saved.' }).waitFor();
    await consolePage.locator('#settings-dialog [data-close]').click();

    // The technician looks elsewhere; a user asks for a person.
    await consolePage.evaluate(() =>
      (window as unknown as { lookAway: (a: boolean) => void }).lookAway(true),
    );
    const userPage = await world.open();
    await userPage.goto(`${world.firstline.url}/`);
    await waitForBubble(userPage, t('welcome', { botName: 'FirstLine' }).slice(0, 20));
    await sendMessage(userPage, 'Outlook keeps asking for my password');
    await waitForAnswerOnScreen(userPage, 'Outlook keeps asking for my password');
    const ticket = await askForPerson(userPage, {
      confirmTopic: t('handoff.confirmTopic', { topic: '' }).split(':')[0] ?? '',
      yes: t('choice.yes'),
    });
    await consolePage.waitForFunction(() => document.title === '(1) FirstLine console');
    let signals = await signalsOf(consolePage);
    expect(signals.shown).toEqual([expect.objectContaining({ title: `New hand-over ${ticket}` })]);
    expect(signals.played).toEqual([]);

    // Sound back on: the user's reply in a conversation the technician holds rings and counts.
    await consolePage.evaluate(() =>
      (window as unknown as { lookAway: (a: boolean) => void }).lookAway(false),
    );
    expect(await consolePage.title()).toBe('FirstLine console');
    await consolePage.locator('#settings-open').click();
    await consolePage.locator('#notify-sound').check();
    await consolePage.locator('#notify-status', { hasText: 'Saved.' }).waitFor();
    await consolePage.locator('#settings-dialog [data-close]').click();
    const item = consolePage.locator('#queue-list .queue-item', { hasText: ticket });
    await item.locator('.queue-claim').click();
    await consolePage.locator('#resolve-open:not([disabled])').waitFor();
    await consolePage.evaluate(() =>
      (window as unknown as { lookAway: (a: boolean) => void }).lookAway(true),
    );
    await sendMessage(userPage, 'It started after the update yesterday');
    await consolePage.waitForFunction(() => document.title === '(1) FirstLine console');
    signals = await signalsOf(consolePage);
    expect(signals.played).toEqual(['/console/notify.wav']);
    expect(signals.shown.at(-1)).toEqual({
      title: `${ticket}: the user replied`,
      body: 'It started after the update yesterday',
    });

    // Badge off: nothing is counted in the title any more.
    await consolePage.evaluate(() =>
      (window as unknown as { lookAway: (a: boolean) => void }).lookAway(false),
    );
    await consolePage.locator('#settings-open').click();
    await consolePage.locator('#notify-badge').uncheck();
    await consolePage.locator('#notify-status', { hasText: 'Saved.' }).waitFor();
    await consolePage.locator('#settings-dialog [data-close]').click();
    await consolePage.evaluate(() =>
      (window as unknown as { lookAway: (a: boolean) => void }).lookAway(true),
    );
    await sendMessage(userPage, 'And Teams too');
    await consolePage.waitForFunction(
      () => (window as unknown as { signals: Signals }).signals.played.length === 2,
    );
    expect(await consolePage.title()).toBe('FirstLine console');

    // After the chat is resolved, the user's comment on the ticket ("add to HD-…: …") rings too.
    await consolePage.locator('#resolve-open').click();
    await consolePage.locator('#resolve-note').fill('Reset the Outlook profile');
    await consolePage.locator('#resolve-form button[type="submit"]').click();
    await waitForBubble(userPage, 'as resolved');
    await sendMessage(userPage, `add to ${ticket}: the password prompt came back after lunch`);
    await consolePage.waitForFunction(
      () => (window as unknown as { signals: Signals }).signals.played.length === 3,
    );
    expect((await signalsOf(consolePage)).shown.at(-1)).toEqual({
      title: `${ticket}: the user replied`,
      body: 'the password prompt came back after lunch',
    });
  });
});
