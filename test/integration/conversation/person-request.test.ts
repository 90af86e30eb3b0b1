import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Catalogue } from '../../../src/i18n';
import type { Lang } from '../../../src/i18n/languages';
import { startApp, type RunningApp } from '../../helpers/in-process-app';
import { TURN_ERRORS, WebChatUser, errorRecorder, shown, type ChatActivity } from './web-chat-user';

const catalogue = Catalogue.load(path.join(__dirname, '../../../content/i18n'));
// Always open, so that the test does not depend on the day it runs.
const ALWAYS_OPEN = `timeZone: UTC
hours: { mon: ["00:00-24:00"], tue: ["00:00-24:00"], wed: ["00:00-24:00"], thu: ["00:00-24:00"], fri: ["00:00-24:00"], sat: ["00:00-24:00"], sun: ["00:00-24:00"] }
`;

const CASES: Record<Lang, { locale: string; ask: string; problem: string; meanwhile: string }> = {
  en: {
    locale: 'en-US',
    ask: 'talk to a person',
    problem: 'my laptop does not start',
    meanwhile: 'the screen stays black after the update',
  },
  de: {
    locale: 'de-DE',
    ask: 'Ich möchte mit einem Mitarbeiter sprechen',
    problem: 'Mein Laptop startet nicht',
    meanwhile: 'Der Bildschirm bleibt nach dem Update schwarz',
  },
  pl: {
    locale: 'pl-PL',
    ask: 'chcę porozmawiać z konsultantem',
    problem: 'mój laptop się nie uruchamia',
    meanwhile: 'ekran zostaje czarny po aktualizacji',
  },
  ro: {
    locale: 'ro-RO',
    ask: 'vreau să vorbesc cu un tehnician',
    problem: 'laptopul meu nu pornește',
    meanwhile: 'ecranul rămâne negru după actualizare',
  },
};

function texts(replies: readonly ChatActivity[]): string[] {
  expect(replies.length).toBeGreaterThan(0);
  for (const reply of replies) expect(TURN_ERRORS).not.toContain(reply.text);
  return replies.map(shown);
}

describe('asking for a person through the real Direct Line endpoint', () => {
  let running: RunningApp;
  const users: WebChatUser[] = [];
  const recorded = errorRecorder();
  beforeAll(async () => {
    const support = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-support-')), 'support.yaml');
    fs.writeFileSync(support, ALWAYS_OPEN);
    running = await startApp({ SUPPORT_CONFIG_FILE: support }, recorded.logger);
  });
  afterEach(() => expect(recorded.errors).toEqual([]));
  afterAll(async () => {
    for (const user of users) user.end();
    await running.stop();
  });

  async function chat(locale: string): Promise<WebChatUser> {
    const user = await WebChatUser.start(running.url, locale);
    users.push(user);
    return user;
  }

  async function ticketOf(user: WebChatUser) {
    const handoff = await running.app.handoff!.queue.ownerOf(user.conversationId);
    if (!handoff) return undefined;
    return running.app.handoff!.tickets.get(handoff.ticketId);
  }

  describe.each(Object.keys(CASES) as Lang[])('%s', (lang) => {
    const { locale, ask, problem, meanwhile } = CASES[lang];

    it('asks what the problem is first, and queues the answer as the ticket problem', async () => {
      const user = await chat(locale);
      expect(texts(await user.say(ask))).toEqual([catalogue.t(lang, 'handoff.askProblem')]);
      expect(await ticketOf(user)).toBeUndefined();
      let replies = texts(await user.say(problem));
      // The bot may check the topic it guessed from the problem first, as for any hand-over.
      if (!replies.some((r) => r.includes(catalogue.t(lang, 'handoff.queued', { ticket: '' }).slice(0, 12))))
        replies = texts(await user.click({ firstlineChoice: 'handoff-topic-yes' }));
      expect(replies.join('\n')).toMatch(/HD-\d+/);
      expect((await ticketOf(user))?.problem).toBe(problem);
    });

    it('queues a user who insists; what they write while waiting goes onto the ticket, not "no answer"', async () => {
      const user = await chat(locale);
      await user.say(ask);
      const queued = texts(await user.say(ask)).join('\n');
      const ticket = await ticketOf(user);
      expect(queued).toContain(ticket!.number);
      expect(ticket!.problem).toBe('');

      expect(texts(await user.say(meanwhile))).toEqual([catalogue.t(lang, 'handoff.noted')]);
      const updated = await ticketOf(user);
      expect(updated?.problem).toBe(meanwhile);
      expect(updated?.summary).toContain(meanwhile);
      const seen = await running.app.storage.events.list('console', 0, 10_000);
      expect(seen.map((e) => e.event)).toContainEqual(
        expect.objectContaining({
          type: 'message',
          from: 'user',
          text: meanwhile,
          ticketNumber: ticket!.number,
        }),
      );

      // Chatting with the bot meanwhile: what it cannot answer is on the ticket, no "no answer" card.
      texts(await user.click({ firstlineChoice: 'handoff-continue-with-bot' }));
      const replies = texts(await user.say('qwx zzv vvq'));
      expect(replies).toEqual([catalogue.t(lang, 'handoff.addedToTicket', { ticket: ticket!.number })]);
      expect((await ticketOf(user))?.problem).toBe(`${meanwhile}\nqwx zzv vvq`);
    });
  });
});
