import os from 'node:os';
import path from 'node:path';
import { launchBrowser, type TestBrowser, type WatchedPage } from '../helpers/browser';
import { startApp, type RunningApp } from '../helpers/in-process-app';
import { WebChatUser } from '../integration/conversation/web-chat-user';
import { signIn } from './console-harness';

jest.setTimeout(120_000);

/** The weekly digest page in the real console, after the leased job built the week's digest. */
describe('Weekly digest in the console', () => {
  // Wednesday 24 February 2027.
  let now = Date.parse('2027-02-24T10:00:00.000Z');
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
    await user.say('the VPN guide was useless');
    user.end();
    // Two more problems, one handed over: a rate of a third, whose change is shown in whole points.
    const printer = await WebChatUser.start(running.url);
    await printer.say('my printer jams on every page');
    printer.end();
    const screen = await WebChatUser.start(running.url);
    await screen.say('my screen flickers all the time');
    await screen.say('talk to a person');
    await screen.say('yes');
    screen.end();
    await running.app.idle();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
    expect(watched.problems).toEqual([]);
  });

  it('shows a lead the week just ended, compared with the week before', async () => {
    const { token } = await running.app.handoff!.technicians.create({ name: 'Lea Lead', role: 'lead' });
    const page = watched.page;
    await signIn(page, running.url, token);
    // Before any week has ended since the start: the week so far.
    await page.locator('#nav-digest').click();
    await page.locator('#digest-summary', { hasText: 'This week so far' }).waitFor();

    now = Date.parse('2027-03-01T01:00:00.000Z');
    expect(await running.app.digest.job.runNow()).toMatchObject({ built: '2027-02-22' });
    await page.locator('#nav-tickets').click();
    await page.locator('#nav-digest').click();
    await page.locator('#digest-summary', { hasText: 'Week of 2027-02-22' }).waitFor();
    const negative = page.locator('.digest-table tr', { hasText: 'Negative feedback' });
    await expect(negative.locator('td').allTextContents()).resolves.toEqual(['1', '0', '+1 (worse)']);
    const handedOver = page.locator('.digest-table tr', { hasText: 'Handed over' });
    await expect(handedOver.locator('td').allTextContents()).resolves.toEqual([
      '33 %',
      '0 %',
      '+33 pts (worse)',
    ]);
    await page.locator('.digest-section li', { hasText: 'VPN (network.vpn): 1' }).waitFor();
    expect(await page.locator('#nav-digest').getAttribute('aria-current')).toBe('page');
    expect(await page.locator('#live-view').isHidden()).toBe(true);
    await page.screenshot({ path: path.join(os.tmpdir(), 'firstline-digest.png'), fullPage: true });

    await page.locator('#nav-tickets').click();
    await page.locator('#tickets-view').waitFor({ state: 'visible' });
    expect(await page.locator('#digest-view').isHidden()).toBe(true);
  });
});
