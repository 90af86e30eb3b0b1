import { armTrap, loadPayloads, settled } from '../fixtures/xss/xss-trap';
import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { startApp, type RunningApp } from '../helpers/in-process-app';
import { api } from '../unit/console/console-harness';
import { WebChatUser } from '../integration/conversation/web-chat-user';
import { signIn } from './console-harness';

jest.setTimeout(180_000);

/**
 * The newer console pages show what users and leads typed: the Feedback inbox (remarks), the
 * Incidents panel (title and status message) and Gaps & drafts (unanswered questions). Payloads
 * planted in each, through the chat and the API, must stay text in a real Chromium page.
 */
describe('payloads in the Feedback, Incidents and Gaps pages', () => {
  const payloads = loadPayloads().slice(0, 30);
  let running: RunningApp;
  let browser: TestBrowser;
  let lead = '';

  beforeAll(async () => {
    [running, browser] = await Promise.all([startApp(), launchBrowser({ locale: 'en-US' })]);
    lead = (await running.app.handoff!.technicians.create({ name: 'Lea Lead', role: 'lead' })).token;
    for (const payload of payloads.slice(0, 10)) {
      const user = await WebChatUser.start(running.url);
      await user.say(`the VPN guide was useless ${payload}`);
      user.end();
    }
    for (const payload of payloads.slice(10, 20)) {
      const asker = await WebChatUser.start(running.url);
      await asker.say(`my desk phone has no dial tone ${payload}`);
      asker.end();
    }
    const created = await api(`${running.url}/api/console/incidents`, lead, 'POST', {
      title: `Phones down ${payloads[20]}`,
      words: ['phone'],
      status: 'confirmed',
      statusMessages: { en: payloads.slice(21, 30).join(' ') },
    });
    expect(created.status).toBe(201);
    await running.app.idle();
    const feedback = await api(`${running.url}/api/console/feedback`, lead, 'GET');
    expect(JSON.stringify(feedback.body)).toContain('guide was useless');
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  it('shows them as text: nothing runs, loads or breaks the page policy', async () => {
    const { page } = await browser.newPage();
    const report = await armTrap(page);
    await signIn(page, running.url, lead);
    await page.locator('#nav-feedback').click();
    await page.locator('#feedback-list > li', { hasText: 'guide was useless' }).first().waitFor();
    // A remark is kept as its text (tags taken off when it is read): the script's words are on
    // screen as characters, and none of the planted elements made it into the page.
    expect(payloads[0]).toBe('<script>__xssHit(1)</script>');
    expect(await page.locator('#feedback-list').textContent()).toContain('useless __xssHit(1)');
    expect(await page.locator('#feedback-list script, #feedback-list img, #feedback-list svg').count()).toBe(
      0,
    );
    await settled(page);
    await page.locator('#nav-incidents').click();
    await page.locator('#incidents-view', { hasText: 'Phones down' }).waitFor();
    expect(await page.locator('#incidents-view').textContent()).toContain(payloads[20]);
    await settled(page);
    await page.locator('#nav-knowledge').click();
    await page.locator('#gaps-list > li.gap').first().waitFor({ timeout: 20_000 });
    expect(await page.locator('#gaps-list').textContent()).toContain('dial tone');
    await settled(page);
    expect(await report()).toEqual({ hits: [], dialogs: [], cspViolations: [], attackerRequests: [] });
  });
});
