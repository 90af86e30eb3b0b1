import type { AppHandoff } from '../../src/handoff';
import { silentLogger } from '../../src/logging';
import type { Technician } from '../../src/technicians';
import type { Ticket } from '../../src/tickets';
import { FakeTeamsConnector } from '../helpers/fake-teams-connector';
import { teamsPoster } from '../helpers/fake-connector';
import { startApp, type RunningApp } from '../helpers/in-process-app';
import { alwaysOpenSupportFile } from '../helpers/support-hours';
import { shown, WebChatUser } from './conversation/web-chat-user';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The job's own timer never fires within a test: the passes are the ones the test runs. */
const CHECK_SECONDS = 3600;

jest.setTimeout(120_000);

/**
 * Issue 15's follow-up, through the real app under a controllable clock: "Did the fix hold?"
 * FOLLOW_UP_AFTER_HOURS after a technician resolved a ticket, in the web chat (the official
 * Direct Line client) and as a Teams proactive message (the local Bot Connector); "no" reopens
 * one priority higher and back in the queue, "yes" closes, silence closes after the set days.
 */
describe('follow-up after a resolution (SQLite)', () => {
  // Monday 1 March 2027, 09:00 UTC: the test never reads today's date.
  let now = Date.parse('2027-03-01T09:00:00.000Z');
  const connector = new FakeTeamsConnector();
  let serviceUrl = '';
  let running: RunningApp;
  let handoff: AppHandoff;
  let ada: Technician;

  const ticketOf = async (id: string): Promise<Ticket> => (await handoff.tickets.get(id))!;
  const pass = async () => {
    const result = await running.app.followUp!.runNow();
    await running.app.idle();
    return result;
  };

  /** The user asks for a person (twice: the bot first asks what it is about); Ada claims and resolves. */
  async function handedOverAndResolved(conversationId: string, ask: () => Promise<unknown>): Promise<Ticket> {
    await ask();
    await ask();
    const queued = await handoff.queue.ownerOf(conversationId);
    expect(queued).toBeDefined();
    expect(await handoff.desk.claim(queued!.id, ada)).toMatchObject({ ok: true });
    now += 10 * 60_000;
    const { ticket } = await handoff.desk.resolve(queued!.id, ada, {
      note: 'Re-seated the cable',
      category: 'hardware',
    });
    expect(ticket).toMatchObject({ status: 'resolved', priority: 'normal', assignee: { id: ada.id } });
    return ticket;
  }

  beforeAll(async () => {
    serviceUrl = await connector.start();
    running = await startApp(
      {
        SUPPORT_CONFIG_FILE: alwaysOpenSupportFile(),
        FOLLOW_UP_AFTER_HOURS: '24',
        AUTO_CLOSE_AFTER_DAYS: '5',
        FOLLOW_UP_CHECK_SECONDS: String(CHECK_SECONDS),
        // The user comes back days later on the same conversation, as a resumed web chat does.
        DIRECTLINE_TOKEN_TTL_SECONDS: String(30 * 24 * 3600),
      },
      silentLogger(),
      () => new Date(now),
    );
    handoff = running.app.handoff!;
    ada = (
      await handoff.technicians.create({
        name: 'Ada Tech',
        role: 'technician',
        skills: ['*'],
        languages: ['en'],
        availability: 'online',
      })
    ).technician;
  }, 60_000);

  afterAll(async () => {
    await running?.stop();
    await connector.stop();
  });

  it('web chat: asks once after the set hours, shown on return; "no" reopens one priority higher, back in the queue', async () => {
    const user = await WebChatUser.start(running.url);
    const ticket = await handedOverAndResolved(user.conversationId, () =>
      user.say('I need to speak to a technician'),
    );
    await user.newReplies();

    now += 23 * HOUR;
    expect(await pass()).toMatchObject({ ran: true, asked: 0 });
    expect(await user.newReplies()).toEqual([]);

    now += 1 * HOUR;
    expect(await pass()).toMatchObject({ ran: true, asked: 1 });
    // A second pass (and a third) finds the question asked: nothing is sent twice.
    expect(await pass()).toMatchObject({ asked: 0, closed: 0 });
    expect(await pass()).toMatchObject({ asked: 0, closed: 0 });
    const asked = (await user.newReplies()).map(shown);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain(`ticket **${ticket.number}** was marked as resolved. Did the fix hold?`);
    expect(asked[0]).toContain("[No, it's back]");
    expect((await ticketOf(ticket.id)).followUp).toMatchObject({
      for: ticket.resolution!.at,
      askedAt: new Date(now).toISOString(),
      delivery: 'on-return',
    });

    now += 2 * HOUR;
    const answer = (await user.say('no')).map(shown);
    expect(answer.join('\n')).toContain(`I've reopened ticket **${ticket.number}** with a higher priority`);
    const reopened = await ticketOf(ticket.id);
    expect(reopened).toMatchObject({ status: 'open', priority: 'high', followUp: { answer: 'not-held' } });
    expect(reopened.assignee).toBeUndefined();
    const lines = reopened.history!.slice(-4).map((h) => [h.change, h.from, h.to, h.why, h.by.kind]);
    expect(lines).toEqual([
      ['follow-up', undefined, 'the fix did not hold', undefined, 'user'],
      ['status', 'resolved', 'open', 'the user said the fix did not hold', 'user'],
      ['priority', 'normal', 'high', 'the fix did not hold', 'user'],
      ['assignee', 'Ada Tech', undefined, 'back in the queue', 'user'],
    ]);
    // In the queue: the technicians' Unassigned view lists it.
    const unassigned = await handoff.tickets.query({ status: ['new', 'open'], assigneeId: null });
    expect(unassigned.tickets.map((t) => t.number)).toContain(ticket.number);
    // The console hears of it.
    const events = (await running.app.storage.events.list('console', 0, 10_000)).map((e) => e.event);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'ticket.updated', ticketNumber: ticket.number, change: 'status' }),
    );
    // An open ticket is no longer followed up or closed.
    now += 10 * DAY;
    expect(await pass()).toMatchObject({ asked: 0, closed: 0 });
    expect(await ticketOf(ticket.id)).toMatchObject({ status: 'open' });
    user.end();
  });

  it('web chat: "yes" closes the ticket', async () => {
    const user = await WebChatUser.start(running.url);
    const ticket = await handedOverAndResolved(user.conversationId, () =>
      user.say('I need to speak to a technician'),
    );
    now += 25 * HOUR;
    expect(await pass()).toMatchObject({ asked: 1 });
    await user.newReplies();
    const answer = (await user.click({ firstlineChoice: 'follow-up-held' })).map(shown);
    expect(answer.join('\n')).toContain(`I've closed ticket **${ticket.number}**`);
    const closed = await ticketOf(ticket.id);
    expect(closed).toMatchObject({ status: 'closed', followUp: { answer: 'held' } });
    expect(closed.history!.at(-1)).toMatchObject({
      change: 'status',
      from: 'resolved',
      to: 'closed',
      why: 'the user said the fix held',
    });
    // The question was answered: a later "no" is a new message, not a reopening.
    await user.say('no');
    expect(await ticketOf(ticket.id)).toMatchObject({ status: 'closed' });
    user.end();
  });

  it('closes a ticket whose question went unanswered for the set days, and not before', async () => {
    const user = await WebChatUser.start(running.url);
    const ticket = await handedOverAndResolved(user.conversationId, () =>
      user.say('I need to speak to a technician'),
    );
    now += 24 * HOUR;
    expect(await pass()).toMatchObject({ asked: 1 });
    const askedAt = now;
    now = askedAt + 5 * DAY - 60_000;
    await pass();
    expect(await ticketOf(ticket.id)).toMatchObject({ status: 'resolved' });
    now = askedAt + 5 * DAY;
    expect(await pass()).toMatchObject({ closed: 1 });
    expect(await pass()).toMatchObject({ closed: 0 });
    const closed = await ticketOf(ticket.id);
    expect(closed).toMatchObject({ status: 'closed', followUp: { expiredAt: new Date(now).toISOString() } });
    expect(closed.history!.at(-1)).toMatchObject({
      change: 'status',
      to: 'closed',
      why: 'no answer to the follow-up in 5 days',
      by: { kind: 'system' },
    });
    // A late answer changes nothing and says so.
    const late = (await user.say('no')).map(shown).join('\n');
    expect(late).toContain('dealt with in the meantime');
    expect(await ticketOf(ticket.id)).toMatchObject({ status: 'closed' });
    user.end();
  });

  it('closes unasked a ticket resolved longer ago than a whole follow-up lasts (e.g. before follow-ups existed)', async () => {
    const user = await WebChatUser.start(running.url);
    const ticket = await handedOverAndResolved(user.conversationId, () =>
      user.say('I need to speak to a technician'),
    );
    await user.newReplies();
    // The job did not run for the whole period (24 h + 5 days) since the resolution.
    now += 24 * HOUR + 5 * DAY;
    expect(await pass()).toMatchObject({ asked: 0, closed: 1 });
    expect(await user.newReplies()).toEqual([]);
    const closed = await ticketOf(ticket.id);
    expect(closed).toMatchObject({ status: 'closed', followUp: { delivery: 'undelivered' } });
    expect(closed.history!.at(-1)).toMatchObject({
      to: 'closed',
      why: 'resolved too long ago to follow up; closed unasked',
    });
    user.end();
  });

  it('Teams: the question is a proactive message through the Bot Connector; "yes" closes', async () => {
    const conversation = { id: 'a:follow-up-teams', conversationType: 'personal', tenantId: 'tenant-1' };
    const post = teamsPoster(running.url, serviceUrl, conversation);
    const ticket = await handedOverAndResolved(conversation.id, async () =>
      expect(await post('I need to speak to a technician')).toBe(200),
    );
    const before = connector.messages(conversation.id).length;
    now += 24 * HOUR;
    expect(await pass()).toMatchObject({ asked: 1 });
    const received = await connector.inner.waitForMessages(before + 1, conversation.id);
    const question = received.slice(before);
    expect(question).toHaveLength(1);
    expect(JSON.stringify(question[0]!.activity)).toContain(
      `ticket **${ticket.number}** was marked as resolved. Did the fix hold?`,
    );
    expect((await ticketOf(ticket.id)).followUp).toMatchObject({ delivery: 'proactive' });
    expect(await post('Yes, all good')).toBe(200);
    await running.app.idle();
    expect(await ticketOf(ticket.id)).toMatchObject({ status: 'closed', followUp: { answer: 'held' } });
    const replies = connector.messages(conversation.id).slice(before + 1);
    expect(replies.map((r) => r.activity.text).join('\n')).toContain(
      `I've closed ticket **${ticket.number}**`,
    );
  });
});
