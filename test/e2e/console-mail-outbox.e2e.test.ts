import os from 'node:os';
import path from 'node:path';
import { launchBrowser, type TestBrowser, type WatchedPage } from '../helpers/browser';
import { freePort } from '../helpers/firstline-process';
import {
  greenMailTestsEnabled,
  resolveGreenMail,
  startGreenMail,
  type RunningGreenMail,
} from '../helpers/greenmail';
import { startApp, type RunningApp } from '../helpers/in-process-app';
import { signIn } from './console-harness';

jest.setTimeout(180_000);

const SUITE = 'mail outbox page';
const mailTarget = resolveGreenMail();
const SECRET = 'Sp4rrow!Nest-42';
const users = [
  { address: 'ana.popescu@example.test', password: 'ana-pw' },
  { address: 'jan.kowalski@example.test', password: 'jan-pw' },
];

/**
 * The administrator's outbox page in Chromium: e-mails the SMTP server did not take are listed
 * with why, secrets never reach the page, and "Retry now" sends a given-up one once the server is
 * back. Leads and technicians have no such page.
 */
(greenMailTestsEnabled(mailTarget, SUITE) ? describe : describe.skip)('E-mail outbox in the console', () => {
  let now = Date.parse('2027-05-04T09:30:00.000Z');
  const clock = () => new Date(now);
  let running: RunningApp;
  let browser: TestBrowser;
  let watched: WatchedPage;
  let greenMail: RunningGreenMail | undefined;
  let smtpPort: number;

  beforeAll(async () => {
    smtpPort = await freePort();
    [running, browser] = await Promise.all([
      startApp(
        {
          SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
          MAIL_FROM: 'IT Service Desk <helpdesk@example.test>',
          MAIL_OUTBOX_INTERVAL_SECONDS: '3600',
          MAIL_RETRY_BASE_SECONDS: '300',
          MAIL_SEND_ATTEMPTS: '2',
        },
        undefined,
        clock,
      ),
      launchBrowser({ locale: 'en-GB' }),
    ]);
    watched = await browser.newPage();
    const mail = running.app.mail!;
    // The SMTP server is down: two notices are given up after their second attempt...
    await mail.send({
      to: users[0]!.address,
      subject: 'HD-1042: a technician replied to your ticket',
      text: `Hello Ana,\n\nPlease sign in with the temporary password: ${SECRET}\n\nIT Service Desk`,
      html: '<p>Hello Ana</p>',
    });
    // A second on: e-mails queued at one instant have no order of their own.
    now += 1000;
    await mail.send({
      to: users[1]!.address,
      subject: 'HD-1043: your ticket was resolved',
      text: 'Hello Jan,\n\nYour VPN ticket was resolved.',
      html: '<p>Hello Jan</p>',
    });
    now += 5 * 60_000;
    expect(await running.app.mailOutbox!.job.runNow()).toMatchObject({ failed: 2 });
    // ...one waits for its next attempt...
    await mail.send({
      to: users[1]!.address,
      subject: 'HD-1044: waiting for your answer',
      text: 'Hello Jan,\n\nCould you tell us which printer?',
      html: '<p>Hello Jan</p>',
    });
    // ...and one went out once the server was back.
    greenMail = await startGreenMail(mailTarget, users, { smtpPort });
    now += 60_000;
    await mail.send({
      to: users[0]!.address,
      subject: 'HD-1045: a technician replied to your ticket',
      text: 'Hello Ana,\n\nThe printer is back.',
      html: '<p>Hello Ana</p>',
    });
  });

  afterAll(async () => {
    await browser?.close();
    await running?.stop();
    await greenMail?.stop();
    expect(watched.problems).toEqual([]);
  });

  it('shows an administrator what was sent, what waits and what failed, and retries a failed e-mail', async () => {
    const { token } = await running.app.handoff!.technicians.create({ name: 'Ada Admin', role: 'admin' });
    const page = watched.page;
    await page.setViewportSize({ width: 1280, height: 720 });
    await signIn(page, running.url, token);
    await page.locator('#nav-mail').click();
    await page.locator('#mail-view').waitFor({ state: 'visible' });
    const rows = page.locator('#mail-rows > tr');
    await rows.nth(3).waitFor();
    expect(await rows.count()).toBe(4);
    expect(await page.locator('#live-view').isHidden()).toBe(true);
    expect(await page.locator('#nav-mail').getAttribute('aria-current')).toBe('page');
    expect(await page.locator('#mail-filters .count').allTextContents()).toEqual(['4', '2', '1', '1']);
    // Newest first, each with its state and, when it failed, why in words.
    expect(await rows.locator('.cell-subject').allTextContents()).toEqual([
      'HD-1045: a technician replied to your ticket',
      'HD-1044: waiting for your answer',
      'HD-1043: your ticket was resolved',
      'HD-1042: a technician replied to your ticket',
    ]);
    expect(await rows.locator('.mail-state').allTextContents()).toEqual([
      'Sent',
      'Retrying',
      'Failed',
      'Failed',
    ]);
    const ana = rows.filter({ hasText: 'HD-1042' });
    await expect(ana.locator('.cell-error').textContent()).resolves.toBe(
      'ESOCKET: the mail server could not be reached',
    );
    await expect(ana.locator('.cell-to').textContent()).resolves.toBe(users[0]!.address);
    await expect(ana.locator('.cell-attempts').textContent()).resolves.toBe('2');
    await page.screenshot({ path: path.join(os.tmpdir(), 'firstline-mail-outbox.png'), fullPage: true });

    // The body is there to read, without the password it carried.
    await ana.getByRole('button', { name: 'Show' }).click();
    const body = page.locator('#mail-rows .mail-body');
    await body.waitFor();
    await expect(body.textContent()).resolves.toContain('Please sign in with the temporary password');
    expect(await page.content()).not.toContain(SECRET);
    await page.screenshot({ path: path.join(os.tmpdir(), 'firstline-mail-outbox-body.png'), fullPage: true });

    // Only the failed ones, then "Retry now": the server is back, so it goes out at once.
    await page.locator('#mail-filters .mail-filter[data-state="failed"]').click();
    await page.locator('#mail-rows > tr').nth(1).waitFor();
    await page.locator('#mail-rows > tr:nth-child(3)').waitFor({ state: 'detached' });
    await page
      .locator('#mail-rows > tr', { hasText: 'HD-1042' })
      .getByRole('button', { name: 'Retry now' })
      .click();
    await page.locator('#mail-summary', { hasText: `Sent to ${users[0]!.address}.` }).waitFor();
    await page.locator('#mail-rows > tr', { hasText: 'HD-1042' }).waitFor({ state: 'detached' });
    expect(await page.locator('#mail-filters .count').allTextContents()).toEqual(['4', '1', '1', '2']);
    const received = await greenMail!.waitForMessage(
      users[0]!,
      (m) => m.subject?.startsWith('HD-1042') ?? false,
    );
    expect(received.text).toContain(SECRET);
    await page.screenshot({
      path: path.join(os.tmpdir(), 'firstline-mail-outbox-retried.png'),
      fullPage: true,
    });
  });

  it('offers no outbox to a lead', async () => {
    const { token } = await running.app.handoff!.technicians.create({ name: 'Lea Lead', role: 'lead' });
    const page = (await browser.newPage()).page;
    await signIn(page, running.url, token);
    expect(await page.locator('#nav-mail').isHidden()).toBe(true);
    await page.goto(`${running.url}/console#/mail`);
    await page.locator('#app-view').waitFor({ state: 'visible' });
    expect(await page.locator('#mail-view').isHidden()).toBe(true);
  });
});
