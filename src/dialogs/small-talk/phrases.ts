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

  /** True when the phrase starts at `at` in `text`. */
  matchesAt(text: readonly string[], at: number): boolean {
    if (this.parts.length === 0 || at + this.parts.length > text.length) return false;
    return this.parts.every((part, i) => {
      const word = text[at + i]!;
      const last = i === this.parts.length - 1;
      return last && this.stem ? word.startsWith(part) : word === part;
    });
  }

  /** Where the phrase occurs in `text`, or -1. */
  indexIn(text: readonly string[]): number {
    for (let at = 0; at < text.length; at += 1) if (this.matchesAt(text, at)) return at;
    return -1;
  }
}

/** Phrases longest first, so "thank you" is tried before "thank". */
export function phraseList(written: readonly string[]): Phrase[] {
  return written
    .map((w) => new Phrase(w))
    .filter((p) => p.length > 0)
    .sort((a, b) => b.length - a.length);
}

/** True when any of the phrases occurs in the words. */
export function mentionsAny(text: readonly string[], list: readonly Phrase[]): boolean {
  return list.some((p) => p.indexIn(text) >= 0);
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
