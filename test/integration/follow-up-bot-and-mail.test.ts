import { FEEDBACK_COLLECTION, type FeedbackRecord } from '../../src/feedback';
import type { AppHandoff } from '../../src/handoff';
import { InsightsReports } from '../../src/insights';
import { silentLogger } from '../../src/logging';
import type { Ticket } from '../../src/tickets';
import {
  greenMailTestsEnabled,
  resolveGreenMail,
  startGreenMail,
  type RunningGreenMail,
} from '../helpers/greenmail';
import { startApp, type RunningApp } from '../helpers/in-process-app';
import { alwaysOpenSupportFile } from '../helpers/support-hours';
import { shown, WebChatUser } from './conversation/web-chat-user';

const HOUR = 3_600_000;
const CHECK_SECONDS = 3600;
/** An article without a diagnostic flow: the walk-through starts at once. */
const ONEDRIVE = 'OneDrive is not syncing my files';

jest.setTimeout(120_000);

function followUpEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    SUPPORT_CONFIG_FILE: alwaysOpenSupportFile(),
    FOLLOW_UP_AFTER_HOURS: '24',
    FOLLOW_UP_CHECK_SECONDS: String(CHECK_SECONDS),
    DIRECTLINE_TOKEN_TTL_SECONDS: String(30 * 24 * 3600),
    ...extra,
  };
}

/**
 * A problem the bot fixed itself ("yes, it worked" in an article walk-through) is recorded as a
 * ticket resolved by the bot with that article, followed up like a technician's, and rated.
 */
describe('follow-up of a problem the bot resolved (SQLite)', () => {
  let now = Date.parse('2027-04-05T08:00:00.000Z');
  let running: RunningApp;
  let handoff: AppHandoff;

  beforeAll(async () => {
    running = await startApp(followUpEnv(), silentLogger(), () => new Date(now));
    handoff = running.app.handoff!;
  }, 60_000);
  afterAll(async () => {
    await running?.stop();
  });

  it('records the article that did it, asks after the set hours, and asks a rating when the fix held', async () => {
    const user = await WebChatUser.start(running.url);
    expect((await user.say(ONEDRIVE)).map(shown).join('\n')).toMatch(/Step 1 of/);
    const resolvedReply = (await user.say('yes')).map(shown).join('\n');
    expect(resolvedReply).toMatch(
      /glad that fixed it[\s\S]*Was this guide helpful\?[\s\S]*\[👎 Not helpful\]/,
    );
    // Thumbs on the article: kept as feedback on it, and the bot's open question stays open.
    const thumbs = (
      await user.click({
        firstlineChoice: 'article-thumbs',
        firstlineLabel: '👎 Not helpful',
        firstlineArticle: 'onedrive-not-syncing',
        firstlineThumbs: 'down',
      })
    ).map(shown);
    expect(thumbs).toEqual(['Thanks for letting us know, it helps us improve our guides.']);
    const kept = await running.app.storage.collection<FeedbackRecord>(FEEDBACK_COLLECTION).find({});
    expect(kept).toEqual([
      expect.objectContaining({
        source: 'article',
        sentiment: 'negative',
        articleId: 'onedrive-not-syncing',
        conversationId: user.conversationId,
      }),
    ]);
    // A click naming an article the knowledge base does not have is no thumbs at all.
    await user.click({
      firstlineChoice: 'article-thumbs',
      firstlineArticle: 'no-such-article',
      firstlineThumbs: 'up',
    });
    expect(await running.app.storage.collection<FeedbackRecord>(FEEDBACK_COLLECTION).find({})).toHaveLength(
      1,
    );
    const recorded = (await handoff.tickets.query({ status: ['resolved'], limit: 100 })).tickets.filter(
      (t) => t.conversationId === user.conversationId,
    );
    expect(recorded).toHaveLength(1);
    const ticket: Ticket = recorded[0]!;
    expect(ticket).toMatchObject({
      status: 'resolved',
      origin: 'bot-resolved',
      channelId: 'directline',
      language: 'en',
      resolution: { by: 'FirstLine', byBot: { source: 'article', ref: 'onedrive-not-syncing' } },
      stepsTried: [
        expect.objectContaining({ source: 'article', ref: 'onedrive-not-syncing', result: 'worked' }),
      ],
    });
    expect(ticket.assignee).toBeUndefined();
    // Another turn of the same case records nothing more ("anything else?" is still open).
    expect((await user.say('no')).map(shown).join('\n')).toMatch(/have a good day/);
    const again = (await handoff.tickets.query({ status: ['resolved', 'closed'], limit: 100 })).tickets;
    expect(again.filter((t) => t.conversationId === user.conversationId)).toHaveLength(1);
    await user.newReplies();

    now += 24 * HOUR;
    expect(await running.app.followUp!.runNow()).toMatchObject({ asked: 1 });
    await running.app.idle();
    expect((await user.newReplies()).map(shown).join('\n')).toContain(
      `ticket **${ticket.number}** was marked as resolved. Did the fix hold?`,
    );
    const held = (await user.say('yes')).map(shown).join('\n');
    expect(held).toContain(`I've closed ticket **${ticket.number}**`);
    expect(held).toMatch(/How happy are you with the help you got\?/);
    expect((await user.say('4')).map(shown).join('\n')).toMatch(/Thank you for rating/);
    expect((await user.say('Quick and clear steps')).map(shown).join('\n')).toMatch(/passed your comment on/);
    expect(await handoff.tickets.get(ticket.id)).toMatchObject({
      status: 'closed',
      followUp: { answer: 'held' },
      rating: { score: 4, comment: 'Quick and clear steps' },
    });
    // The rating counts in the insights' bot CSAT, not in the technicians' (no technician worked it).
    const insights = new InsightsReports(running.app.storage, {
      abandonedAfterMinutes: 60,
      clock: () => new Date(now),
    });
    const report = await insights.report({ from: new Date('2027-04-01'), to: new Date(now) });
    expect(report.technicians).toMatchObject({ tickets: 0, csat: { ratings: 0 } });
    expect(report.botCsat).toEqual({
      ratings: 1,
      average: 4,
      satisfiedRate: 1,
      distribution: [1, 2, 3, 4, 5].map((score) => ({ score, count: score === 4 ? 1 : 0 })),
    });
    user.end();
  });

  it('reopens the ticket of a fix the user takes back ("no, it didn\'t help"), and does not follow it up', async () => {
    const user = await WebChatUser.start(running.url);
    expect((await user.say(ONEDRIVE)).map(shown).join('\n')).toMatch(/Step 1 of/);
    expect((await user.say('yes')).map(shown).join('\n')).toMatch(/glad that fixed it/);
    const mine = async () =>
      (await handoff.tickets.query({ limit: 100 })).tickets.filter(
        (t) => t.conversationId === user.conversationId,
      );
    const [resolved] = await mine();
    expect(resolved).toMatchObject({ status: 'resolved', origin: 'bot-resolved' });
    expect((await user.say("no it didn't help")).map(shown).join('\n')).toMatch(/didn't help after all/);
    expect(await mine()).toEqual([expect.objectContaining({ id: resolved!.id, status: 'open' })]);
    expect((await handoff.tickets.get(resolved!.id))?.history?.at(-1)).toMatchObject({
      change: 'status',
      from: 'resolved',
      to: 'open',
      why: 'the user said the fix did not help',
    });
    // Declining the technician changes nothing more; a day later nobody asks "did the fix hold?".
    await user.say('no thanks');
    expect((await handoff.tickets.get(resolved!.id))?.status).toBe('open');
    now += 25 * HOUR;
    await running.app.followUp!.runNow();
    await running.app.idle();
    expect((await user.newReplies()).map(shown).join('\n')).not.toMatch(/Did the fix hold\?/);
    user.end();
  });

  it('hands a fix the user takes back over on the same ticket: one case, one ticket', async () => {
    const ada = (
      await handoff.technicians.create({
        name: 'Ada Tech',
        role: 'technician',
        skills: ['*'],
        languages: ['en'],
        availability: 'online',
      })
    ).technician;
    const user = await WebChatUser.start(running.url);
    const mine = async () =>
      (await handoff.tickets.query({ limit: 100 })).tickets.filter(
        (t) => t.conversationId === user.conversationId,
      );
    expect((await user.say(ONEDRIVE)).map(shown).join('\n')).toMatch(/Step 1 of/);
    expect((await user.say('yes')).map(shown).join('\n')).toMatch(/glad that fixed it/);
    const [resolved] = await mine();
    expect(resolved).toMatchObject({ status: 'resolved', origin: 'bot-resolved' });
    expect((await user.say("no it didn't help")).map(shown).join('\n')).toMatch(
      /didn't help after all[\s\S]*talk to a person/,
    );
    let reply = (await user.say('yes')).map(shown).join('\n');
    // The bot may first ask which topic it is about (it picks the queue): the guess is right.
    if (/is it about \*\*/.test(reply)) reply = (await user.say('yes')).map(shown).join('\n');
    // The same ticket, open again: not "I've opened ticket …" as if it were a new one.
    expect(reply).toContain(`Your ticket **${resolved!.number}** is open again and goes to a technician`);
    expect(reply).not.toMatch(/I've opened ticket/);

    // One ticket for the case: the bot's, reopened, now the hand-over's.
    const tickets = await mine();
    expect(tickets).toHaveLength(1);
    const ticket = tickets[0]!;
    expect(ticket).toMatchObject({
      id: resolved!.id,
      number: resolved!.number,
      status: 'open',
      origin: 'the user asked for a person',
      problem: ONEDRIVE,
      stepsTried: [expect.objectContaining({ source: 'article', ref: 'onedrive-not-syncing' })],
      articlesSuggested: [expect.objectContaining({ articleId: 'onedrive-not-syncing', helped: false })],
    });
    expect(ticket.summary).toMatch(/Why: the user asked for a person/);
    const lines = ticket.history!.map((h) => [h.change, h.from, h.to, h.why, h.by.kind]);
    expect(lines).toEqual([
      ['created', undefined, 'new', undefined, 'bot'],
      ['status', 'new', 'resolved', undefined, 'bot'],
      ['status', 'resolved', 'open', 'the user said the fix did not help', 'bot'],
      // The hand-over's queue: the topic's area, as any hand-over ticket is filed under.
      ['category', 'files.onedrive-sync', 'files', 'handed to a technician', 'bot'],
      ['handed-over', undefined, undefined, 'the user asked for a person', 'bot'],
    ]);
    // The technician sees it in the queue, under its one number, and takes it.
    const queued = await handoff.queue.ownerOf(user.conversationId);
    expect(queued).toMatchObject({ ticketId: ticket.id, ticketNumber: ticket.number, state: 'queued' });
    const queue = await handoff.desk.listQueue(ada);
    expect(queue.map((e) => e.handoff.ticketNumber)).toContain(ticket.number);
    expect(await handoff.desk.claim(queued!.id, ada)).toMatchObject({ ok: true });
    expect(await handoff.tickets.get(ticket.id)).toMatchObject({ status: 'open', assignee: { id: ada.id } });

    // Nobody asks whether the bot's fix held; the technician's resolution is followed up as any.
    now += 25 * HOUR;
    expect(await running.app.followUp!.runNow()).toMatchObject({ asked: 0 });
    const { ticket: done } = await handoff.desk.resolve(queued!.id, ada, {
      note: 'Signed OneDrive in again',
      category: 'software',
    });
    expect(done.resolution).not.toHaveProperty('byBot');
    await user.newReplies();
    now += 25 * HOUR;
    expect(await running.app.followUp!.runNow()).toMatchObject({ asked: 1 });
    await running.app.idle();
    expect((await user.newReplies()).map(shown).join('\n')).toContain(
      `ticket **${ticket.number}** was marked as resolved. Did the fix hold?`,
    );
    expect(await mine()).toHaveLength(1);
    user.end();
  });

  it('records the flow that did it when a guided flow ends resolved', async () => {
    const user = await WebChatUser.start(running.url);
    for (const text of [
      'network cable plugged in but no connection',
      'Network cable or docking station',
      'yes',
      'no',
      'no',
      'Windows 11',
    ])
      await user.say(text);
    expect((await user.say('yes')).map(shown).join('\n')).toMatch(/glad/i);
    const recorded = (await handoff.tickets.query({ status: ['resolved'], limit: 100 })).tickets.filter(
      (t) => t.conversationId === user.conversationId,
    );
    expect(recorded).toEqual([
      expect.objectContaining({
        origin: 'bot-resolved',
        resolution: expect.objectContaining({
          note: expect.stringMatching(/IP address renewed/),
          byBot: { source: 'flow', ref: 'no-internet' },
        }),
      }),
    ]);
    user.end();
  });
});

const greenMail = resolveGreenMail();
const describeMail = greenMailTestsEnabled(greenMail, 'follow-up by e-mail against GreenMail')
  ? describe
  : describe.skip;
const ana = { address: 'ana@example.test', login: 'ana', password: 'ana-pw' };

/** A web chat user who has left gets the question by e-mail too, through a real SMTP server. */
describeMail('follow-up by e-mail (GreenMail)', () => {
  let now = Date.parse('2027-04-05T08:00:00.000Z');
  let mail: RunningGreenMail;
  let running: RunningApp;

  beforeAll(async () => {
    mail = await startGreenMail(greenMail, [ana]);
    running = await startApp(
      followUpEnv({
        SMTP_URL: mail.smtpUrl,
        MAIL_FROM: 'IT Service Desk <helpdesk@example.test>',
        PUBLIC_URL: 'https://helpdesk.example.test',
      }),
      silentLogger(),
      () => new Date(now),
    );
  }, 90_000);
  afterAll(async () => {
    await running?.stop();
    await mail?.stop();
  });

  it("e-mails the question in the user's language with the ticket number and a link to the chat", async () => {
    const handoff = running.app.handoff!;
    const ada = (
      await handoff.technicians.create({
        name: 'Ada Tech',
        role: 'technician',
        skills: ['*'],
        languages: ['en', 'de'],
        availability: 'online',
      })
    ).technician;
    const user = await WebChatUser.start(running.url, 'de-DE');
    await user.say('Ich möchte mit einem Menschen sprechen');
    await user.say('Ich möchte mit einem Menschen sprechen');
    const queued = await handoff.queue.ownerOf(user.conversationId);
    expect(queued).toBeDefined();
    // The address the user gave to be followed up at (the e-mail question of a ticket left for later).
    await handoff.tickets.setUserEmail(queued!.ticketId, ana.address);
    await handoff.desk.claim(queued!.id, ada);
    const { ticket } = await handoff.desk.resolve(queued!.id, ada, {
      note: 'Neu eingerichtet',
      category: 'email',
    });

    now += 24 * HOUR;
    expect(await running.app.followUp!.runNow()).toMatchObject({ asked: 1 });
    const received = await mail.waitForMessage(ana, (m) => m.subject?.includes(ticket.number) ?? false);
    expect(received.subject).toBe(`[${ticket.number}] Hält die Lösung?`);
    expect(received.text).toContain(`Ihr Ticket ${ticket.number} als gelöst markiert`);
    expect(received.text).toContain('https://helpdesk.example.test/');
    expect(received.html).toContain('<p>');
    expect(received.headers.get('auto-submitted')).toBe('auto-generated');
    expect((await handoff.tickets.get(ticket.id))?.followUp).toMatchObject({ delivery: 'email' });
    // The chat keeps the question too, for when the user comes back.
    expect((await user.newReplies()).map(shown).join('\n')).toContain('Hält die Lösung noch?');
    expect(await mail.inbox(ana)).toHaveLength(1);
    user.end();
  });
});
