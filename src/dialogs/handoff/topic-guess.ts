import type { Lang } from '../../i18n/languages';
import type { KnowledgeLookup } from '../knowledge-lookup';

export type TopicKnowledge = Pick<KnowledgeLookup, 'match' | 'topicLabel'>;

/** The best-matching topic's label and category ("network.wifi" → "network"), if any matched. */
export function guessTopic(
  knowledge: TopicKnowledge | undefined,
  text: string | undefined,
  language: Lang,
): { category: string; label: string } | undefined {
  if (!text || !knowledge) return undefined;
  const response = knowledge.match(text, { language });
  const top = response.decision === 'none' ? undefined : response.results[0];
  const category = top?.topic.split('.')[0];
  if (!top || !category) return undefined;
  return { category, label: knowledge.topicLabel(top.topic, language) };
}
