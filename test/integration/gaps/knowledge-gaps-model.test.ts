import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { copyShippedContent } from '../../helpers/content-copy';
import { startApp, type RunningApp } from '../../helpers/in-process-app';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../helpers/openai-compatible-server';
import { GAP_GROUPS } from '../../fixtures/gaps/unanswered-questions';
import { WebChatUser } from '../conversation/web-chat-user';

// With a model configured (the local OpenAI-compatible server): embeddings take part in the
// clustering, the language model writes the gap's draft in the four languages, and drafts made
// from tickets are kept for review with the others. Embeddings failing leaves the words alone.
const DAY = Date.parse('2031-04-02T08:00:00Z');
const RANGE = 'from=2031-04-02&to=2031-04-03';
const PHONE = GAP_GROUPS[0]!.questions;
const GIT = GAP_GROUPS[3]!.questions;

interface Gap {
  id: string;
  cases: number;
  examples: { text: string }[];
}

describe('knowledge gaps with a language model and embeddings configured', () => {
  let model: FakeOpenAiServer;
  let running: RunningApp;
  let contentDir: string;
  const clock = { now: DAY };
  let lead: string;

  async function api(method: string, url: string, body?: unknown) {
    const res = await fetch(`${running.url}${url}`, {
      method,
      headers: { authorization: `Bearer ${lead}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  beforeAll(async () => {
    model = await startFakeOpenAiServer();
    contentDir = copyShippedContent();
    const support = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-support-')), 'support.yaml');
    fs.writeFileSync(
      support,
      'timeZone: UTC\nhours: { mon: ["00:00-24:00"], tue: ["00:00-24:00"], wed: ["00:00-24:00"], thu: ["00:00-24:00"], fri: ["00:00-24:00"], sat: ["00:00-24:00"], sun: ["00:00-24:00"] }\n',
    );
    running = await startApp(
      {
        CONTENT_DIR: contentDir,
        SUPPORT_CONFIG_FILE: support,
        RATE_LIMIT_CONVERSATIONS_PER_MINUTE: '1000',
        OPENAI_API_KEY: 'sk-test-gaps',
        OPENAI_BASE_URL: model.baseURL,
        OPENAI_MODEL: 'test-chat',
        OPENAI_EMBEDDING_MODEL: 'test-embed',
      },
      undefined,
      () => new Date(clock.now),
    );
    const technicians = running.app.handoff!.technicians;
    lead = (
      await technicians.create({
        name: 'Lea',
        role: 'lead',
        skills: [],
        languages: ['en'],
        availability: 'offline',
      })
    ).token;
    // The grounded answers take most questions the bot has no article for: escalated ones stay gaps.
    for (const question of [...PHONE.slice(0, 3), ...GIT.slice(0, 3)]) {
      const user = await WebChatUser.start(running.url, 'en-US');
      clock.now += 30_000;
      await user.say('talk to a person');
      await user.say(question);
      await user.say('yes');
      user.end();
    }
    for (const question of [...PHONE, ...GIT]) {
      const user = await WebChatUser.start(running.url, 'en-US');
      clock.now += 30_000;
      await user.say(question);
      user.end();
    }
    await running.app.idle();
  }, 300_000);

  afterAll(async () => {
    await running?.stop();
    await model?.close();
    fs.rmSync(contentDir, { recursive: true, force: true });
  });

  it('clusters with embeddings, and the model drafts the article in four languages', async () => {
    const embedded = model.requests.length;
    const report = await api('GET', `/api/console/knowledge-gaps?${RANGE}`);
    expect(report.status).toBe(200);
    // At least the six escalated questions: enough to compare with embeddings.
    expect(report.body.questions as number).toBeGreaterThanOrEqual(6);
    expect(report.body.embeddings).toBe(true);
    expect(model.requests.length).toBe(embedded + 1);
    const gaps = report.body.gaps as Gap[];
    const asked = report.body.questions as number;
    // Those questions went to the embeddings model once, as the case records keep them (redacted).
    const embeddedTexts = model.requests.at(-1)!.input;
    expect(embeddedTexts).toHaveLength(asked);
    for (const text of embeddedTexts) expect([...PHONE, ...GIT]).toContain(text);
    // Every gap question is in exactly one cluster, and no cluster mixes the two problems.
    expect(gaps.reduce((n, g) => n + g.cases, 0)).toBe(asked);
    for (const gap of gaps) {
      const fromPhone = gap.examples.filter((e) => PHONE.includes(e.text)).length;
      expect([0, gap.examples.length]).toContain(fromPhone);
    }

    const created = await api('POST', `/api/console/knowledge-gaps/${gaps[0]!.id}/draft?${RANGE}`, {});
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ origin: 'gap', byModel: true });
    const files = created.body.files as { path: string; content: string }[];
    expect(files.map((f) => f.path.slice(-6)).sort()).toEqual(['.de.md', '.en.md', '.pl.md', '.ro.md']);
    expect(files.every((f) => !f.path.startsWith('content/'))).toBe(true);
  });

  it('lists a ticket draft from src/llm with the gap drafts', async () => {
    const user = await WebChatUser.start(running.url, 'en-US');
    await user.say('talk to a person');
    await user.say('my laptop does not start');
    await user.say('yes');
    user.end();
    await running.app.idle();
    const ticket = (await running.app.handoff!.queue.ownerOf(user.conversationId))!.ticketId;
    const drafted = await api('POST', `/api/console/tickets/${ticket}/article-draft`, {});
    expect(drafted.status).toBe(200);
    const listed = (await api('GET', '/api/console/article-drafts')).body.drafts as { origin: string }[];
    expect(listed.map((d) => d.origin).sort()).toEqual(['gap', 'ticket']);
  });

  it('clusters on words alone when the embeddings endpoint fails', async () => {
    await model.close();
    const report = await api('GET', `/api/console/knowledge-gaps?${RANGE}`);
    expect(report.status).toBe(200);
    expect(report.body.embeddings).toBe(false);
    expect((report.body.gaps as Gap[]).length).toBeGreaterThanOrEqual(2);
  });
});
