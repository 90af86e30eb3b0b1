import type { CaseRecord } from '../insights';

/** How sensitive the detector is (INCIDENTS_* settings). */
export interface SpikeSettings {
  /** The recent window a spike is counted in. */
  windowMinutes: number;
  /** The rolling baseline before the window that says what is normal. */
  baselineHours: number;
  /** Fewest cases in the window that can make a spike, however quiet the baseline. */
  minCases: number;
  /** How many times the baseline's rate (scaled to the window) the window must reach. */
  ratio: number;
}

/** One problem whose volume jumped: by its topic, or by words its cases share. */
export interface Spike {
  /** `topic:<topic>` or `word:<lead word>`: what one spike is known by across passes. */
  key: string;
  topic?: string;
  words: string[];
  /** The window's cases (newest first). */
  cases: CaseRecord[];
  baseline: number;
}

/** Words shorter than this say too little to group problems by. */
const MIN_WORD_CHARS = 4;
/** A word joins a spiking word's group when it is in this share of that word's cases. */
const GROUP_SHARE = 0.6;
/** Words named on one spike at most. */
const MAX_SPIKE_WORDS = 5;

/** Lower case, accents removed: how words of problems are compared. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The distinct content words of a problem's text (function words and short words left out). */
export function contentWords(text: string, stopWords: ReadonlySet<string>): string[] {
  const words = fold(text).split(/[^\p{L}\p{N}]+/u);
  return [
    ...new Set(words.filter((w) => w.length >= MIN_WORD_CHARS && !stopWords.has(w) && !/^\d+$/.test(w))),
  ];
}

/**
 * The spikes in `cases` (those opened in the baseline and the window) at `now`: per topic, and for
 * cases without a topic per word they share, the window's count must reach `minCases` and `ratio`
 * times the baseline's rate scaled to the window. Words that spike on the same cases make one spike.
 */
export function findSpikes(
  cases: readonly CaseRecord[],
  now: Date,
  settings: SpikeSettings,
  stopWords: ReadonlySet<string>,
): Spike[] {
  const windowStart = now.getTime() - settings.windowMinutes * 60_000;
  const baselineStart = windowStart - settings.baselineHours * 3_600_000;
  const scale = settings.windowMinutes / (settings.baselineHours * 60);
  const recentByKey = new Map<string, CaseRecord[]>();
  const baselineByKey = new Map<string, number>();
  const add = (key: string, record: CaseRecord, recent: boolean) => {
    if (recent) recentByKey.set(key, [...(recentByKey.get(key) ?? []), record]);
    else baselineByKey.set(key, (baselineByKey.get(key) ?? 0) + 1);
  };
  for (const record of cases) {
    const at = Date.parse(record.openedAt);
    if (at < baselineStart || at > now.getTime()) continue;
    const recent = at >= windowStart;
    if (record.topic) {
      // Questions outside IT are pointed elsewhere: no incident of ours.
      if (!record.topic.startsWith('out-of-scope.')) add(`topic:${record.topic}`, record, recent);
      continue;
    }
    for (const word of contentWords(record.firstMessage ?? '', stopWords))
      add(`word:${word}`, record, recent);
  }
  const spiking = [...recentByKey.entries()]
    .map(([key, recent]) => ({ key, recent, baseline: baselineByKey.get(key) ?? 0 }))
    .filter(
      ({ recent, baseline }) =>
        recent.length >= settings.minCases && recent.length >= settings.ratio * baseline * scale,
    )
    .sort((a, b) => b.recent.length - a.recent.length || a.key.localeCompare(b.key));
  const spikes: Spike[] = [];
  const grouped = new Set<string>();
  for (const candidate of spiking) {
    if (candidate.key.startsWith('topic:')) {
      spikes.push({ key: candidate.key, topic: candidate.key.slice(6), words: [], ...pick(candidate) });
      continue;
    }
    if (grouped.has(candidate.key)) continue;
    const ids = new Set(candidate.recent.map((r) => r.id));
    const group = spiking.filter(
      (other) =>
        other.key.startsWith('word:') &&
        !grouped.has(other.key) &&
        other.recent.filter((r) => ids.has(r.id)).length >= GROUP_SHARE * ids.size,
    );
    for (const member of group) grouped.add(member.key);
    spikes.push({
      key: candidate.key,
      words: group.slice(0, MAX_SPIKE_WORDS).map((g) => g.key.slice(5)),
      ...pick(candidate),
    });
  }
  return spikes;
}

function pick(candidate: { recent: CaseRecord[]; baseline: number }) {
  const cases = [...candidate.recent].sort((a, b) => b.openedAt.localeCompare(a.openedAt));
  return { cases, baseline: candidate.baseline };
}
