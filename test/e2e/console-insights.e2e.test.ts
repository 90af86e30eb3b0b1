import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { CaseRecord } from '../../src/insights';
import type { Ticket } from '../../src/tickets';
import { launchBrowser, type TestBrowser, type WatchedPage } from '../helpers/browser';
import { startApp, type RunningApp } from '../helpers/in-process-app';
import { alwaysOpenSupportFile, signIn } from './console-harness';

jest.setTimeout(120_000);

// Screenshots for people to look at (E2E_SCREENSHOTS=<dir> keeps them; a temporary folder otherwise).
const SHOTS = process.env.E2E_SCREENSHOTS ?? fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-insights-'));
const NOW = Date.parse('2031-05-21T12:00:00Z');
const RANGE = 'from=2031-05-18&to=2031-05-20';

type Seed = [
  day: string,
  channel: string,
  language: CaseRecord['language'],
  topic: string,
  outcome: CaseRecord['outcome'],
];

/** Eleven problems over three days: two channels, three languages, articles and a flow. */
const CASES: Seed[] = [
  ['2031-05-18', 'directline', 'en', 'email.out-of-office', 'resolved-confirmed'],
  ['2031-05-18', 'directline', 'en', 'email.out-of-office', 'resolved-assumed'],
  ['2031-05-18', 'msteams', 'de', 'network.no-internet', 'open'],
  ['2031-05-19', 'msteams', 'de', 'network.no-internet', 'handed-over'],
  ['2031-05-19', 'msteams', 'en', 'printer.jam', 'resolved-confirmed'],
  ['2031-05-19', 'directline', 'pl', 'account.password', 'unanswered'],
  ['2031-05-19', 'directline', 'en', 'out-of-scope.hr', 'out-of-scope'],
  ['2031-05-20', 'msteams', 'en', 'printer.jam', 'ticket'],
  ['2031-05-20', 'msteams', 'pl', 'network.no-internet', 'resolved-confirmed'],
  ['2031-05-20', 'directline', 'en', 'email.out-of-office', 'resolved-confirmed'],
  ['2031-05-20', 'msteams', 'de', 'network.no-internet', 'open'],
];

function caseRecord(
  [day, channelId, language, topic, outcome]: Seed,
  i: number,
): Omit<CaseRecord, 'version'> {
  const openedAt = `${day}T09:${String(10 + i).padStart(2, '0')}:00.000Z`;
  const article = topic.startsWith('email')
    ? [{ articleId: 'out-of-office', helped: outcome === 'resolved-confirmed', steps: [] }]
    : [];
  const flow = topic.startsWith('network')
    ? [
        {
          flowId: 'no-internet',
          steps: [
            { nodeId: 'ask-connection', result: 'answered' as const },
            ...(outcome === 'open' ? [] : [{ nodeId: 'restart-router', result: 'worked' as const }]),
          ],
          lastNodeId: outcome === 'open' ? 'ask-connection' : 'restart-router',
        },
      ]
    : [];
  return {
    id: `case-${i}`,
    conversationId: `conv-${i}`,
    userId: `user-${i}`,
    channelId,
    language,
    topic,
    outcome,
    articles: article,
    flows: flow,
    firstMessage: `problem ${i}`,
    openedAt,
    day,
    updatedAt: openedAt,
  };
}

function ticket(
  n: number,
  record: Omit<CaseRecord, 'version'>,
  score: 1 | 2 | 3 | 4 | 5,
): Omit<Ticket, 'version'> {
  const created = Date.parse(record.openedAt);
  const at = (minutes: number) => new Date(created + minutes * 60_000).toISOString();
  const tech = { kind: 'technician' as const, id: 't1', name: 'Tom' };
  return {
    id: `ticket-${n}`,
    number: `HD-${1001 + n}`,
    status: 'resolved',
    conversationId: record.conversationId,
    channelId: record.channelId,
    user: { id: record.userId },
    language: record.language,
    category: (record.topic ?? 'general').split('.')[0] ?? 'general',
    priority: 'normal',
    skills: [],
    summary: 'seeded',
    problem: 'seeded',
    facts: {},
    stepsTried: [],
    articlesSuggested: [],
    origin: 'seeded',
    notes: [],
    replies: [{ id: `r${n}`, by: tech, text: 'On it', at: at(30) }],
    history: [{ id: `h${n}`, at: at(90), by: tech, change: 'status', from: 'open', to: 'resolved' }],
    resolution: { note: 'Fixed', category: 'network', by: 'Tom', at: at(90) },
    rating: { score, at: at(95) },
    createdAt: at(0),
    updatedAt: at(95),
  };
}

/** A problem the bot fixed itself, kept as a ticket resolved by the bot and rated when the fix held. */
function botFix(
  n: number,
  record: Omit<CaseRecord, 'version'>,
  score: 1 | 2 | 3 | 4 | 5,
): Omit<Ticket, 'version'> {
  const at = (minutes: number) => new Date(Date.parse(record.openedAt) + minutes * 60_000).toISOString();
  const bot = { kind: 'bot' as const, id: 'bot', name: 'FirstLine' };
  return {
    ...ticket(n, record, score),
    status: 'closed',
    replies: [],
    history: [{ id: `h${n}`, at: at(5), by: bot, change: 'status', from: 'open', to: 'resolved' }],
    resolution: {
      note: 'Resolved by the bot with article out-of-office',
      category: 'email',
      by: 'FirstLine',
      at: at(5),
      byBot: { source: 'article', ref: 'out-of-office' },
    },
  };
}

/** The whole page on one screen (it scrolls inside), for a person to look at. */
async function screenshot(page: Page, name: string): Promise<void> {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 1280, height: 4300 });
  // Charts redraw at the new size on the next animation frames (resize observer, then the draw).
  await page.evaluate(
    () =>
      new Promise((done) =>
        requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(done))),
      ),
  );
  await page.screenshot({ path: path.join(SHOTS, name) });
  if (size) await page.setViewportSize(size);
}

/** Pixels drawn on each chart canvas of the page (0 for a blank canvas). */
async function drawnPixels(page: Page): Promise<Record<string, number>> {
  return page.$$eval('#insights-panels canvas', (canvases) =>
    Object.fromEntries(
      (canvases as HTMLCanvasElement[]).map((canvas) => {
        const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
        let drawn = 0;
        for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) drawn += 1;
        return [canvas.id, drawn];
      }),
    ),
  );
}

async function tableRows(page: Page, id: string): Promise<string[][]> {
  return page.$$eval(`#insights-table-${id} tbody tr`, (rows) =>
    rows.map((row) => Array.from(row.children).map((cell) => (cell.textContent ?? '').trim())),
  );
}

describe('the Insights page in Chromium', () => {
  let running: RunningApp;
  let browser: TestBrowser;
  const watched: WatchedPage[] = [];
  let lead: string;
  let technician: string;

  beforeAll(async () => {
    [running, browser] = await Promise.all([
      startApp({ SUPPORT_CONFIG_FILE: alwaysOpenSupportFile() }, undefined, () => new Date(NOW)),
      launchBrowser({ locale: 'en-US' }),
    ]);
    const technicians = running.app.handoff!.technicians;
    lead = (await technicians.create({ name: 'Lea Lead', role: 'lead' })).token;
    technician = (await technicians.create({ name: 'Tom Tech', role: 'technician' })).token;
    const records = CASES.map(caseRecord);
    const cases = running.app.storage.collection<CaseRecord>('cases');
    for (const record of records) await cases.insert(record);
    const tickets = running.app.storage.collection<Ticket>('tickets');
    await tickets.insert(ticket(0, records[3]!, 4));
    await tickets.insert(ticket(1, records[7]!, 2));
    // Ratings of the bot's own fixes: counted apart, never in the technicians' figures.
    await tickets.insert(botFix(2, records[0]!, 5));
    await tickets.insert(botFix(3, records[4]!, 4));
    await tickets.insert(botFix(4, records[9]!, 2));
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
    expect(watched.flatMap((w) => w.problems)).toEqual([]);
  });

  async function open(token: string): Promise<Page> {
    const w = await browser.newPage();
    watched.push(w);
    await signIn(w.page, running.url, token);
    return w.page;
  }

  it('serves chart.js from node_modules as JavaScript with a cache header', async () => {
    const res = await fetch(`${running.url}/console/vendor/chart.umd.min.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=86400');
    expect(await res.text()).toContain('Chart');
  });

  it('draws every chart with its table, filters change them, and each table downloads as CSV', async () => {
    const page = await open(lead);
    await page.locator('#nav-insights').click();
    await page.evaluate((range) => (location.hash = `#/insights?${range}`), RANGE);
    await page.locator('#insights-status').filter({ hasText: '11 cases' }).waitFor();
    expect(await page.locator('#live-view').isHidden()).toBe(true);

    const before = await drawnPixels(page);
    expect(Object.keys(before)).toHaveLength(11);
    for (const [id, drawn] of Object.entries(before))
      expect({ id, drawn: drawn > 500 }).toEqual({ id, drawn: true });
    await screenshot(page, 'insights-all.png');

    expect(await tableRows(page, 'by-day')).toEqual([
      ['2031-05-18', '3', '2', '0'],
      ['2031-05-19', '4', '1', '1'],
      ['2031-05-20', '4', '2', '1'],
    ]);
    // Topics by the taxonomy's label in the lead's language; ids the taxonomy lacks stand for themselves.
    expect(await tableRows(page, 'topics')).toEqual([
      ['No internet', 'network.no-internet', '4'],
      ['Out of office', 'email.out-of-office', '3'],
      ['printer.jam', 'printer.jam', '2'],
      ['account.password', 'account.password', '1'],
      ['out-of-scope.hr', 'out-of-scope.hr', '1'],
    ]);
    expect(await tableRows(page, 'flow-steps')).toEqual([
      ['no-internet', 'ask-connection', '4', '0', '0', '2'],
      ['no-internet', 'restart-router', '2', '2', '0', '0'],
    ]);
    // Technicians' tickets rated 2 and 4; the bot's own fixes 5, 4 and 2, side by side.
    expect(await tableRows(page, 'csat')).toEqual([
      ['1', '0', '0'],
      ['2', '1', '1'],
      ['3', '0', '0'],
      ['4', '1', '1'],
      ['5', '0', '1'],
    ]);
    expect(await tableRows(page, 'service')).toEqual([
      ['First response within SLA', '—', '0'],
      ['Resolution within SLA', '—', '0'],
      ['Satisfied with technicians (4–5)', '50.0 %', '2'],
      ['Satisfied with bot fixes (4–5)', '66.7 %', '3'],
      ['Reopened', '0.0 %', '2'],
    ]);
    const kpi = (label: string) =>
      page.locator('#insights-kpis .kpi').filter({ has: page.getByText(label, { exact: true }) });
    expect(await kpi('Resolved by the bot, confirmed').locator('.kpi-value').innerText()).toBe('36.4 %'); // 4 of 11
    expect(await kpi('CSAT, technicians').innerText()).toMatch(/3\.00 \/ 5\s+2 ratings/);
    expect(await kpi('CSAT, bot fixes').innerText()).toMatch(/3\.67 \/ 5\s+3 ratings/);
    // The headline time in words, as the queue says waits; the table's CSV below keeps 0.50 h.
    expect(await kpi('First response, median').locator('.kpi-value').innerText()).toBe('30 min');

    // A CSV of a table: the same rows, a header, RFC 4180 line ends, a BOM for spreadsheets.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('button[data-csv="topics"]').click(),
    ]);
    expect(download.suggestedFilename()).toBe('insights-topics-2031-05-18-2031-05-20.csv');
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv).toBe(
      '\ufeffTopic,Id,Cases\r\nNo internet,network.no-internet,4\r\nOut of office,email.out-of-office,3\r\n' +
        'printer.jam,printer.jam,2\r\naccount.password,account.password,1\r\nout-of-scope.hr,out-of-scope.hr,1\r\n',
    );
    const [technicians] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('button[data-csv="technicians"]').click(),
    ]);
    expect(fs.readFileSync((await technicians.path())!, 'utf8')).toBe(
      '\ufeffMeasure,Median,90th percentile,Tickets measured\r\n' +
        'First response,0.50 h,0.50 h,2\r\nTime to resolution,1.50 h,1.50 h,2\r\n',
    );

    const [ratings] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('button[data-csv="csat"]').click(),
    ]);
    expect(fs.readFileSync((await ratings.path())!, 'utf8')).toBe(
      '\ufeffScore,Technicians,Bot fixes\r\n1,0,0\r\n2,1,1\r\n3,0,0\r\n4,1,1\r\n5,0,1\r\n',
    );
    const [service] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('button[data-csv="service"]').click(),
    ]);
    expect(fs.readFileSync((await service.path())!, 'utf8')).toContain(
      'Satisfied with technicians (4–5),50.0 %,2\r\nSatisfied with bot fixes (4–5),66.7 %,3\r\n',
    );

    // The topic filter names the taxonomy's topics by their label, others by their id.
    const topicOptions = await page.locator('#insights-topic option').allTextContents();
    expect(topicOptions).toContain('No internet (network.no-internet)');
    expect(topicOptions).toContain('printer.jam');

    // Teams only: fewer cases, other charts.
    await page.locator('#insights-channel').selectOption('msteams');
    await page.locator('#insights-filters button[type="submit"]').click();
    await page.locator('#insights-status').filter({ hasText: '6 cases' }).waitFor();
    expect(page.url()).toContain('channel=msteams');
    expect(await tableRows(page, 'channels')).toEqual([['Microsoft Teams', '6']]);
    expect(await tableRows(page, 'by-day')).toEqual([
      ['2031-05-18', '1', '0', '0'],
      ['2031-05-19', '2', '1', '1'],
      ['2031-05-20', '3', '1', '1'],
    ]);
    const after = await drawnPixels(page);
    const changed = await page.$eval('#insights-chart-channels', (c) => (c as HTMLCanvasElement).toDataURL());
    expect(after['insights-chart-by-day']).not.toBe(before['insights-chart-by-day']);
    expect(changed.length).toBeGreaterThan(1000);
    await screenshot(page, 'insights-teams.png');
    const [filtered] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('button[data-csv="by-day"]').click(),
    ]);
    expect(fs.readFileSync((await filtered.path())!, 'utf8')).toBe(
      '\ufeffDay,Cases,Resolved by the bot,Handed over or ticket\r\n' +
        '2031-05-18,1,0,0\r\n2031-05-19,2,1,1\r\n2031-05-20,3,1,1\r\n',
    );
  });

  it('is not offered to technicians', async () => {
    const page = await open(technician);
    expect(await page.locator('#nav-insights').isHidden()).toBe(true);
  });
});
