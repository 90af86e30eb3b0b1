import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { languageWordsSchema, type LanguageWords, type WordLists } from './word-lists';

/** content/words of this installation (the same relative place from src/ and dist/). */
export const SHIPPED_WORDS_DIR = path.resolve(__dirname, '..', '..', 'content', 'words');

let shipped: WordLists | undefined;

/**
 * The word lists shipped with FirstLine, read once: the default of the recognisers' `words`
 * parameter for callers without a content folder (tools, unit tests), and what a CONTENT_DIR
 * without a words folder gets. The app passes the lists of its CONTENT_DIR (src/content checks
 * them with file and line), so a copy of the content changes what is recognised.
 */
export function shippedWordLists(): WordLists {
  if (!shipped) {
    const lists: Record<string, LanguageWords> = {};
    for (const name of fs.readdirSync(SHIPPED_WORDS_DIR).filter((f) => /^[a-z]{2}\.yaml$/.test(f))) {
      const file = path.join(SHIPPED_WORDS_DIR, name);
      lists[name.slice(0, 2)] = languageWordsSchema.parse(YAML.parse(fs.readFileSync(file, 'utf8')));
    }
    shipped = lists;
  }
  return shipped;
}
