import fs from 'node:fs';
import path from 'node:path';
import type { Activity } from 'botbuilder';
import YAML from 'yaml';
import { z } from 'zod';
import { HUMAN_CHOICE } from '../../src/dialogs/interruptions';
import { Catalogue, type Lang } from '../../src/i18n';
import { ProductionApp } from '../helpers/production-chat';
import { alwaysOpenSupportFile } from '../helpers/support-hours';
import { cardOf, visible } from '../dialogs/chat-harness';

/**
 * The conversation corpus: realistic conversations in four languages (frustration, insults,
 * feedback, small talk, thanks, ticket questions, out-of-scope questions, long messy messages,
 * changes of mind) played through the real Direct Line endpoint against the app as `createApp`
 * builds it. No turn may fail or end in the generic error (ProductionApp checks every turn), and
 * each kind of message gets its intended kind of reply.
 */
const KINDS = [
  'any',
  'help',
  'smalltalk',
  'frustration',
  'feedback',
  'scope',
  'person',
  'switch',
  'ticket',
] as const;
type Kind = (typeof KINDS)[number];

const corpusSchema = z.object({
  language: z.enum(['en', 'de', 'pl', 'ro']),
  conversations: z
    .array(
      z.object({
        name: z.string().min(1),
        turns: z.array(z.object({ say: z.string().min(1), expect: z.enum(KINDS) })).min(1),
      }),
    )
    .min(25),
});
type Corpus = z.infer<typeof corpusSchema>;

const corpora: Corpus[] = ['en', 'de', 'pl', 'ro'].map((lang) =>
  corpusSchema.parse(YAML.parse(fs.readFileSync(path.join(__dirname, `corpus-${lang}.yaml`), 'utf8'))),
);
const catalogue = Catalogue.load(path.join(__dirname, '../../content/i18n'));

function offersPerson(replies: readonly Partial<Activity>[]): boolean {
  return replies.some((reply) =>
    (cardOf(reply)?.actions ?? []).some((action) => action.data.firstlineChoice === HUMAN_CHOICE),
  );
}

/** What a reply of each kind must (and must not) show; `said` is every reply of the turn as text. */
function check(kind: Kind, lang: Lang, replies: readonly Partial<Activity>[]): string | undefined {
  const said = visible(replies);
  const noAnswer = catalogue.t(lang, 'noAnswer');
  if (kind === 'any') return undefined;
  if (replies.length === 0) return 'the bot said nothing';
  switch (kind) {
    case 'help':
    case 'switch':
      return said.includes(noAnswer) ? 'the bot had no answer for an IT problem' : undefined;
    case 'smalltalk':
    case 'scope':
    case 'feedback':
      return said.includes(noAnswer) ? `a ${kind} message got the IT "no answer"` : undefined;
    case 'frustration':
      return offersPerson(replies) ? undefined : 'a frustrated user was not offered a person';
    case 'person':
      return said.includes(noAnswer) ? 'asking for a person got "no answer"' : undefined;
    case 'ticket': {
      // The corpus users have no tickets: a number is not theirs, and their list is empty.
      const number = /HD-\d+/.exec(said)?.[0];
      const expected = number
        ? catalogue.t(lang, 'ticketChat.notFound', { ticket: number })
        : catalogue.t(lang, 'ticketChat.none');
      return said === expected ? undefined : 'a question about tickets got no answer about tickets';
    }
  }
}

describe('conversation corpus on the production wiring', () => {
  let app: ProductionApp;

  beforeAll(async () => {
    app = await ProductionApp.start({
      SUPPORT_CONFIG_FILE: alwaysOpenSupportFile(),
      // Every conversation comes from 127.0.0.1; the per-address budget is not under test here.
      RATE_LIMIT_CONVERSATIONS_PER_MINUTE: '10000',
    });
  });
  afterAll(() => app.stop());

  it('holds at least 120 conversations across en, de, pl and ro', () => {
    expect(corpora.reduce((n, c) => n + c.conversations.length, 0)).toBeGreaterThanOrEqual(120);
  });

  describe.each(corpora.map((c) => [c.language, c] as const))('%s', (lang, corpus) => {
    it.each(corpus.conversations.map((c) => [c.name, c] as const))('%s', async (_name, conversation) => {
      const chat = app.chat({ locale: lang });
      for (const turn of conversation.turns) {
        const replies = await chat.send(turn.say);
        const problem = check(turn.expect, lang, replies);
        if (problem) {
          throw new Error(
            `${problem}\nuser: ${turn.say}\nbot:  ${visible(replies).replace(/\n/g, '\n      ')}`,
          );
        }
      }
    });
  });
});
