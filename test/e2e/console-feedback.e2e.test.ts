import os from 'node:os';
import path from 'node:path';
import { launchBrowser, type TestBrowser, type WatchedPage } from '../helpers/browser';
import { startApp, type RunningApp } from '../helpers/in-process-app';
import { WebChatUser } from '../integration/conversation/web-chat-user';
import { signIn } from './console-harness';

jest.setTimeout(120_000);

/**
 * The Feedback inbox in the real console: a lead sees users' remarks filed by topic and team,
 * acknowledges one and marks it done; a technician has no Feedback view at all.
 */
describe('Feedback inbox in the console', () => {
  const now = Date.parse('2027-03-01T09:00:00.000Z');
  let running: RunningApp;
  let browser: TestBrowser;
  let watched: WatchedPage;

  beforeAll(async () => {
    [running, browser] = await Promise.all([
      startApp({}, undefined, () => new Date(now)),
      launchBrowser({ locale: 'en-US' }),
    ]);
    watched = await browser.newPage();
    const user = await WebChatUser.start(running.url);
    await user.say('my vpn does not connect');
    await user.say('the VPN guide was useless, it <b>never</b> mentions the client version');
    await user.say('the printer steps were great');
    user.end();
    await running.app.idle();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
    expect(watched.problems).toEqual([]);
  });

  it('lists feedback for a lead, who acknowledges an item and marks it done', async () => {
    const { token } = await running.app.handoff!.technicians.create({ name: 'Lea Lead', role: 'lead' });
    const page = watched.page;
    await signIn(page, running.url, token);
    await page.locator('#nav-feedback').click();
    await page.locator('#feedback-view').waitFor({ state: 'visible' });
    const items = page.locator('#feedback-list > li');
    await items.first().waitFor();
    expect(await items.count()).toBe(2);
    const vpn = items.filter({ hasText: 'network.vpn' });
    // The remark is kept as its text (tags dropped when it was read) and shown as text, never as markup.
    await expect(vpn.locator('.feedback-text').textContent()).resolves.toContain(
      'it never mentions the client version',
    );
    expect(await vpn.locator('.feedback-text b').count()).toBe(0);
    await expect(vpn.locator('.feedback-meta').textContent()).resolves.toContain('to network-team');
    expect(await page.locator('#live-view').isHidden()).toBe(true);
    expect(await page.locator('#nav-feedback').getAttribute('aria-current')).toBe('page');
    // The topic is named by its label; Topic and Team are picked from the taxonomy, not typed.
    await expect(vpn.locator('.feedback-meta').textContent()).resolves.toContain('VPN (network.vpn)');
    await page.locator('#feedback-topic').selectOption({ label: 'Printer' });
    await page.locator('#feedback-list > li', { hasText: 'network.vpn' }).waitFor({ state: 'detached' });
    await expect(items.locator('.feedback-meta').allTextContents()).resolves.toEqual([
      expect.stringContaining('Printer (printer)'),
    ]);
    await page.locator('#feedback-topic').selectOption('');
    await page.locator('#feedback-team').selectOption('network-team');
    await page
      .locator('#feedback-list > li', { hasText: 'Printer (printer)' })
      .waitFor({ state: 'detached' });
    await expect(items.count()).resolves.toBe(1);
    await page.locator('#feedback-team').selectOption('');
    await items.nth(1).waitFor();
    await page.screenshot({ path: path.join(os.tmpdir(), 'firstline-feedback-inbox.png') });

    await vpn.getByRole('button', { name: 'Acknowledge' }).click();
    // The default filter shows new feedback: the acknowledged item leaves the list.
    await page.locator('#feedback-list > li', { hasText: 'network.vpn' }).waitFor({ state: 'detached' });
    await page.locator('#feedback-status').selectOption('acknowledged');
    const acknowledged = page.locator('#feedback-list > li', { hasText: 'network.vpn' });
    await acknowledged.locator('.feedback-status', { hasText: 'Acknowledged' }).waitFor();
    await acknowledged.getByRole('button', { name: 'Mark done' }).click();
    await acknowledged.waitFor({ state: 'detached' });
    await page.locator('#feedback-status').selectOption('done');
    await page.locator('#feedback-list > li .feedback-status', { hasText: 'Done' }).waitFor();
    await page.screenshot({ path: path.join(os.tmpdir(), 'firstline-feedback-done.png') });

    // Back to the live chats: the inbox goes away.
    await page.locator('#nav-live').click();
    await page.locator('#live-view').waitFor({ state: 'visible' });
    expect(await page.locator('#feedback-view').isHidden()).toBe(true);
  });

  it('offers no Feedback view to a technician', async () => {
    const { token } = await running.app.handoff!.technicians.create({ name: 'Tom Tech', role: 'technician' });
    const page = (await browser.newPage()).page;
    await signIn(page, running.url, token);
    expect(await page.locator('#nav-feedback').isHidden()).toBe(true);
  });
});
