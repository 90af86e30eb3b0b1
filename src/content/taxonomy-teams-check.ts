import type { Taxonomy } from '../knowledge';
import type { ContentProblem } from './yaml-file';

/**
 * The taxonomy's teams against its topics: a listed team no topic names as owner is most likely a
 * typo (its feedback would never arrive), so `content check` says so; a warning, start-up goes on.
 */
export function taxonomyTeamProblems(taxonomy: Taxonomy | undefined, file: string): ContentProblem[] {
  if (!taxonomy?.teams) return [];
  const owners = new Set([...taxonomy.topics.values()].map((topic) => topic.owner));
  return [...taxonomy.teams.keys()]
    .filter((team) => !owners.has(team))
    .map((team) => ({
      file,
      line: 1,
      severity: 'warning' as const,
      message: `teams: "${team}" owns no topic, so no feedback is routed to it (a typo of an owner?)`,
    }));
}
