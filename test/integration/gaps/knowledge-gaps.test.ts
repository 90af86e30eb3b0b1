import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { copyShippedContent } from '../../helpers/content-copy';
import { startApp, type RunningApp } from '../../helpers/in-process-app';
import { GAP_GROUPS } from '../../fixtures/gaps/unanswered-questions';
import { TURN_ERRORS, WebChatUser, errorRecorder, shown } from '../conversation/web-chat-user';

const ALWAYS_OPEN = `timeZone: UTC
hours: { mon: ["00:00-24:00"], tue: ["00:00-24:00"], wed: ["00:00-24:00"], thu: ["00:00-24:00"], fri: ["00:00-24:00"], sat: ["00:00-24:00"], sun: ["00:00-24:00"] }
`;
/** The period under test is 2031-03-12; the day before is the trend's baseline. */
const DAY = Date.parse('2031-03-12T08:00:00Z');
const PREVIOUS_DAY = Date.parse('2031-03-11T08:00:00Z');
const RANGE = 'from=2031-03-12&to=2031-03-13';
const NO_ANSWER: Record<string, string> = {
  en: "I don't have an answer for that yet",
  de: 'darauf habe ich noch keine Antwort',
  pl: 'nie mam jeszcze odpowiedzi',
  ro: 'încă nu am un răspuns',
};

/** The clarifying question's way out, which a user takes when none of the offered topics is theirs. */
const NONE_OF_THESE: Record<string, string> = {
  en: 'None of these',
  de: 'Nichts davon',
  pl: 'Żadne z tych',
  ro: 'Niciuna dintre acestea',
};

interface Gap {
  id: string;
  cases: number;
  previousCases: number;
  trend: number;
  unanswered: number;
  escalated: number;
  languages: { language: string; cases: number }[];
  examples: { text: string; language: string }[];
  resolutionNotes: { ticketNumber: string; note: string }[];
}

describe('knowledge gaps through the real app (Direct Line → case records → GET /api/console/knowledge-gaps)', () => {
  let running: RunningApp;
  let contentDir: string;
  const clock = { now: DAY };
  const recorded = errorRecorder();
  let lead: string;
  let technician: string;

  async function api(method: string, url: string, token: string | null, body?: unknown) {
    const res = await fetch(`${running.url}${url}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }
  const listGaps = async () =>
    (await api('GET', `/api/console/knowledge-gaps?${RANGE}`, lead)).body.gaps as Gap[];

  /** One user, one question, in a conversation of its own; the bot must have had no answer. */
  async function ask(question: string): Promise<void> {
    const user = await WebChatUser.start(running.url, 'en-US');
    try {
      clock.now += 30_000;
      let replies = (await user.say(question)).map(shown).join('\n');
      // Offered neighbouring topics (a desk phone is not the work mobile), the user says none fits.
      const wayOut = Object.values(NONE_OF_THESE).find((label) => replies.includes(`[${label}]`));
      if (wayOut) replies = (await user.say(wayOut)).map(shown).join('\n');
      const saidNoAnswer = Object.values(NO_ANSWER).some((text) => replies.includes(text));
      if (!saidNoAnswer) throw new Error(`the bot answered "${question}" (not a gap): ${replies}`);
    } finally {
      user.end();
    }
  }

  beforeAll(async () => {
    contentDir = copyShippedContent();
    const support = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-support-')), 'support.yaml');
    fs.writeFileSync(support, ALWAYS_OPEN);
    running = await startApp(
      { CONTENT_DIR: contentDir, SUPPORT_CONFIG_FILE: support, RATE_LIMIT_CONVERSATIONS_PER_MINUTE: '1000' },
      recorded.logger,
      () => new Date(clock.now),
    );
    const technicians = running.app.handoff!.technicians;
    const person = { skills: ['*'], languages: ['en' as const], availability: 'online' as const };
    lead = (await technicians.create({ name: 'Lea', role: 'lead', ...person })).token;
    const tech = await technicians.create({ name: 'Tom', role: 'technician', ...person });
    technician = tech.token;

    // The baseline day: three of the Power BI questions were asked already.
    clock.now = PREVIOUS_DAY;
    for (const question of GAP_GROUPS[4]!.questions.slice(0, 3)) await ask(question);
    // The day under test: all forty, groups interleaved as they would arrive.
    clock.now = DAY;
    const longest = Math.max(...GAP_GROUPS.map((g) => g.questions.length));
    for (let i = 0; i < longest; i++)
      for (const group of GAP_GROUPS) if (group.questions[i]) await ask(group.questions[i]!);
    await running.app.idle();
  }, 300_000);

  afterAll(async () => {
    await running?.stop();
    fs.rmSync(contentDir, { recursive: true, force: true });
  });

  it('answers 401 without credentials, 403 to a technician, 400 to a bad range', async () => {
    expect((await api('GET', `/api/console/knowledge-gaps?${RANGE}`, null)).status).toBe(401);
    expect((await api('GET', `/api/console/knowledge-gaps?${RANGE}`, technician)).status).toBe(403);
    const bad = await api('GET', '/api/console/knowledge-gaps?from=2031-03-13&to=2031-03-12', lead);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'BadArgument', message: '"to" must be after "from".' } });
    expect((await api('GET', '/api/console/knowledge-gaps?from=yesterday&to=2031-03-12', lead)).status).toBe(
      400,
    );
  });

  it('returns the 40 questions as 5 clusters with the right counts, ranked by volume, with trend', async () => {
    const report = await api('GET', `/api/console/knowledge-gaps?${RANGE}`, lead);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ questions: 40, truncated: false, embeddings: false });
    const gaps = report.body.gaps as Gap[];
    const groupOf = new Map(GAP_GROUPS.flatMap((g, i) => g.questions.map((q) => [q, i] as const)));
    // Each cluster holds one group only (judged by its examples) and all of that group.
    const found = gaps.map((gap) => {
      const groups = new Set(gap.examples.map((e) => groupOf.get(e.text)));
      expect(groups.size).toBe(1);
      return { group: [...groups][0]!, cases: gap.cases };
    });
    expect(found).toEqual(GAP_GROUPS.map((g, group) => ({ group, cases: g.questions.length })));
    expect(gaps.map((g) => g.unanswered)).toEqual([10, 9, 8, 7, 6]);
    // Power BI: six today against three the day before.
    expect(gaps[4]).toMatchObject({ previousCases: 3, trend: 3 });
    expect(gaps[0]).toMatchObject({ previousCases: 0, trend: 10, escalated: 0 });
    expect(gaps[0]!.languages).toEqual([
      { language: 'de', cases: 3 },
      { language: 'en', cases: 3 },
      { language: 'pl', cases: 2 },
      { language: 'ro', cases: 2 },
    ]);
    expect(gaps[0]!.examples.length).toBeGreaterThanOrEqual(4);
    expect(new Set(gaps[0]!.examples.map((e) => e.language)).size).toBe(4);
    // The language filter keeps only that language's questions.
    const germanQuestions = gaps.reduce(
      (n, g) => n + (g.languages.find((l) => l.language === 'de')?.cases ?? 0),
      0,
    );
    const german = await api('GET', `/api/console/knowledge-gaps?${RANGE}&language=de`, lead);
    expect(german.body.questions).toBe(germanQuestions);
    expect((german.body.gaps as Gap[]).reduce((n, g) => n + g.cases, 0)).toBe(germanQuestions);
    expect(recorded.errors).toEqual([]);
  });

  it("adds an escalated question with the technician's resolution note; drafts, rejects, edits and publishes the article", async () => {
    // A user hands the same problem to a person; the technician resolves it with a note.
    const user = await WebChatUser.start(running.url, 'en-US');
    clock.now += 60_000;
    await user.say('talk to a person');
    await user.say('our VoIP desk phones lost the dial tone after the weekend');
    const handed = (await user.say('yes')).map(shown).join('\n');
    for (const error of TURN_ERRORS) expect(handed).not.toContain(error);
    user.end();
    await running.app.idle();
    const owner = await running.app.handoff!.queue.ownerOf(user.conversationId);
    expect(owner).toBeDefined();
    const claimed = await api('POST', `/api/console/handoffs/${owner!.id}/claim`, technician, {});
    expect(claimed.status).toBe(200);
    const note =
      'Check that the network cable is in the port marked PC/LAN on the back of the phone. ' +
      'Restart the phone by unplugging it for ten seconds. ' +
      'If the display shows "No service", ask the network team to re-register the phone extension.';
    const resolved = await api('POST', `/api/console/handoffs/${owner!.id}/resolve`, technician, {
      note,
      category: 'hardware',
    });
    expect(resolved.status).toBe(200);

    const phone = (await listGaps())[0]!;
    expect(phone).toMatchObject({ cases: 11, unanswered: 10, escalated: 1 });
    expect(phone.resolutionNotes).toEqual([expect.objectContaining({ note })]);

    // Technicians may not draft; leads may.
    const draftUrl = `/api/console/knowledge-gaps/${phone.id}/draft?${RANGE}`;
    expect((await api('POST', draftUrl, technician, {})).status).toBe(403);
    expect(
      (await api('POST', `/api/console/knowledge-gaps/gap-nothing/draft?${RANGE}`, lead, {})).status,
    ).toBe(404);
    const created = await api('POST', draftUrl, lead, {});
    expect(created.status).toBe(201);
    const draft = created.body as {
      id: string;
      version: number;
      origin: string;
      files: { path: string; content: string }[];
    };
    expect(draft.origin).toBe('gap');
    expect(draft.files.map((f) => f.path.slice(-6))).toEqual(['.en.md', '.de.md', '.pl.md', '.ro.md']);
    const english = draft.files[0]!;
    expect(english.content).toContain('examples:');
    expect(english.content).toContain('my desk phone has no dial tone since this morning');
    expect(english.content).toContain('1. Check that the network cable is in the port marked PC/LAN');
    expect(english.content).toContain('3. If the display shows "No service"');

    // Each version has fewer examples than an article should: the review lists it as a warning.
    const reviewed = await api('GET', `/api/console/article-drafts/${draft.id}`, lead);
    expect(reviewed.body.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/\.en\.md line \d+: warning: 4 examples; 8-40 varied ones/),
      ]),
    );

    // The lead files it under a topic the taxonomy does not have: a clear 400, nothing written.
    const retopic = (topic: string) =>
      draft.files.map((f) => ({
        path: f.path.replace(/^[^/]+/, topic),
        content: f.content.replace(/^topic: .*$/m, `topic: ${topic}`),
      }));
    const wrong = await api('PUT', `/api/console/article-drafts/${draft.id}`, lead, {
      version: draft.version,
      files: retopic('hardware.desk-phones'),
    });
    expect(wrong.status).toBe(200);
    const refused = await api('POST', `/api/console/article-drafts/${draft.id}/publish`, lead, {
      version: (wrong.body as { version: number }).version,
    });
    expect(refused.status).toBe(400);
    expect((refused.body.error as { message: string }).message).toMatch(
      /^The draft is not a valid article yet: .*topic "hardware\.desk-phones" is not in the taxonomy/,
    );
    const written = () =>
      fs
        .readdirSync(path.join(contentDir, 'kb'), { recursive: true })
        .filter((f) => String(f).includes('gap-'));
    expect(written()).toEqual([]);

    // A stale edit is refused; the lead's next edit files it under Audio and adds English examples.
    const stale = await api('PUT', `/api/console/article-drafts/${draft.id}`, lead, {
      version: draft.version,
      files: retopic('hardware.audio'),
    });
    expect(stale.status).toBe(409);
    const files = retopic('hardware.audio');
    files[0]!.content = files[0]!.content.replace(
      'examples:\n',
      'examples:\n  - desk phone no dial tone\n  - the office phone is silent when I lift the receiver\n  - phone extension not registered\n',
    );
    const saved = await api('PUT', `/api/console/article-drafts/${draft.id}`, lead, {
      version: (wrong.body as { version: number }).version,
      files,
    });
    expect(saved.status).toBe(200);
    const published = await api('POST', `/api/console/article-drafts/${draft.id}/publish`, lead, {
      version: (saved.body as { version: number }).version,
    });
    expect(published.status).toBe(200);
    expect((published.body.files as string[]).length).toBe(4);
    const edited = files[0]!.content;
    const file = (published.body.files as string[])[0]!;
    expect(file).toMatch(/^hardware\.audio\/gap-[a-z0-9-]+\.en\.md$/);
    expect(fs.readFileSync(path.join(contentDir, 'kb', file), 'utf8')).toBe(edited);
    // Published once: a second publish is a conflict.
    expect(
      (
        await api('POST', `/api/console/article-drafts/${draft.id}/publish`, lead, {
          version: (saved.body as { version: number }).version + 1,
        })
      ).status,
    ).toBe(409);

    // The knowledge base reloaded: a new user with that problem now gets the article.
    const next = await WebChatUser.start(running.url, 'en-US');
    const answer = (await next.say('my desk phone has no dial tone')).map(shown).join('\n');
    next.end();
    expect(answer).toContain(/^title: (.*)$/m.exec(edited)![1]!);
    const listed = await api('GET', '/api/console/article-drafts', lead);
    expect(listed.body.drafts).toEqual([expect.objectContaining({ id: draft.id, status: 'published' })]);
  }, 120_000);

  it('discards a draft; unknown drafts are 404', async () => {
    const gaps = await listGaps();
    const created = await api('POST', `/api/console/knowledge-gaps/${gaps[1]!.id}/draft?${RANGE}`, lead, {});
    const id = (created.body as { id: string }).id;
    expect((await api('DELETE', `/api/console/article-drafts/${id}`, technician)).status).toBe(403);
    expect((await api('DELETE', `/api/console/article-drafts/${id}`, lead)).status).toBe(200);
    expect((await api('GET', `/api/console/article-drafts/${id}`, lead)).status).toBe(404);
    expect(
      (await api('POST', `/api/console/article-drafts/${id}/publish`, lead, { version: 1 })).status,
    ).toBe(404);
  });
});
