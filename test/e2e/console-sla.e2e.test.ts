import path from 'node:path';
import { launchBrowser, type TestBrowser, type WatchedPage } from '../helpers/browser';
import { startApp, type RunningApp } from '../helpers/in-process-app';
import { signIn } from './console-harness';

jest.setTimeout(120_000);

/**
 * The console shows an SLA reminder live to the assignee, and the escalation when the target is
 * missed: the real app (controllable clock, shipped support.yaml) and the real console in Chromium.
 */
describe('SLA reminders in the console', () => {
  // Monday 1 February 2027, 09:00 in Berlin.
  let now = Date.parse('2027-02-01T08:00:00.000Z');
  let running: RunningApp;
  let browser: TestBrowser;
  let watched: WatchedPage;

  beforeAll(async () => {
    [running, browser] = await Promise.all([
      startApp(
        { SUPPORT_CONFIG_FILE: path.join(__dirname, '../../content/support.yaml'), SLA_CHECK_SECONDS: '600' },
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

  it('tells the assignee before the first response is due, and again when it is missed', async () => {
    const { technician, token } = await running.app.handoff!.technicians.create({
      name: 'Flo Berger',
      role: 'technician',
    });
    const tickets = running.app.handoff!.tickets;
    const ticket = await tickets.create({
      conversationId: 'sla-e2e',
      channelId: 'directline',
      user: { id: 'u-e2e', name: 'Ana' },
      language: 'en',
      category: 'printer',
      priority: 'normal',
      skills: [],
      problem: 'The printer jams',
      facts: {},
      stepsTried: [],
      articlesSuggested: [],
      origin: 'test',
    });
    await tickets.assign(
      ticket.id,
      { id: technician.id, name: technician.name },
      { kind: 'technician', id: 'lead', name: 'Lea' },
    );
    const page = watched.page;
    await signIn(page, running.url, token);

    // 80 % of the 4 h first response: Monday 12:12 Berlin.
    now = Date.parse('2027-02-01T11:13:00.000Z');
    await running.app.sla!.runNow();
    await running.app.idle();
    await page
      .locator('#toast', { hasText: `${ticket.number}: first response due Mon 1 Feb, 13:00 (Europe/Berlin)` })
      .waitFor({ state: 'visible', timeout: 15_000 });

    now = Date.parse('2027-02-01T12:01:00.000Z');
    await running.app.sla!.runNow();
    await running.app.idle();
    await page
      .locator('#toast', { hasText: `${ticket.number}: first response target missed` })
      .waitFor({ state: 'visible', timeout: 15_000 });
  });
});
