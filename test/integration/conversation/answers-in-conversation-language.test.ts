import path from 'node:path';
import { Catalogue } from '../../../src/i18n';
import type { Technician } from '../../../src/technicians';
import { startApp, type RunningApp } from '../../helpers/in-process-app';
import { alwaysOpenSupportFile } from '../../helpers/support-hours';
import { TURN_ERRORS, WebChatUser, errorRecorder, shown } from './web-chat-user';

const HOUR = 3_600_000;
const catalogue = Catalogue.load(path.join(__dirname, '../../../content/i18n'));
/** What the user writes to be handed over: the request for a person, then the problem. */
const HANDOVER = {
  'en-US': ['I need to speak to a technician', 'my laptop screen flickers'],
  'de-DE': ['Ich möchte mit einem Mitarbeiter sprechen', 'Mein Bildschirm flackert'],
  'pl-PL': ['Chcę porozmawiać z technikiem', 'Ekran mojego laptopa migocze'],
  'ro-RO': ['Vreau să vorbesc cu un tehnician', 'Ecranul laptopului pâlpâie'],
} as const;
type Locale = keyof typeof HANDOVER;
const langOf = (locale: Locale) => locale.slice(0, 2) as 'en' | 'de' | 'pl' | 'ro';

/**
 * Answers to the rating and to "Did the fix hold?" are read in the language most of their words are
 * in, the conversation's winning a tie:
 * a word of another language's lists (German "tot" = dead in Romanian "tot" = still, English
 * "order*" in German "ordentlich", English "no" in Polish "no" = yeah) no longer turns them round.
 */
describe('answers read in the conversation language first, through the real Direct Line endpoint', () => {
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

  /** A user handed over to Ada, who resolves the ticket: the rating question is the last thing said. */
  async function askedToRate(locale: Locale) {
    const handoff = running.app.handoff!;
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
    const lang = langOf(locale);
    expect((await user.newReplies()).map(shown).join('\n')).toContain(catalogue.t(lang, 'rating.question'));
    return { user, ticketId: queued!.ticketId, lang };
  }

  it.each([
    // Romanian "crap*" (crashes) is no fault in English.
    ['en-US', 'crap, it took forever', 1],
    ['de-DE', 'zufrieden, alles gut erklärt', 4],
    ['pl-PL', 'no, bardzo dobrze', 5],
    // German "tot" (dead) is no fault in Romanian, where it means "still, all".
    ['ro-RO', 'mulțumit, tot e ok acum', 4],
  ] as const)('[%s] the rating "%s" is a score of %i', async (locale, answer, score) => {
    const { user, ticketId, lang } = await askedToRate(locale);
    const replies = (await user.say(answer)).map(shown);
    for (const reply of replies) expect(TURN_ERRORS).not.toContain(reply);
    expect(replies).toEqual([catalogue.t(lang, 'rating.thanksInWords', { score })]);
    expect((await running.app.handoff!.tickets.get(ticketId))?.rating).toMatchObject({ score });
    user.end();
  });

  /** A resolved ticket whose follow-up question ("Did the fix hold?") the user is now asked. */
  async function askedIfHeld(locale: Locale) {
    const { user, ticketId, lang } = await askedToRate(locale);
    await user.click({ firstlineChoice: 'skip' });
    now += 25 * HOUR;
    // Earlier tests' tickets are due too; this user's question is what the test reads.
    expect((await running.app.followUp!.runNow()).asked).toBeGreaterThanOrEqual(1);
    await running.app.idle();
    const number = (await running.app.handoff!.tickets.get(ticketId))!.number;
    expect((await user.newReplies()).map(shown).join('\n')).toContain(
      catalogue.t(lang, 'followUp.question', { ticket: number }),
    );
    return { user, ticketId, lang };
  }

  it.each([
    ['en-US', 'yes, all good since', 'closed'],
    ['de-DE', 'Ja, läuft noch, alles gut', 'closed'],
    // Polish "no" is "yeah", not the English "no" that reopened the ticket.
    ['pl-PL', 'no, już działa', 'closed'],
    ['ro-RO', 'da, tot merge bine', 'closed'],
  ] as const)(
    '[%s] "Did the fix hold?" answered "%s" leaves the ticket %s',
    async (locale, answer, status) => {
      const { user, ticketId } = await askedIfHeld(locale);
      const replies = (await user.say(answer)).map(shown);
      for (const reply of replies) expect(TURN_ERRORS).not.toContain(reply);
      expect(await running.app.handoff!.tickets.get(ticketId)).toMatchObject({ status });
      user.end();
    },
  );

  it.each([
    // Romanian in a German conversation: German "tot" (dead) had the reply read in German alone,
    // where it is no answer but a fault, so the question was dropped for a new problem.
    ['de-DE', 'nu, tot nu merge', 'open'],
    ['de-DE', 'da, tot merge bine', 'closed'],
    // English in a Polish conversation: Polish "no" (yeah) had it read in Polish alone, as a yes.
    ['pl-PL', 'no, it is still broken', 'open'],
  ] as const)(
    '[%s] "Did the fix hold?" answered "%s" in the language most of its words are in leaves the ticket %s',
    async (locale, answer, status) => {
      const { user, ticketId, lang } = await askedIfHeld(locale);
      const replies = (await user.say(answer)).map(shown);
      const ticket = await running.app.handoff!.tickets.get(ticketId);
      expect(ticket).toMatchObject({ status, followUp: { answer: status === 'open' ? 'not-held' : 'held' } });
      const said = status === 'open' ? 'followUp.reopened' : 'followUp.closed';
      expect(replies).toContain(catalogue.t(lang, said, { ticket: ticket!.number }));
      user.end();
    },
  );

  it.each([
    // German "tot" (dead) took it for a new problem, and the question was dropped.
    ['ro-RO', 'e tot ok'],
    // Romanian "da" (yes) closed the ticket on a German "there, as before".
    ['de-DE', 'Da, wie gehabt'],
  ] as const)(
    '[%s] "%s" is asked about again, neither settled nor taken for a new problem',
    async (locale, answer) => {
      const { user, ticketId, lang } = await askedIfHeld(locale);
      const replies = (await user.say(answer)).map(shown);
      expect(replies.join('\n')).toContain(catalogue.t(lang, 'followUp.reask'));
      expect(await running.app.handoff!.queue.feedback.pending(user.conversationId)).toBeDefined();
      expect((await running.app.handoff!.tickets.get(ticketId))?.status).toBe('resolved');
      user.end();
    },
  );
});
