import { foldText } from '../../i18n/language-names';

const ENTITIES: Readonly<Record<string, string>> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

/**
 * The text of a message that carries markup: Teams and some clients send HTML, users paste from
 * web pages and mail (`<p style="font-family:Segoe UI">the VPN guide was useless</p>`). The tags'
 * names and attributes are not words the user said; without this they counted against the length
 * of a remark and were read as its subject.
 */
export function withoutMarkup(text: string): string {
  if (!/[<&]/.test(text)) return text;
  return text
    .replace(/<\/?[a-z][^<>]*>/gi, ' ')
    .replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]+);/gi, (whole, name: string) => {
      const code =
        name.startsWith('#x') || name.startsWith('#X')
          ? parseInt(name.slice(2), 16)
          : name.startsWith('#')
            ? Number(name.slice(1))
            : undefined;
      if (code !== undefined) return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/** Lower case, no diacritics (ß → ss), no apostrophes, no markup; the words of the text. */
export function words(text: string): string[] {
  return foldText(withoutMarkup(text))
    .replace(/ß/g, 'ss')
    .replace(/['’`]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/**
 * A phrase as written in content: words, compared whole. A trailing `*` on the last word matches
 * any ending (Polish and Romanian inflect: "bezuzyteczn*" is "bezużyteczne" and "bezużyteczny").
 */
export class Phrase {
  private readonly parts: string[];
  private readonly stem: boolean;

  constructor(readonly written: string) {
    this.stem = written.trim().endsWith('*');
    this.parts = words(written.replace(/\*$/, ''));
  }

  get length(): number {
    return this.parts.length;
  }

  /** The first word as written (without the `*`). */
  get first(): string | undefined {
    return this.parts[0];
  }

  /** A one-word phrase ending in `*`: a word matches it when it starts with `first`. */
  get isOneStem(): boolean {
    return this.stem && this.parts.length === 1;
  }

  /** True when the phrase starts at `at` in `text`. */
  matchesAt(text: readonly string[], at: number): boolean {
    if (this.parts.length === 0 || at + this.parts.length > text.length) return false;
    return this.parts.every((part, i) => {
      const word = text[at + i]!;
      const last = i === this.parts.length - 1;
      return last && this.stem ? word.startsWith(part) : word === part;
    });
  }
}

/** Phrases longest first, so "thank you" is tried before "thank". */
export function phraseList(written: readonly string[]): Phrase[] {
  return written
    .map((w) => new Phrase(w))
    .filter((p) => p.length > 0)
    .sort((a, b) => b.length - a.length);
}

/**
 * A list's phrases by their first word, so that a message is checked against the phrases that
 * could start at each of its words instead of every phrase at every word (the lists of IT words
 * and out-of-scope areas are long, and every message is checked against them).
 */
interface PhraseIndex {
  byFirst: Map<string, Phrase[]>;
  /** One-word phrases ending in `*`, matched by prefix. */
  stems: Phrase[];
}

/** Built once per list: the lists are made once from content and never changed. */
const indexes = new WeakMap<readonly Phrase[], PhraseIndex>();

function indexOf(list: readonly Phrase[]): PhraseIndex {
  let index = indexes.get(list);
  if (index) return index;
  index = { byFirst: new Map(), stems: [] };
  for (const phrase of list) {
    const first = phrase.first;
    if (first === undefined) continue;
    if (phrase.isOneStem) index.stems.push(phrase);
    else index.byFirst.set(first, [...(index.byFirst.get(first) ?? []), phrase]);
  }
  indexes.set(list, index);
  return index;
}

/** True when any of the phrases occurs in the words. */
export function mentionsAny(text: readonly string[], list: readonly Phrase[]): boolean {
  const { byFirst, stems } = indexOf(list);
  for (let at = 0; at < text.length; at += 1) {
    const word = text[at]!;
    if (byFirst.get(word)?.some((p) => p.matchesAt(text, at))) return true;
    if (stems.some((p) => word.startsWith(p.first!))) return true;
  }
  return false;
}

/** Marks the words that the phrases cover. */
export function coveredBy(text: readonly string[], list: readonly Phrase[]): boolean[] {
  const covered = text.map(() => false);
  for (const phrase of list) {
    for (let at = 0; at < text.length; at += 1) {
      if (!phrase.matchesAt(text, at)) continue;
      for (let i = 0; i < phrase.length; i += 1) covered[at + i] = true;
    }
  }
  return covered;
}
