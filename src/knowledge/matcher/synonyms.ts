import { z } from 'zod';
import { LANGUAGES, type Lang } from '../../i18n/languages';
import { cleanText, foldDiacritics, tokenize } from './normalize';
import { stem } from './stemmer';

const termList = z.array(z.string().min(1)).default([]);

export const synonymGroupSchema = z.object({
  concept: z.string().regex(/^[a-z0-9-]+$/),
  any: termList,
  en: termList,
  de: termList,
  pl: termList,
  ro: termList,
});
export const synonymFileSchema = z.object({ groups: z.array(synonymGroupSchema) });
export type SynonymGroup = z.input<typeof synonymGroupSchema>;

/** The longest synonym phrase, in words, that the matcher looks for. */
export const MAX_PHRASE_WORDS = 4;

/** Lookup tables: folded surface phrases (any language) and stemmed phrases per language. */
export interface SynonymTable {
  surface: Map<string, string[]>;
  stems: Record<Lang, Map<string, string[]>>;
  /** First words of surface phrases and of stemmed phrases: most words start none, so lookups stop early. */
  surfaceFirst: Set<string>;
  stemFirst: Record<Lang, Set<string>>;
  /** Proper prefixes (first 1..n-1 words) of multi-word phrases: whether a longer match is possible. */
  surfacePrefixes: Set<string>;
  stemPrefixes: Record<Lang, Set<string>>;
}

function phraseWords(term: string): string[] {
  return tokenize(cleanText(term)).words.map(foldDiacritics);
}

function add(map: Map<string, string[]>, key: string, concept: string): void {
  const list = map.get(key);
  if (!list) map.set(key, [concept]);
  else if (!list.includes(concept)) list.push(concept);
}

function addPrefixes(set: Set<string>, words: readonly string[]): void {
  for (let n = 1; n < words.length; n++) set.add(words.slice(0, n).join(' '));
}

export function buildSynonymTable(groups: readonly SynonymGroup[]): SynonymTable {
  const table: SynonymTable = {
    surface: new Map(),
    stems: { en: new Map(), de: new Map(), pl: new Map(), ro: new Map() },
    surfaceFirst: new Set(),
    stemFirst: { en: new Set(), de: new Set(), pl: new Set(), ro: new Set() },
    surfacePrefixes: new Set(),
    stemPrefixes: { en: new Set(), de: new Set(), pl: new Set(), ro: new Set() },
  };
  for (const raw of groups) {
    const group = synonymGroupSchema.parse(raw);
    const perLang: Array<[Lang[], string[]]> = [[[...LANGUAGES], group.any]];
    for (const lang of LANGUAGES) perLang.push([[lang], group[lang]]);
    for (const [langs, terms] of perLang) {
      for (const term of terms) {
        const words = phraseWords(term);
        if (words.length === 0 || words.length > MAX_PHRASE_WORDS) continue;
        add(table.surface, words.join(' '), group.concept);
        table.surfaceFirst.add(words[0] ?? '');
        addPrefixes(table.surfacePrefixes, words);
        for (const lang of langs) {
          const stems = words.map((w) => stem(w, lang));
          add(table.stems[lang], stems.join(' '), group.concept);
          table.stemFirst[lang].add(stems[0] ?? '');
          addPrefixes(table.stemPrefixes[lang], stems);
        }
      }
    }
  }
  return table;
}
