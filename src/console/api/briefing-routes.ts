import { AppError } from '../../errors';
import { isLang, type Lang } from '../../i18n/languages';
import type { DraftFile, DraftSource, HandoverCase } from '../../llm';
import { withStepTitles, type Ticket } from '../../tickets';
import type { Caller } from '../auth/authenticator';
import { notFound } from './access';
import type { ConsoleApiDeps } from './api-deps';
import { defineRoute, type ConsoleRoute } from './route-registry';

/** Writes a hand-over note in a language (src/llm's HandoverSummaries); undefined when it cannot. */
export interface HandoverBriefings {
  summarise(handover: HandoverCase, language: Lang): Promise<string[] | undefined>;
}

/** Translates one message (src/llm's Translations); undefined when it cannot. */
export interface MessageTranslator {
  translate(request: {
    text: string;
    from: Lang;
    to: Lang;
    conversationId?: string;
  }): Promise<string | undefined>;
}

/** Drafts a knowledge article from a case (src/llm's ArticleDrafts, with the taxonomy's topics). */
export interface ArticleDrafter {
  draft(source: Omit<DraftSource, 'topics'>): Promise<DraftFile[] | undefined>;
}

/** The user's most recent messages translated for the console; older ones stay as written. */
const MAX_TRANSLATED_MESSAGES = 20;
/** Translations kept per instance, so reopening a conversation does not call the model again. */
const TRANSLATION_CACHE_SIZE = 2000;

const RESULTS = { worked: 'worked', failed: "didn't help", stopped: 'stopped there' } as const;

/** `?lang=` when given (400 when it is no language FirstLine speaks). */
function requestedLanguage(query: Record<string, string | undefined>): Lang | undefined {
  const requested = query.lang;
  if (requested === undefined || requested === '') return undefined;
  if (!isLang(requested)) throw new AppError('BadArgument', 'Invalid "lang": use en, de, pl or ro.');
  return requested;
}

/** The ticket with its transcript, if the caller may read it (404 otherwise, as every ticket route). */
async function readableTicket(deps: ConsoleApiDeps, caller: Caller, ticketId: string) {
  await deps.access.ticket(ticketId, caller.technician);
  const found = await deps.handoffs.getTicket(ticketId);
  if (!found) throw notFound('ticket');
  return found;
}

/** The steps tried, each by its title and how it went, as the model reads them. */
function triedSteps(ticket: Ticket): string[] {
  return ticket.stepsTried.map(
    (step) => `${step.title ?? `${step.ref} ${step.step}`} (${RESULTS[step.result]})`,
  );
}

/**
 * A language model's short hand-over note in the technician's language, shown above the
 * transcript. Registered only when a model is configured; the structured summary stays either way.
 */
export function briefingRoutes(
  deps: ConsoleApiDeps,
  briefings: HandoverBriefings,
  translator?: MessageTranslator,
  drafter?: ArticleDrafter,
): ConsoleRoute[] {
  return [
    ...(translator ? [translationRoute(deps, translator)] : []),
    ...(drafter ? [articleDraftRoute(deps, drafter)] : []),
    defineRoute({
      operationId: 'getHandoverBriefing',
      method: 'get',
      path: '/api/console/tickets/{ticketId}/briefing',
      tag: 'ticket',
      summary:
        "A language model's hand-over note on the ticket (at most 5 lines: problem, what was tried, " +
        "facts, the user's mood) in the caller's language. Only with a language model configured.",
      minRole: 'technician',
      resource: 'ticket',
      query: { lang: { description: "en, de, pl or ro; default: the caller's first language" } },
      responds:
        '`{ "language": "de", "lines": ["..."] }`; `lines` is null when the model gives no note ' +
        '(failing, over budget): the structured summary on the ticket stands',
      handler: async ({ caller, params, query }) => {
        const requested = requestedLanguage(query);
        const found = await readableTicket(deps, caller, params.ticketId ?? '');
        const { ticket } = deps.stepTitle ? withStepTitles(found, deps.stepTitle) : found;
        const language = requested ?? caller.technician.languages[0] ?? deps.defaultLanguage;
        const transcript = found.transcript.filter((entry) => entry.type === 'message' && entry.text);
        const lines = await briefings.summarise(
          {
            // A new message or a change to the ticket makes a new note.
            key: `${ticket.id}:${ticket.version}:${transcript.at(-1)?.seq ?? 0}`,
            conversationId: ticket.conversationId,
            problem: ticket.problem,
            facts: ticket.facts,
            tried: triedSteps(ticket),
            userLanguage: ticket.language,
            transcript: transcript.map((entry) => ({ role: entry.from.role, text: entry.text ?? '' })),
          },
          language,
        );
        return { body: { language, lines: lines ?? null } };
      },
    }),
  ];
}

/**
 * The user's messages in the technician's language, for a technician who does not speak the
 * user's: the console shows each translation with the original one click away.
 */
function translationRoute(deps: ConsoleApiDeps, translator: MessageTranslator): ConsoleRoute {
  const cache = new Map<string, string>();
  return defineRoute({
    operationId: 'getTranscriptTranslations',
    method: 'get',
    path: '/api/console/tickets/{ticketId}/translations',
    tag: 'ticket',
    summary:
      "The user's recent messages on the ticket translated by a language model into the caller's " +
      "language (none when the caller speaks the ticket's language). Only with a language model configured.",
    minRole: 'technician',
    resource: 'ticket',
    query: { lang: { description: "en, de, pl or ro; default: the caller's first language" } },
    responds:
      '`{ "from": "de", "to": "en", "translations": [{ "text": "<original>", "translation": "..." }] }`; ' +
      'a message the model could not translate is left out',
    handler: async ({ caller, params, query }) => {
      const requested = requestedLanguage(query);
      const found = await readableTicket(deps, caller, params.ticketId ?? '');
      const from = found.ticket.language;
      const languages = caller.technician.languages;
      const to = requested ?? languages[0] ?? deps.defaultLanguage;
      const needed = requested ? to !== from : !languages.includes(from) && to !== from;
      if (!needed) return { body: { from, to, translations: [] } };
      const texts = [
        ...new Set(
          found.transcript
            .filter((entry) => entry.type === 'message' && entry.from.role === 'user' && entry.text?.trim())
            .map((entry) => entry.text!),
        ),
      ].slice(-MAX_TRANSLATED_MESSAGES);
      const translations: { text: string; translation: string }[] = [];
      for (const text of texts) {
        const key = `${from}\u0000${to}\u0000${text}`;
        let translation = cache.get(key);
        if (translation === undefined) {
          translation = await translator.translate({
            text,
            from,
            to,
            conversationId: found.ticket.conversationId,
          });
          if (translation === undefined) continue;
          if (cache.size >= TRANSLATION_CACHE_SIZE) cache.delete(cache.keys().next().value!);
          cache.set(key, translation);
        }
        translations.push({ text, translation });
      }
      if (translations.length > 0)
        await deps.handoffs.tickets.translated(found.ticket, { user: from, technician: to });
      return { body: { from, to, translations } };
    },
  });
}

/**
 * A knowledge article drafted from a ticket, in the content format and the four languages, for a
 * lead to review and commit to content/kb (nothing is published by this route).
 */
function articleDraftRoute(deps: ConsoleApiDeps, drafter: ArticleDrafter): ConsoleRoute {
  return defineRoute({
    operationId: 'draftArticleFromTicket',
    method: 'post',
    path: '/api/console/tickets/{ticketId}/article-draft',
    tag: 'knowledge',
    summary:
      'A knowledge-article draft written by a language model from the ticket (front matter, steps, example ' +
      'questions; en, de, pl, ro), checked like `firstline content check`, to review and commit. Only with a ' +
      'language model configured.',
    minRole: 'lead',
    resource: 'ticket',
    responds:
      '`{ "files": [{ "path": "content/kb/<topic>/<id>.<lang>.md", "content": "..." }] }`; `files` is null ' +
      'when the model gives no draft that passes the checks',
    handler: async ({ caller, params }) => {
      const found = await readableTicket(deps, caller, params.ticketId ?? '');
      const { ticket } = deps.stepTitle ? withStepTitles(found, deps.stepTitle) : found;
      const files = await drafter.draft({
        conversationId: ticket.conversationId,
        problem: ticket.problem,
        facts: ticket.facts,
        tried: triedSteps(ticket),
        transcript: found.transcript
          .filter((entry) => entry.type === 'message' && entry.text)
          .map((entry) => ({ role: entry.from.role, text: entry.text ?? '' })),
      });
      return { body: { files: files ?? null } };
    },
  });
}
