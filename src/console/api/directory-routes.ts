import { AppError } from '../../errors';
import { isLang, LANGUAGES, type Lang } from '../../i18n/languages';
import type { ConsoleApiDeps } from './api-deps';
import { defineRoute, type ConsoleRoute } from './route-registry';
import { resumePoint } from './event-feed';

const MAX_QUERY_CHARS = 500;
/**
 * Past the three best, an article is offered only when the matcher gives it this much: "vpn" once
 * listed the printer and password articles at 0.1 % each below the VPN article.
 */
const MIN_FURTHER_CONFIDENCE = 0.01;
const ALWAYS_SHOWN = 3;

/** Knowledge, canned replies and the live feed. */
export function directoryRoutes(deps: ConsoleApiDeps): ConsoleRoute[] {
  return [
    defineRoute({
      operationId: 'searchArticles',
      method: 'get',
      path: '/api/console/articles',
      tag: 'knowledge',
      summary:
        "Search the knowledge base (articles only), best first; articles in `lang` (the ticket's " +
        'language) come in that language and before any only available in another. Past the three ' +
        `best, only articles the matcher gives at least ${MIN_FURTHER_CONFIDENCE * 100} % confidence.`,
      minRole: 'technician',
      query: {
        q: { description: 'What to search for', required: true },
        lang: { description: 'Language of the question (en, de, pl, ro)' },
      },
      responds: '`{ "results": [{ "id", "title", "topic", "language", "confidence", "summary" }] }`',
      handler: async ({ query }) => {
        const q = (query.q ?? '').trim();
        if (q === '' || q.length > MAX_QUERY_CHARS) {
          throw new AppError('BadArgument', `Invalid "q": give 1-${MAX_QUERY_CHARS} characters.`);
        }
        const language = optionalLang(query.lang) ?? deps.defaultLanguage;
        const response = deps.knowledge.match(q, { language, limit: 10 });
        // Each article in the ticket's language (`lang`) when it has that version; those first.
        const results = response.results
          .filter((r) => r.kind === 'article')
          .filter((r, rank) => rank < ALWAYS_SHOWN || r.confidence >= MIN_FURTHER_CONFIDENCE)
          .map((r) => {
            const found = deps.knowledge.getArticle(r.id, language);
            return {
              id: r.id,
              title: found?.article.title ?? r.title,
              topic: r.topic,
              language: found?.language ?? r.language,
              confidence: r.confidence,
              summary: found?.article.summary ?? '',
            };
          })
          .sort((a, b) => Number(a.language !== language) - Number(b.language !== language));
        return { body: { language: response.language, results } };
      },
    }),
    defineRoute({
      operationId: 'listCannedReplies',
      method: 'get',
      path: '/api/console/canned-replies',
      tag: 'knowledge',
      summary: 'Ready-made replies; `lang` picks one language, otherwise all four.',
      minRole: 'technician',
      query: { lang: { description: 'en, de, pl or ro' } },
      responds: '`{ "replies": [{ "id", "language", "title", "text" }] }`',
      handler: async ({ query }) => {
        const one = optionalLang(query.lang);
        return { body: { replies: deps.canned.list(one ? [one] : LANGUAGES) } };
      },
    }),
    defineRoute({
      operationId: 'streamEvents',
      method: 'get',
      path: '/api/console/events',
      tag: 'events',
      summary:
        'Server-Sent Events: queue changes, messages, typing and notes the caller may see. Each event ' +
        'has `id: <seq>` and JSON data with `type`; resume with Last-Event-ID or `?after=<seq>`.',
      minRole: 'technician',
      query: { after: { description: 'Resume after this sequence number (Last-Event-ID wins)' } },
      stream: true,
      responds: '`text/event-stream`',
      handler: async ({ req, res, caller, query }) => {
        const after = resumePoint(req.header('last-event-id'), query.after);
        await deps.feed.stream(req, res, caller.technician, after, () => deps.auth.stillValid(caller));
      },
    }),
  ];
}

function optionalLang(value: string | undefined): Lang | undefined {
  if (value === undefined || value === '') return undefined;
  if (!isLang(value)) throw new AppError('BadArgument', 'Invalid "lang": use en, de, pl or ro.');
  return value;
}
