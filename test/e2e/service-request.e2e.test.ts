import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { loadFlowFile } from '../../src/dialogs/flows/load-flows';
import type { FlowDefinition } from '../../src/dialogs/flows/flow-schema';
import { Catalogue } from '../../src/i18n';
import type { Ticket } from '../../src/tickets';
import { launchBrowser, type TestBrowser, type WatchedPage } from '../helpers/browser';
import { startFirstLine, type FirstLineProcess } from '../helpers/firstline-process';
import { addTechnician, alwaysOpenSupportFile, apiCall, signIn } from './console-harness';
import { plain, sendMessage, transcriptText, waitForBubble } from './webchat-page';

// Real server process, real Chromium, real Web Chat bundle: a Polish user asks for access to a
// folder; the access-request flow collects what the request needs and opens a request ticket
// for the identity team, which technicians read as a form.
jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '..', '..');
const SHOTS = process.env.SCREENSHOT_DIR ?? path.join(os.tmpdir(), 'firstline-console-screenshots');
const catalogue = Catalogue.load(path.join(ROOT, 'content', 'i18n'));

function accessFlow(): FlowDefinition {
  const file = path.join(ROOT, 'content', 'flows', 'access-request.yaml');
  const { flow, problems } = loadFlowFile(file);
  if (!flow) throw new Error(`access-request does not load: ${JSON.stringify(problems)}`);
  return flow.definition;
}

/** The first sentence of a node's Polish text, as Web Chat shows it (no Markdown marks). */
function question(flow: FlowDefinition, nodeId: string): string {
  const node = flow.nodes[nodeId];
  const text = node && 'text' in node && node.text ? node.text.pl : undefined;
  if (!text) throw new Error(`access-request/${nodeId} has no Polish text`);
  return plain(text.replace(/\*+/g, '').split(/(?<=[?.])\s/)[0] ?? text);
}

function label(flow: FlowDefinition, nodeId: string, value: string): string {
  const node = flow.nodes[nodeId];
  const options = node?.type === 'question' && 'options' in node ? node.options : [];
  const option = options.find((o) => o.value === value);
  if (!option) throw new Error(`access-request/${nodeId} has no option ${value}`);
  return option.label.pl ?? option.label.en;
}

async function waitForTicketNumber(page: Page, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = /HD-\d+/.exec(await transcriptText(page));
    if (found) return found[0];
    await page.waitForTimeout(150);
  }
  throw new Error(`no ticket number within ${timeoutMs} ms: ${await transcriptText(page)}`);
}

describe('a service request in the web chat (pl)', () => {
  let firstline: FirstLineProcess;
  let browser: TestBrowser;
  const pages: WatchedPage[] = [];

  beforeAll(async () => {
    [firstline, browser] = await Promise.all([
      startFirstLine({ SUPPORT_CONFIG_FILE: alwaysOpenSupportFile() }),
      launchBrowser({ locale: 'pl-PL' }),
    ]);
  });

  afterAll(async () => {
    for (const watched of pages) await watched.page.close();
    await browser?.close();
    await firstline?.dispose();
  });

  it('collects the access request and opens a request ticket routed to the identity team', async () => {
    const flow = accessFlow();
    const watched = await browser.newPage();
    pages.push(watched);
    const page = watched.page;
    await page.goto(`${firstline.url}/?locale=pl-PL`);
    await waitForBubble(page, plain(catalogue.t('pl', 'welcome', { botName: 'FirstLine' })));

    // The first message already says what and which folder: the flow repeats what it took from it
    // and goes on with the access level, picked from its buttons.
    await sendMessage(page, 'potrzebuję dostępu do folderu działu finansów');
    await waitForBubble(page, 'folderu działu finansów');
    await waitForBubble(page, question(flow, 'ask-level'));
    await page
      .getByRole('button', { name: label(flow, 'ask-level', 'edit'), exact: true })
      .last()
      .click();
    await waitForBubble(page, question(flow, 'ask-for-whom'));
    await sendMessage(page, label(flow, 'ask-for-whom', 'someone-else'));
    await waitForBubble(page, question(flow, 'ask-person'));
    await sendMessage(page, 'Anna Nowak');
    await waitForBubble(page, question(flow, 'ask-reason'));
    await sendMessage(page, 'dołączyła do projektu budżetowego');
    await waitForBubble(page, question(flow, 'ask-approver'));
    await sendMessage(page, 'Jan Kowalski');
    const number = await waitForTicketNumber(page);
    expect(watched.problems).toEqual([]);

    const lead = await addTechnician(firstline.dataDir, 'Lena Lead', 'lead');
    const found = await apiCall<{ ticket: Ticket }>(
      firstline.url,
      lead.token,
      'GET',
      `/api/console/tickets/${number}`,
    );
    expect(found.ticket).toMatchObject({
      number,
      type: 'request',
      team: 'identity-team',
      category: 'access-request',
      priority: 'low',
      language: 'pl',
    });
    expect(found.ticket.skills).toContain('identity');
    expect(found.ticket.requestFields).toEqual([
      { label: 'Access to', value: 'A folder on a network drive' },
      { label: 'Folder or site', value: 'folderu działu finansów' },
      { label: 'Access level', value: 'Read and edit' },
      { label: 'For whom', value: 'For someone else' },
      { label: 'Person', value: 'Anna Nowak' },
      { label: 'Reason', value: 'dołączyła do projektu budżetowego' },
      { label: 'Approver', value: 'Jan Kowalski' },
    ]);

    // Routed to its team: the identity technician has it in Unassigned and reads the form;
    // a workplace technician neither lists it nor opens it.
    const identity = await addTechnician(firstline.dataDir, 'Iga Identity', 'technician', {}, ['identity']);
    const workplace = await addTechnician(firstline.dataDir, 'Wiktor Workplace', 'technician', {}, [
      'workplace',
    ]);
    const hidden = await apiCall<{ tickets: Ticket[] }>(
      firstline.url,
      workplace.token,
      'GET',
      '/api/console/tickets',
    );
    expect(hidden.tickets.map((t) => t.number)).not.toContain(number);
    const refused = await fetch(`${firstline.url}/api/console/tickets/${number}`, {
      headers: { authorization: `Bearer ${workplace.token}` },
    });
    expect(refused.status).toBe(404);

    const console = await browser.newPage();
    pages.push(console);
    await signIn(console.page, firstline.url, identity.token);
    await console.page.locator('#nav-tickets').click();
    await console.page.locator('.saved-view[data-view="unassigned"]').click();
    const row = console.page.locator(`#worklist-rows tr[data-ticket-number="${number}"]`);
    await row.waitFor({ timeout: 15_000 });
    await row.locator('a', { hasText: number }).click();
    await console.page.locator('#ticket-title', { hasText: number }).waitFor();
    const form = console.page.locator('#ticket-request:not([hidden])');
    for (const text of [
      'Folder or site',
      'folderu działu finansów',
      'Approver',
      'Jan Kowalski',
      'Read and edit',
    ])
      await form.getByText(text, { exact: true }).first().waitFor();
    // The technician takes it and files it under a finer category; the history keeps both.
    await console.page.locator('#ticket-assign-me').click();
    await console.page.locator('#ticket-meta', { hasText: 'Assigned to Iga Identity' }).waitFor();
    await console.page.locator('#ticket-category').fill('access-request-finance');
    await console.page.locator('#ticket-why').fill('finance folders have their own approvers');
    await console.page.locator('#ticket-update').click();
    await console.page
      .locator('#ticket-history', { hasText: 'access-request → access-request-finance' })
      .waitFor({ timeout: 15_000 });
    fs.mkdirSync(SHOTS, { recursive: true });
    await console.page.setViewportSize({ width: 1360, height: 900 });
    await console.page.screenshot({ path: path.join(SHOTS, 'ticket-request-form.png'), fullPage: true });
    expect(console.problems).toEqual([]);
  });
});
