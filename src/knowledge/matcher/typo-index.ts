/**
 * Typo tolerance against the indexed vocabulary: symmetric single-deletion lookup
 * (every word and every query token is reduced by one character), verified with a
 * bounded Damerau-Levenshtein distance. Finds all edits at distance 1 and many at 2.
 */
export class TypoIndex {
  /** Words per deletion variant; most variants come from one word, kept without an array around it. */
  private readonly deletes = new Map<string, string | string[]>();
  private readonly memo = new Map<string, string>();

  constructor(private readonly frequency: ReadonlyMap<string, number>) {
    for (const word of frequency.keys()) {
      if (word.length < MIN_WORD) continue;
      for (const variant of deletions(word)) {
        const found = this.deletes.get(variant);
        if (found === undefined) this.deletes.set(variant, word);
        else if (typeof found === 'string') this.deletes.set(variant, [found, word]);
        else if (found.length < MAX_BUCKET) found.push(word);
      }
    }
  }

  has(word: string): boolean {
    return this.frequency.has(word);
  }

  /** The closest known word, or undefined when the word is known, too short or too far from all. */
  correct(word: string): string | undefined {
    if (word.length < MIN_QUERY_WORD || this.frequency.has(word) || /\d/.test(word)) return undefined;
    // Users repeat their typos; remember answers (bounded: the input is arbitrary).
    const cached = this.memo.get(word);
    if (cached !== undefined) return cached === '' ? undefined : cached;
    const best = this.search(word);
    if (this.memo.size >= MAX_MEMO) this.memo.clear();
    this.memo.set(word, best ?? '');
    return best;
  }

  private search(word: string): string | undefined {
    // Two edits only on long words: on short ones they reach unrelated words.
    const maxDistance = word.length >= 8 ? 2 : 1;
    const candidates = new Set<string>();
    addAll(this.deletes.get(word), candidates);
    for (const variant of deletions(word)) {
      if (this.frequency.has(variant) && variant.length >= MIN_WORD) candidates.add(variant);
      addAll(this.deletes.get(variant), candidates);
    }
    let best: string | undefined;
    let bestDistance = maxDistance + 1;
    let bestFrequency = 0;
    for (const candidate of candidates) {
      const distance = damerauLevenshtein(word, candidate, maxDistance);
      const frequency = this.frequency.get(candidate) ?? 0;
      if (distance < bestDistance || (distance === bestDistance && frequency > bestFrequency)) {
        best = candidate;
        bestDistance = distance;
        bestFrequency = frequency;
      }
    }
    return bestDistance <= maxDistance ? best : undefined;
  }
}

/** Shortest indexed word a correction may land on ("wifii" → "wifi"). */
const MIN_WORD = 4;
/**
 * Shortest typed word that is corrected. Four-letter strings are one edit away from too many
 * words: "asdf" or "hmmm" would always become something and make nonsense look like a question.
 */
const MIN_QUERY_WORD = 5;
const MAX_MEMO = 20_000;
// Buckets of very common deletion variants only grow the lookup cost; a few candidates suffice.
const MAX_BUCKET = 32;

function addAll(found: string | string[] | undefined, out: Set<string>): void {
  if (typeof found === 'string') out.add(found);
  else if (found) for (const w of found) out.add(w);
}

function deletions(word: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < word.length; i++) out.add(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** Optimal string alignment distance, giving up (returning max+1) once it exceeds `max`. */
export function damerauLevenshtein(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const cols = b.length + 1;
  let prev2 = new Array<number>(cols).fill(0);
  let prev = Array.from({ length: cols }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(cols).fill(0);
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (prev2[j - 2] ?? 0) + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[cols - 1] ?? max + 1;
}
