import { z } from 'zod';
import { LANGUAGES, type Lang } from '../../i18n/languages';
import type { KbProblem } from './types';
import { readYamlFile } from './yaml-file';

const topicId = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)*$/, 'topic ids are dotted kebab-case');
// Strict: an unquoted comma in a YAML flow mapping ("{ en: Word, Excel and … }") makes a second key.
const labels = z.strictObject(
  Object.fromEntries(LANGUAGES.map((lang) => [lang, z.string().trim().min(1).max(40)])) as Record<
    Lang,
    z.ZodString
  >,
);
const topicSchema = z.strictObject({
  owner: z.string().trim().min(1),
  /**
   * A service request (access, accounts, equipment) rather than a fault: without a flow of its
   * own, the topic gets the generic request form instead of its article's steps.
   */
  request: z.boolean().optional(),
  labels,
});
const httpUrl = z.url({ protocol: /^https?$/, error: 'an http(s) URL' });
/**
 * How an owning team is reached with the feedback on its topics. A webhook names its signing
 * secret (a name in FEEDBACK_WEBHOOK_SECRETS), never the secret itself: content is not a vault.
 */
const teamContactSchema = z.strictObject({
  name: z.string().trim().min(1).max(80).optional(),
  /** A Teams channel id (19:...@thread.tacv2) the bot posts a card to. */
  teamsChannel: z.string().trim().min(1).max(200).optional(),
  email: z.array(z.email()).min(1).max(20).optional(),
  webhook: z
    .strictObject({
      url: httpUrl,
      secret: z
        .string()
        .regex(
          /^[a-z0-9]+(-[a-z0-9]+)*$/,
          'a secret name in kebab-case (its value is in FEEDBACK_WEBHOOK_SECRETS)',
        ),
    })
    .optional(),
});
export const taxonomySchema = z.strictObject({
  topics: z.record(topicId, topicSchema),
  /** Owning teams (the topics' `owner`) and how feedback reaches them; a team not listed: inbox only. */
  teams: z.record(z.string().trim().min(1).max(80), teamContactSchema).optional(),
});

export interface TopicInfo {
  id: string;
  owner: string;
  /** A service request topic (taxonomy.yaml `request: true`). */
  request?: boolean;
  labels: Record<Lang, string>;
}

export type TeamContact = z.infer<typeof teamContactSchema>;

export interface Taxonomy {
  topics: ReadonlyMap<string, TopicInfo>;
  /** Absent on taxonomies built before teams had contacts: none. */
  teams?: ReadonlyMap<string, TeamContact>;
}

export const EMPTY_TAXONOMY: Taxonomy = { topics: new Map(), teams: new Map() };

export function loadTaxonomy(file: string): { taxonomy: Taxonomy; problems: KbProblem[] } {
  const read = readYamlFile(file, 'taxonomy');
  if (read.problems.length > 0) return { taxonomy: EMPTY_TAXONOMY, problems: read.problems };
  const parsed = taxonomySchema.safeParse(read.value);
  if (!parsed.success) {
    return {
      taxonomy: EMPTY_TAXONOMY,
      problems: parsed.error.issues.map((issue) => ({
        file,
        line: 1,
        severity: 'error',
        code: 'taxonomy',
        message: `${issue.path.join('.') || '(root)'}: ${issue.message}`,
      })),
    };
  }
  return { taxonomy: toTaxonomy(parsed.data), problems: [] };
}

export function toTaxonomy(data: z.infer<typeof taxonomySchema>): Taxonomy {
  const topics = new Map<string, TopicInfo>();
  for (const [id, topic] of Object.entries(data.topics)) topics.set(id, { id, ...topic });
  return { topics, teams: new Map(Object.entries(data.teams ?? {})) };
}

/** The short label shown on clarify buttons; falls back to English, then to the topic id. */
export function topicLabel(taxonomy: Taxonomy, topic: string, lang: Lang): string {
  const info = taxonomy.topics.get(topic);
  return info?.labels[lang] ?? info?.labels.en ?? topic;
}
