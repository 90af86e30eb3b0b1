import path from 'node:path';
import { Catalogue } from '../../../src/i18n';
import type { Technician } from '../../../src/technicians';
import { startApp, type RunningApp } from '../../helpers/in-process-app';
import { alwaysOpenSupportFile } from '../../helpers/support-hours';
import { TURN_ERRORS, WebChatUser, errorRecorder, shown } from './web-chat-user';

const catalogue = Catalogue.load(path.join(__dirname, '../../../content/i18n'));
/** What the user writes to be handed over: the request for a person, then the problem. */
const HANDOVER = {
  'en-US': ['I need to speak to a technician', 'my laptop screen flickers'],
  'de-DE': ['Ich möchte mit einem Mitarbeiter sprechen', 'Mein Bildschirm flackert'],
  'pl-PL': ['Chcę porozmawiać z technikiem', 'Ekran mojego laptopa migocze'],
  'ro-RO': ['Vreau să vorbesc cu un tehnician', 'Ecranul laptopului pâlpâie'],
} as const;

/** Users who answer "How happy are you?" in their own words rather than with a button. */
describe('a rating written as text, through the real Direct Line endpoint', () => {
  let running: RunningApp;
  let ada: Technician;
  const recorded = errorRecorder();
  beforeAll(async () => {
    running = await startApp({ SUPPORT_CONFIG_FILE: alwaysOpenSupportFile() }, recorded.logger);
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
  async function askedToRate(locale: keyof typeof HANDOVER) {
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
    const lang = locale.slice(0, 2) as 'en' | 'de' | 'pl' | 'ro';
    expect((await user.newReplies()).map(shown).join('\n')).toContain(catalogue.t(lang, 'rating.question'));
    return { user, ticketId: queued!.ticketId, lang };
  }

  it.each([
    ['en-US', '4/5', 4],
    ['en-US', '4 out of 5', 4],
    ['en-US', '⭐⭐⭐⭐⭐', 5],
    ['en-US', '★★☆☆☆', 2],
    ['de-DE', '3 von 5', 3],
  ] as const)('[%s] "%s" is a score of %i', async (locale, answer, score) => {
    const { user, ticketId, lang } = await askedToRate(locale);
    const replies = await user.say(answer);
    for (const reply of replies) expect(TURN_ERRORS).not.toContain(reply.text);
    expect(replies.map(shown)).toEqual([catalogue.t(lang, 'rating.thanks')]);
    expect((await running.app.handoff!.tickets.get(ticketId))?.rating).toMatchObject({ score });
    user.end();
  });

  it.each([
    ['en-US', 'very happy', 5],
    ['en-US', 'terrible, it took forever', 1],
    ['en-US', 'not very happy', 2],
    ['de-DE', 'sehr zufrieden', 5],
    ['de-DE', 'gar nicht zufrieden, viel zu langsam', 1],
    ['pl-PL', 'bardzo dobrze', 5],
    ['ro-RO', 'foarte mulțumit', 5],
  ] as const)('[%s] "%s" in words is a score of %i, the words its comment', async (locale, answer, score) => {
    const { user, ticketId, lang } = await askedToRate(locale);
    const replies = await user.say(answer);
    expect(replies.map(shown)).toEqual([catalogue.t(lang, 'rating.thanksInWords', { score })]);
    expect((await running.app.handoff!.tickets.get(ticketId))?.rating).toMatchObject({
      score,
      comment: answer,
    });
    // Nothing more is pending: the next message is a new one, not a comment.
    expect(await running.app.handoff!.queue.feedback.pending(user.conversationId)).toBeUndefined();
    user.end();
  });

  it.each([
    ['en-US', 'hmm', '4', 4],
    ['en-US', 'good but slow', '2', 2],
    ['de-DE', 'was meinen Sie', 'zufrieden', 4],
    ['pl-PL', 'hmm', 'bardzo źle', 1],
  ] as const)(
    '[%s] "%s" is no rating: asked once more, and "%s" then rates %i',
    async (locale, unclear, answer, score) => {
      const { user, ticketId, lang } = await askedToRate(locale);
      const asked = (await user.say(unclear)).map(shown);
      expect(asked).toHaveLength(1);
      expect(asked[0]).toContain(catalogue.t(lang, 'rating.reask'));
      expect((await running.app.handoff!.tickets.get(ticketId))?.rating).toBeUndefined();
      const replies = (await user.say(answer)).map(shown);
      expect(replies).toHaveLength(1);
      expect((await running.app.handoff!.tickets.get(ticketId))?.rating).toMatchObject({ score });
      user.end();
    },
  );

  it('asks once more only once: a second unclear reply is taken as a new message', async () => {
    const { user, ticketId } = await askedToRate('en-US');
    expect((await user.say('hmm')).map(shown).join('\n')).toContain(catalogue.t('en', 'rating.reask'));
    const second = (await user.say('hmm')).map(shown).join('\n');
    expect(second).not.toContain(catalogue.t('en', 'rating.reask'));
    expect(await running.app.handoff!.queue.feedback.pending(user.conversationId)).toBeUndefined();
    expect((await running.app.handoff!.tickets.get(ticketId))?.rating).toBeUndefined();
    user.end();
  });

  it('a new problem instead of a rating is taken as one, not asked about again', async () => {
    const { user, ticketId } = await askedToRate('en-US');
    const replies = (await user.say('my outlook keeps crashing when I open attachments')).map(shown);
    expect(replies.join('\n')).not.toContain(catalogue.t('en', 'rating.reask'));
    expect(replies.join('\n')).not.toContain(catalogue.t('en', 'rating.thanksInWords', { score: 1 }));
    expect(await running.app.handoff!.queue.feedback.pending(user.conversationId)).toBeUndefined();
    expect((await running.app.handoff!.tickets.get(ticketId))?.rating).toBeUndefined();
    user.end();
  });
});
