import { z } from 'zod';
import { LANGUAGES, type Lang } from '../../i18n/languages';
import type { KbProblem } from './types';
import { readYamlFile } from './yaml-file';

const topicId = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)*$/, 'topic ids are dotted kebab-case');
const labels = z.object(
  Object.fromEntries(LANGUAGES.map((lang) => [lang, z.string().trim().min(1).max(40)])) as Record<
    Lang,
    z.ZodString
  >,
);
const topicSchema = z.strictObject({ owner: z.string().trim().min(1), labels });
export const taxonomySchema = z.strictObject({ topics: z.record(topicId, topicSchema) });

export interface TopicInfo {
  id: string;
  owner: string;
  labels: Record<Lang, string>;
}

export interface Taxonomy {
  topics: ReadonlyMap<string, TopicInfo>;
}

export const EMPTY_TAXONOMY: Taxonomy = { topics: new Map() };

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
  return { topics };
}

/** The short label shown on clarify buttons; falls back to English, then to the topic id. */
export function topicLabel(taxonomy: Taxonomy, topic: string, lang: Lang): string {
  const info = taxonomy.topics.get(topic);
  return info?.labels[lang] ?? info?.labels.en ?? topic;
}
