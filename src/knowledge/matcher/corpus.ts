import { LANGUAGES, type Lang } from '../../i18n/languages';
import type { FieldTokens } from './lexical-index';
import { foldDiacritics, tokenize } from './normalize';
import type { IdTokens, WordLookup } from './term-analyzer';
import type { MatchDocument } from './types';

const BODY_CHARS = 6000;
const MAX_TEXT_CHARS = 2000;
const LANG_BIT = Object.fromEntries(LANGUAGES.map((l, i) => [l, 1 << i])) as Record<Lang, number>;

/**
 * Every distinct token of the collection gets an id, so that the analysis can remember its
 * work per id instead of hashing each occurrence again.
 */
export class WordTable implements WordLookup {
  private readonly ids = new Map<string, number>();
  readonly folded: string[] = [];
  private readonly counts: number[] = [];
  private readonly langs: number[] = [];

  intern(token: string, lang: Lang): number {
    let id = this.ids.get(token);
    if (id === undefined) {
      id = this.folded.length;
      this.ids.set(token, id);
      this.folded.push(foldDiacritics(token));
      this.counts.push(0);
      this.langs.push(0);
    }
    this.counts[id] = (this.counts[id] ?? 0) + 1;
    this.langs[id] = (this.langs[id] ?? 0) | LANG_BIT[lang];
    return id;
  }

  /** How often each folded word occurs: the vocabulary for typo correction and compounds. */
  frequency(): Map<string, number> {
    const out = new Map<string, number>();
    this.folded.forEach((w, id) => out.set(w, (out.get(w) ?? 0) + (this.counts[id] ?? 0)));
    return out;
  }

  /** Which languages' documents use each folded word; lets the indexed content vote on the language. */
  languagesOfWords(): Map<string, readonly Lang[]> {
    const masks = new Map<string, number>();
    this.folded.forEach((w, id) => masks.set(w, (masks.get(w) ?? 0) | (this.langs[id] ?? 0)));
    // One list per combination of languages, shared by its words (four languages: at most 15).
    const lists = new Map<number, Lang[]>();
    const out = new Map<string, readonly Lang[]>();
    for (const [w, mask] of masks) {
      let langs = lists.get(mask);
      if (!langs) lists.set(mask, (langs = LANGUAGES.filter((_, i) => (mask & (1 << i)) !== 0)));
      out.set(w, langs);
    }
    return out;
  }
}

export interface TokenizedCorpus {
  table: WordTable;
  fields: FieldTokens[];
  /** Each example separately, per document (for the classifier). */
  examples: IdTokens[][];
}

function concat(list: readonly IdTokens[]): IdTokens {
  const words: number[] = [];
  const parts: number[] = [];
  for (const t of list) {
    for (const id of t.words) words.push(id);
    for (const id of t.parts) parts.push(id);
  }
  return { words: Int32Array.from(words), parts: Int32Array.from(parts) };
}

function internAll(table: WordTable, tokens: readonly string[], lang: Lang): Int32Array {
  const ids = new Int32Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) ids[i] = table.intern(tokens[i] ?? '', lang);
  return ids;
}

/** Tokenise every text once; the analysis and the vocabulary both work from these ids. */
export function tokenizeCorpus(docs: readonly MatchDocument[]): TokenizedCorpus {
  const table = new WordTable();
  const ids = (text: string, lang: Lang, maxChars = MAX_TEXT_CHARS): IdTokens => {
    // Lower-casing is all the cleaning tokens need: the scanner skips control characters and
    // folding unifies the Romanian cedilla forms.
    const tokens = tokenize((text.length > maxChars ? text.slice(0, maxChars) : text).toLowerCase());
    return { words: internAll(table, tokens.words, lang), parts: internAll(table, tokens.parts, lang) };
  };
  const fields: FieldTokens[] = [];
  const examples: IdTokens[][] = [];
  for (const doc of docs) {
    const lang = doc.language;
    let budget = BODY_CHARS;
    const mine: IdTokens[] = [];
    for (const example of doc.examples) {
      if (budget <= 0) break;
      mine.push(ids(example, lang, budget));
      budget -= example.length + 1;
    }
    fields.push({
      language: lang,
      title: ids(doc.title, lang),
      examples: concat(mine),
      tags: ids(doc.tags.join(', '), lang),
      body: ids(doc.body, lang, BODY_CHARS),
    });
    examples.push(mine);
  }
  return { table, fields, examples };
}
