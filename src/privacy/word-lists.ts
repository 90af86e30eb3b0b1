import { z } from 'zod';
import { LANGUAGES } from '../i18n/languages';

const perLang = z.object(Object.fromEntries(LANGUAGES.map((l) => [l, z.array(z.string().min(1))])));
export const keywordsSchema = z.object({
  password: perLang,
  strict: z.array(z.string().min(1)),
  connectors: perLang,
  'weak-connectors': perLang,
  qualifiers: perLang,
  account: perLang,
  key: perLang,
  units: perLang,
  numeric: z.array(z.string().min(1)),
  'ordinary-suffixes': perLang,
  'value-first-connectors': perLang,
  'as-words': perLang,
  'value-first-fillers': perLang,
  'compound-nouns': perLang,
});
export const commonWordsSchema = perLang;

/** Keyword data with every language merged: chat messages mix languages freely. */
export interface WordLists {
  passwordKeywords: string[];
  strictKeywords: Set<string>;
  connectors: string[];
  weakConnectors: string[];
  qualifiers: Set<string>;
  accountKeywords: string[];
  keyKeywords: string[];
  units: Set<string>;
  common: Set<string>;
  numericKeywords: Set<string>;
  ordinarySuffixes: string[];
  /** "X is my password": links from a value to the keyword after it. */
  valueFirstConnectors: string[];
  /** "typed X as the password". */
  asWords: string[];
  /** Words allowed between those links and the keyword ("my new"). */
  valueFirstFillers: string[];
  /** "password manager": after these the keyword names a thing, not a value. */
  compoundNouns: Set<string>;
}

export type PrivacyKeywords = z.infer<typeof keywordsSchema>;
export type CommonWords = z.infer<typeof commonWordsSchema>;

/** The redactor's lists from the validated keyword and common-word files. */
export function buildWordLists(keywords: PrivacyKeywords, common: CommonWords): WordLists {
  const merge = (byLang: Record<string, string[]>): string[] =>
    [...new Set(Object.values(byLang).flat().map(normaliseWord))].filter((w) => w.length > 0);
  return {
    passwordKeywords: merge(keywords.password),
    strictKeywords: new Set(keywords.strict.map(normaliseWord)),
    connectors: merge(keywords.connectors),
    weakConnectors: merge(keywords['weak-connectors']),
    qualifiers: new Set(merge(keywords.qualifiers)),
    accountKeywords: merge(keywords.account),
    keyKeywords: merge(keywords.key),
    units: new Set(merge(keywords.units)),
    common: new Set(merge(common)),
    numericKeywords: new Set(keywords.numeric.map(normaliseWord)),
    ordinarySuffixes: merge(keywords['ordinary-suffixes']),
    valueFirstConnectors: merge(keywords['value-first-connectors']),
    asWords: merge(keywords['as-words']),
    valueFirstFillers: merge(keywords['value-first-fillers']),
    compoundNouns: new Set(merge(keywords['compound-nouns'])),
  };
}

/** Lower case, straight apostrophes, and the apostrophe dropped so "doesn't" equals "doesnt". */
export function normaliseWord(word: string): string {
  return word.toLowerCase().replace(/[’']/g, '').trim();
}

/** A regex alternation that matches any of `phrases` as whole words, longest first. */
export function phraseAlternation(phrases: readonly string[]): string {
  return [...phrases]
    .sort((a, b) => b.length - a.length)
    .map((p) => escapeRegex(p).replace(/ /g, '\\s+'))
    .join('|');
}

export function escapeRegex(text: string): string {
  // `-` stays unescaped: the patterns use the u flag, where \- is a syntax error.
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
