import { AppError } from '../../errors';
import { isLang, LANGUAGES, type Lang } from '../../i18n/languages';
import type { TopicInfo } from '../../knowledge';
import { defineRoute, type ConsoleRoute } from './route-registry';

/** The taxonomy's topics as they are now (a content reload changes them). */
export type ConsoleTopics = () => readonly TopicInfo[];

/**
 * The taxonomy's topics for the pages that name one (the incident form's Topic select): each with
 * its label in the caller's language, so a lead picks "VPN" or "Drucker" instead of typing
 * `network.vpn`.
 */
export function topicRoutes(topics: ConsoleTopics): ConsoleRoute[] {
  return [
    defineRoute({
      operationId: 'listTopics',
      method: 'get',
      path: '/api/console/topics',
      tag: 'knowledge',
      summary:
        "The taxonomy's topics (content/taxonomy.yaml), sorted by their label in `lang` (default: " +
        "the caller's first language), with the labels in all four languages and the owning team.",
      minRole: 'technician',
      query: { lang: { description: 'Language of `label` and of the order (en, de, pl, ro)' } },
      responds:
        '`{ "language", "topics": [{ "id", "label", "labels": { "en", "de", "pl", "ro" }, "owner" }] }`',
      handler: async ({ query, caller }) => {
        const language = languageOf(query.lang, caller.technician.languages);
        const rows = topics().map((topic) => ({
          id: topic.id,
          label: topic.labels[language] ?? topic.labels.en ?? topic.id,
          labels: topic.labels,
          owner: topic.owner,
        }));
        rows.sort((a, b) => a.label.localeCompare(b.label, language) || a.id.localeCompare(b.id));
        return { body: { language, topics: rows } };
      },
    }),
  ];
}

/** `lang` when given (a 400 when it is not one of ours), else the caller's first language we have. */
function languageOf(value: string | undefined, own: readonly string[] | undefined): Lang {
  if (value !== undefined && value !== '') {
    if (!isLang(value)) throw new AppError('BadArgument', 'Invalid "lang": use en, de, pl or ro.');
    return value;
  }
  return (own ?? []).find(isLang) ?? LANGUAGES[0]!;
}
