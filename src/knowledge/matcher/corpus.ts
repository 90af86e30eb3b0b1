import type { Lang } from '../../i18n/languages';
import type { FieldTokens } from './lexical-index';
import { foldedTokens, type Tokens } from './normalize';
import type { MatchDocument } from './types';

const BODY_CHARS = 6000;

export interface TokenizedCorpus {
  fields: FieldTokens[];
  /** Each example separately, per document (for the classifier). */
  examples: Tokens[][];
  /** How many texts use each folded word: the vocabulary for typo correction and compounds. */
  frequency: Map<string, number>;
  /** Which languages' documents use each word; lets the indexed content vote on the language. */
  languagesOfWord: Map<string, Lang[]>;
}

function concat(list: readonly Tokens[], maxWords = Infinity): Tokens {
  const words: string[] = [];
  const parts: string[] = [];
  for (const t of list) {
    if (words.length >= maxWords) break;
    words.push(...t.words);
    parts.push(...t.parts);
  }
  return { words, parts };
}

/** Tokenise every text once; the analysis and the vocabulary both work from these tokens. */
export function tokenizeCorpus(docs: readonly MatchDocument[]): TokenizedCorpus {
  const seen = new Map<string, { count: number; langs: Lang[] }>();
  const countList = (list: readonly string[], lang: Lang): void => {
    for (const word of list) {
      const entry = seen.get(word);
      if (!entry) seen.set(word, { count: 1, langs: [lang] });
      else {
        entry.count++;
        if (!entry.langs.includes(lang)) entry.langs.push(lang);
      }
    }
  };
  const count = (tokens: Tokens, lang: Lang): void => {
    countList(tokens.words, lang);
    countList(tokens.parts, lang);
  };
  const fields: FieldTokens[] = [];
  const examples: Tokens[][] = [];
  for (const doc of docs) {
    let budget = BODY_CHARS;
    const mine: Tokens[] = [];
    for (const example of doc.examples) {
      if (budget <= 0) break;
      mine.push(foldedTokens(example, budget));
      budget -= example.length + 1;
    }
    const field: FieldTokens = {
      language: doc.language,
      title: foldedTokens(doc.title),
      examples: concat(mine),
      tags: foldedTokens(doc.tags.join(', ')),
      body: foldedTokens(doc.body, BODY_CHARS),
    };
    for (const name of ['title', 'examples', 'tags', 'body'] as const) count(field[name], doc.language);
    fields.push(field);
    examples.push(mine);
  }
  const frequency = new Map<string, number>();
  const languagesOfWord = new Map<string, Lang[]>();
  for (const [word, entry] of seen) {
    frequency.set(word, entry.count);
    languagesOfWord.set(word, entry.langs);
  }
  return { fields, examples, frequency, languagesOfWord };
}
