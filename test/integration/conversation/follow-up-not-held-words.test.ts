import path from 'node:path';
import { Catalogue } from '../../../src/i18n';
import type { Technician } from '../../../src/technicians';
import { startApp, type RunningApp } from '../../helpers/in-process-app';
import { alwaysOpenSupportFile } from '../../helpers/support-hours';
import { TURN_ERRORS, WebChatUser, errorRecorder, shown } from './web-chat-user';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const catalogue = Catalogue.load(path.join(__dirname, '../../../content/i18n'));
/** What the user writes to be handed over: the request for a person, then the problem. */
const HANDOVER = {
  'en-US': ['I need to speak to a technician', 'my laptop screen flickers'],
  'de-DE': ['Ich möchte mit einem Mitarbeiter sprechen', 'Mein Bildschirm flackert'],
  'pl-PL': ['Chcę porozmawiać z technikiem', 'Ekran mojego laptopa migocze'],
  'ro-RO': ['Vreau să vorbesc cu un tehnician', 'Ecranul laptopului pâlpâie'],
} as const;
type Locale = keyof typeof HANDOVER;

/**
 * "Did the fix hold?" answered with something other than yes or no, through the real app and the
 * real follow-up pass under a controllable clock: "it is back" in the user's own words reopens;
 * an unclear reply is asked about once more and a later "no" still reopens; a new problem is
 * taken as one and the follow-up closes on silence.
 */
describe('the follow-up question: not held in words, unclear replies, new problems', () => {
  // Monday 1 March 2027, 09:00 UTC: the test never reads today's date.
  let now = Date.parse('2027-03-01T09:00:00.000Z');
  let running: RunningApp;
  let ada: Technician;
  const recorded = errorRecorder();
  beforeAll(async () => {
    running = await startApp(
      {
        SUPPORT_CONFIG_FILE: alwaysOpenSupportFile(),
        FOLLOW_UP_AFTER_HOURS: '24',
        AUTO_CLOSE_AFTER_DAYS: '5',
        FOLLOW_UP_CHECK_SECONDS: '3600',
        DIRECTLINE_TOKEN_TTL_SECONDS: String(30 * 24 * 3600),
      },
      recorded.logger,
      () => new Date(now),
    );
    ada = (
      await running.app.handoff!.technicians.create({
        name: 'Ada Tech',
        role: 'technician',
        skills: ['*'],
        languages: ['en', 'de', 'pl', 'ro'],
        availability: 'online',
      })
    ).technician;
  });
  afterEach(() => expect(recorded.errors).toEqual([]));
  afterAll(() => running.stop());

  /** Handed over, resolved by Ada, rating skipped; a day later the follow-up pass asks. */
  async function askedWhetherItHeld(locale: Locale) {
    const handoff = running.app.handoff!;
    const lang = locale.slice(0, 2) as 'en' | 'de' | 'pl' | 'ro';
    const [ask, problem] = HANDOVER[locale];
    const user = await WebChatUser.start(running.url, locale);
    await user.say(ask);
    await user.say(problem);
    await user.click({ firstlineChoice: 'yes' });
    const queued = await handoff.queue.ownerOf(user.conversationId);
    expect(queued).toBeDefined();
    expect(await handoff.desk.claim(queued!.id, ada)).toMatchObject({ ok: true });
    await handoff.desk.resolve(queued!.id, ada, { note: 'Replaced the cable', category: 'hardware' });
    await running.app.idle();
    await user.click({ firstlineChoice: 'skip' });
    now += 25 * HOUR;
    expect(await running.app.followUp!.runNow()).toMatchObject({ asked: 1 });
    await running.app.idle();
    const question = catalogue.t(lang, 'followUp.question', { ticket: '' }).split('****')[1]!.trim();
    expect((await user.newReplies()).map(shown).join('\n')).toContain(question);
    const ticket = (await handoff.tickets.get(queued!.ticketId))!;
    return { user, ticket, lang };
  }

  const ticketNow = async (id: string) => (await running.app.handoff!.tickets.get(id))!;

  it.each([
    ['en-US', 'nope, same problem again'],
    ['en-US', 'still broken'],
    ['de-DE', 'immer noch kaputt'],
    ['pl-PL', 'nadal nie działa'],
    ['ro-RO', 'tot nu merge'],
  ] as const)('[%s] "%s" reopens the ticket', async (locale, answer) => {
    const { user, ticket, lang } = await askedWhetherItHeld(locale);
    const replies = await user.say(answer);
    for (const reply of replies) expect(TURN_ERRORS).not.toContain(reply.text);
    expect(replies.map(shown).join('\n')).toContain(
      catalogue.t(lang, 'followUp.reopened', { ticket: ticket.number }),
    );
    expect(await ticketNow(ticket.id)).toMatchObject({
      status: 'open',
      priority: 'high',
      followUp: { answer: 'not-held' },
    });
    user.end();
  });

  it.each([
    ['en-US', 'maybe', 'no'],
    ['de-DE', 'wie bitte', 'nein'],
    ['pl-PL', 'hmm', 'nie'],
  ] as const)(
    '[%s] "%s" is asked about once more, and "%s" then still reopens',
    async (locale, unclear, no) => {
      const { user, ticket, lang } = await askedWhetherItHeld(locale);
      const asked = (await user.say(unclear)).map(shown);
      expect(asked).toHaveLength(1);
      expect(asked[0]).toContain(catalogue.t(lang, 'followUp.reask'));
      expect(await ticketNow(ticket.id)).toMatchObject({ status: 'resolved' });
      const replies = (await user.say(no)).map(shown).join('\n');
      expect(replies).toContain(catalogue.t(lang, 'followUp.reopened', { ticket: ticket.number }));
      expect(await ticketNow(ticket.id)).toMatchObject({ status: 'open', followUp: { answer: 'not-held' } });
      user.end();
    },
  );

  it('asks once more only once; the ticket then closes on silence', async () => {
    const { user, ticket } = await askedWhetherItHeld('en-US');
    expect((await user.say('maybe')).map(shown).join('\n')).toContain(catalogue.t('en', 'followUp.reask'));
    const askedAt = now;
    const second = (await user.say('maybe')).map(shown).join('\n');
    expect(second).not.toContain(catalogue.t('en', 'followUp.reask'));
    expect(await running.app.handoff!.queue.feedback.pending(user.conversationId)).toBeUndefined();
    expect(await ticketNow(ticket.id)).toMatchObject({ status: 'resolved' });
    now = askedAt + 5 * DAY;
    expect(await running.app.followUp!.runNow()).toMatchObject({ closed: 1 });
    expect(await ticketNow(ticket.id)).toMatchObject({ status: 'closed' });
    user.end();
  });

  it('a new problem is taken as one; the ticket is not reopened and closes on silence', async () => {
    const { user, ticket } = await askedWhetherItHeld('en-US');
    const askedAt = now;
    const replies = (await user.say('my outlook keeps crashing when I open attachments')).map(shown);
    const text = replies.join('\n');
    expect(text).not.toContain(catalogue.t('en', 'followUp.reask'));
    expect(text).not.toContain(catalogue.t('en', 'followUp.reopened', { ticket: ticket.number }));
    expect(replies.length).toBeGreaterThan(0);
    expect(await running.app.handoff!.queue.feedback.pending(user.conversationId)).toBeUndefined();
    expect(await ticketNow(ticket.id)).toMatchObject({ status: 'resolved' });
    now = askedAt + 5 * DAY;
    expect(await running.app.followUp!.runNow()).toMatchObject({ closed: 1 });
    expect(await ticketNow(ticket.id)).toMatchObject({ status: 'closed' });
    user.end();
  });
});
