import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { launchBrowser, type TestBrowser, type WatchedPage } from '../helpers/browser';
import { startApp, type RunningApp } from '../helpers/in-process-app';
import { report } from '../integration/incidents/incident-helpers';
import type { Incident } from '../../src/incidents';
import { alwaysOpenSupportFile, signIn } from './console-harness';

jest.setTimeout(150_000);

const SHOTS = process.env.SCREENSHOT_DIR ?? path.join(os.tmpdir(), 'firstline-console-screenshots');

/**
 * The console's Incidents panel on the real app and the real console in Chromium: a spike of 15
 * reports shows as a suspected incident, a lead confirms it with status messages and resolves it,
 * and the linked user hears of both in the web chat.
 */
describe('the Incidents panel in the console', () => {
  let now = Date.parse('2031-06-02T08:00:00.000Z');
  let running: RunningApp;
  let browser: TestBrowser;
  let watched: WatchedPage;

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    [running, browser] = await Promise.all([
      startApp(
        { SUPPORT_CONFIG_FILE: alwaysOpenSupportFile(), INCIDENTS_CHECK_SECONDS: '3600' },
        undefined,
        () => new Date(now),
      ),
      launchBrowser({ locale: 'en-US' }),
    ]);
    watched = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
    expect(watched.problems).toEqual([]);
  });

  it('shows a suspected incident live, and lets a lead confirm and resolve it', async () => {
    const technicians = running.app.handoff!.technicians;
    const { token } = await technicians.create({ name: 'Lea Lead', role: 'lead' });
    const page = watched.page;
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, running.url, token);
    await page.locator('#nav-incidents').click();
    await page.locator('#incidents-view').waitFor({ state: 'visible' });
    await page.locator('#incidents-suspected', { hasText: 'None.' }).waitFor();

    for (let i = 0; i < 15; i++) {
      const { user } = await report(running.url, 'My VPN does not connect');
      user.end();
      now += 30_000;
    }
    await running.app.incidents!.detector.runNow();
    await running.app.idle();
    // The live feed's event brings it in without a reload; the nav shows the count.
    const card = page.locator('#incidents-suspected [data-incident="INC-1"]');
    await card.waitFor({ timeout: 15_000 });
    await page.locator('#nav-incidents-count', { hasText: '1' }).waitFor();
    await expectText(card, /15 reports in 10 min/);
    await expectText(card, /Topic: VPN \(network\.vpn\)/);
    await page.screenshot({ path: path.join(SHOTS, 'console-incidents-suspected.png') });

    await card.getByRole('button', { name: 'Confirm…' }).click();
    await card.getByLabel('English (en)').fill('The VPN gateway is down; we expect it back by 10:00.');
    await card
      .getByLabel('Deutsch (de)')
      .fill('Das VPN-Gateway ist ausgefallen; voraussichtlich ab 10:00 Uhr wieder da.');
    await card.getByRole('button', { name: 'Confirm', exact: true }).click();
    const active = page.locator('#incidents-confirmed [data-incident="INC-1"]');
    await active.waitFor();
    await expectText(active, /The VPN gateway is down/);
    await page.screenshot({ path: path.join(SHOTS, 'console-incidents-confirmed.png') });

    const ana = await report(running.url, 'My VPN does not connect');
    expect(ana.said).toContain('The VPN gateway is down; we expect it back by 10:00.');

    await active.getByRole('button', { name: 'Resolve…' }).click();
    await active.getByLabel('English (en)').fill('The gateway is back.');
    await active.getByRole('button', { name: 'Resolve', exact: true }).click();
    const closed = page.locator('#incidents-closed [data-incident="INC-1"]');
    await closed.waitFor();
    await expectText(closed, /Told of the fix: 16/);
    // The fix replaced the outage's status in every language: German users are not told it is still down.
    expect(await closed.textContent()).not.toContain('ausgefallen');
    await page.screenshot({ path: path.join(SHOTS, 'console-incidents-resolved.png') });
    await running.app.idle();
    const heard = (await ana.user.newReplies()).map((a) => a.text ?? '').join('\n');
    expect(heard).toContain('it has been fixed. The gateway is back.');
    ana.user.end();
    const stored = await running.app.storage.collection<Incident>('incidents').find({});
    expect(stored.map((i) => i.status)).toEqual(['resolved']);
  });

  it('lets a lead declare an incident by hand, and keeps the form and the API from technicians', async () => {
    const technicians = running.app.handoff!.technicians;
    const lead = (await technicians.create({ name: 'Leo Lead', role: 'lead', languages: ['de', 'en'] }))
      .token;
    const tech = (await technicians.create({ name: 'Tom Tech', role: 'technician' })).token;
    const leadPage = await browser.newPage();
    const page = leadPage.page;
    await page.setViewportSize({ width: 1280, height: 1100 });
    await signIn(page, running.url, lead);
    await page.locator('#nav-incidents').click();
    await page.locator('#incidents-view').waitFor({ state: 'visible' });

    await page.getByRole('button', { name: 'Declare incident…' }).click();
    const form = page.locator('#incident-declare-form');
    // Nothing is sent until the form says what an incident needs.
    await form.getByRole('button', { name: 'Declare incident' }).click();
    await page
      .locator('#incident-declare-error', { hasText: 'Give the incident a title.' })
      .filter({ hasText: 'Name a topic or words' })
      .filter({ hasText: 'at least one language' })
      .waitFor();
    await form.getByLabel('Title').fill('The VPN gateway in Frankfurt is down');
    await form
      .getByLabel('Status message, English (en)')
      .fill('The Frankfurt VPN gateway is down; connect to Vienna meanwhile.');
    // The topic is picked from the taxonomy's, by their labels in the lead's first language
    // (German here), sorted by label; nothing to type, so no id can be mistyped.
    const topic = form.getByLabel('Topic');
    expect(await topic.evaluate((node) => node.tagName)).toBe('SELECT');
    const options = await topic
      .locator('option')
      .evaluateAll((nodes) => nodes.map((node) => [(node as HTMLOptionElement).value, node.textContent]));
    expect(options[0]).toEqual(['', 'No topic: match by the words only']);
    expect(options).toContainEqual(['printer', 'Drucker']);
    expect(options).toContainEqual(['account.lockout', 'Konto gesperrt']);
    const labels = options.slice(1).map(([, label]) => label ?? '');
    expect(labels).toEqual([...labels].sort((a, b) => a.localeCompare(b, 'de')));
    expect(options.length).toBeGreaterThan(40);
    await topic.selectOption({ label: 'VPN' });
    await form.getByLabel('Words (optional)').fill('vpn, gateway');
    await form
      .getByLabel('Status message, Deutsch (de)')
      .fill('Das VPN-Gateway Frankfurt ist ausgefallen; bitte solange Wien wählen.');
    await form
      .getByLabel('Status message, Polski (pl)')
      .fill('Brama VPN we Frankfurcie nie działa; łącz się przez Wiedeń.');
    await form
      .getByLabel('Status message, Română (ro)')
      .fill('Gateway-ul VPN din Frankfurt nu funcționează; folosiți Viena.');
    await page.screenshot({ path: path.join(SHOTS, 'console-incidents-declare.png') });
    await form.getByRole('button', { name: 'Declare incident' }).click();

    const declared = page.locator('#incidents-confirmed [data-incident="INC-2"]');
    await declared.waitFor();
    expect(await page.locator('#incident-declare').isHidden()).toBe(true);
    await expectText(declared, /The VPN gateway in Frankfurt is down/);
    await expectText(declared, /Topic: VPN \(network\.vpn\) · Words: vpn, gateway/);
    await expectText(declared, /Raised .* by Leo Lead · confirmed/);
    await expectText(declared, /bitte solange Wien wählen/);
    await page.screenshot({ path: path.join(SHOTS, 'console-incidents-declared.png') });
    const stored = await running.app.storage
      .collection<Incident>('incidents')
      .find({ where: { number: 'INC-2' } });
    expect(stored.map((i) => [i.status, i.source, i.topic, i.words, Object.keys(i.statusMessages)])).toEqual([
      ['confirmed', 'lead', 'network.vpn', ['vpn', 'gateway'], ['en', 'de', 'pl', 'ro']],
    ]);

    // A German user with that problem is told the lead's German message.
    const jonas = await report(running.url, 'Mein VPN verbindet sich nicht', 'de-DE');
    expect(jonas.said).toContain('Das VPN-Gateway Frankfurt ist ausgefallen; bitte solange Wien wählen.');
    jonas.user.end();

    // A technician reads the list but is offered no form, and the API refuses the request.
    const techPage = await browser.newPage();
    await signIn(techPage.page, running.url, tech);
    await techPage.page.locator('#nav-incidents').click();
    await techPage.page.locator('#incidents-confirmed [data-incident="INC-2"]').waitFor();
    expect(await techPage.page.locator('#incidents-declare-open').isHidden()).toBe(true);
    expect(await techPage.page.locator('#incident-declare-form').count()).toBe(0);
    const refused = await techPage.page.evaluate(async () => {
      const api = (
        window as unknown as {
          FirstLineConsole: { api: { call: (op: string, params: null, body: unknown) => Promise<unknown> } };
        }
      ).FirstLineConsole.api;
      try {
        await api.call('createIncident', null, {
          title: 'Not mine to raise',
          topic: 'network.vpn',
          status: 'confirmed',
          statusMessages: { en: 'x' },
        });
        return 0;
      } catch (err) {
        return (err as { status: number }).status;
      }
    });
    expect(refused).toBe(403);
    expect(await running.app.storage.collection<Incident>('incidents').find({})).toHaveLength(2);
    expect(leadPage.problems).toEqual([]);
    // The refused request is the only thing the technician's page logs.
    expect(techPage.problems).toEqual([
      'console error: Failed to load resource: the server responded with a status of 403 (Forbidden)',
    ]);
  });
});

async function expectText(locator: Locator, pattern: RegExp): Promise<void> {
  await locator.filter({ hasText: pattern }).waitFor({ timeout: 10_000 });
}
