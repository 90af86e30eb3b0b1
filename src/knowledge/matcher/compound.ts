/**
 * Compound words: German glues nouns together ("Druckerwarteschlange", "Kennwortänderung"),
 * English writes some terms both ways ("shutdown" / "shut down"). Splitting against the
 * known vocabulary lets either spelling find the other.
 */
const MIN_PART = 4;
const MIN_COMPOUND = 2 * MIN_PART;

function known(part: string, vocabulary: ReadonlySet<string>): string | undefined {
  if (vocabulary.has(part)) return part;
  // German linking elements (Fugen-s, -n, -es, -en): "Anmeldungsproblem" = Anmeldung + Problem.
  for (const link of ['s', 'es', 'n', 'en']) {
    const base = part.slice(0, -link.length);
    if (part.endsWith(link) && base.length >= MIN_PART && vocabulary.has(base)) return base;
  }
  // A verb's stem as modifier: "Leserechte" = lesen + Rechte, "Schreibzugriff" = schreiben + Zugriff.
  for (const ending of ['n', 'en']) if (vocabulary.has(part + ending)) return part + ending;
  return undefined;
}

/**
 * Split a folded word into known parts, longest head (last part) first, at most three parts.
 * Returns [] when the word cannot be split into known words.
 */
const cache = new WeakMap<ReadonlySet<string>, Map<string, string[]>>();

/** How many words' splits are remembered per vocabulary (questions bring ever new words). */
const MAX_REMEMBERED = 50_000;

/**
 * splitCompound, remembered per vocabulary: indexing meets the same words again and again. Words
 * too short to split are answered without the memo.
 */
export function splitCompoundCached(word: string, vocabulary: ReadonlySet<string>): string[] {
  if (word.length < MIN_COMPOUND) return [];
  let memo = cache.get(vocabulary);
  if (!memo) cache.set(vocabulary, (memo = new Map()));
  let parts = memo.get(word);
  if (!parts) {
    parts = splitCompound(word, vocabulary);
    if (memo.size >= MAX_REMEMBERED) memo.clear();
    memo.set(word, parts);
  }
  return parts;
}

/**
 * German names a thing by the last part of a compound ("Besprechungsraum" is a room,
 * "Firmenausweis" a badge), and the modifier is often a word no article uses. When a German word
 * cannot be split into known parts, its longest known head still says what it is about; a plural
 * or case ending on the head ("…bildschirme", "…laufwerken") is taken off first.
 */
const MIN_HEAD = 5;
const MIN_MODIFIER = 3;
const GERMAN_ENDINGS = ['en', 'er', 'es', 'e', 'n', 's'];

export function germanHead(word: string, vocabulary: ReadonlySet<string>): string | undefined {
  for (let cut = MIN_MODIFIER; cut <= word.length - MIN_HEAD; cut++) {
    const head = word.slice(cut);
    if (vocabulary.has(head)) return head;
    for (const ending of GERMAN_ENDINGS) {
      const base = head.slice(0, -ending.length);
      if (head.endsWith(ending) && base.length >= MIN_HEAD && vocabulary.has(base)) return base;
    }
  }
  return undefined;
}

export function splitCompound(word: string, vocabulary: ReadonlySet<string>, depth = 0): string[] {
  if (word.length < MIN_COMPOUND || depth > 1) return [];
  for (let cut = MIN_PART; cut <= word.length - MIN_PART; cut++) {
    const head = word.slice(cut);
    if (!vocabulary.has(head)) continue;
    const modifier = word.slice(0, cut);
    const base = known(modifier, vocabulary);
    if (base) return [base, head];
    const inner = splitCompound(modifier, vocabulary, depth + 1);
    if (inner.length > 0) return [...inner, head];
  }
  return [];
}
