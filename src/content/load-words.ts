import fs from 'node:fs';
import path from 'node:path';
import { LANGUAGES } from '../i18n/languages';
import { shippedWordLists, type LanguageWords, type WordLists } from '../words';
import { loadKind, type ContentPaths } from './content-kind';
import { WORDS } from './kinds';
import type { ContentProblem } from './yaml-file';

const LANGUAGE_FILE = /^([a-z]{2})\.ya?ml$/;

/**
 * The word lists of `<contentDir>/words`, one `<lang>.yaml` per language: every language the bot
 * speaks needs its file, and a further file is a further language's lists. A content folder
 * without a words folder (made before word lists were content) gets the shipped lists, with a
 * warning. `words` is undefined when a file is broken.
 */
export function loadWords(paths: ContentPaths): { words?: WordLists; problems: ContentProblem[] } {
  const dir = path.join(paths.contentDir, 'words');
  if (!fs.existsSync(dir)) {
    const message = 'no words folder: the shipped word lists apply (copy content/words to change them)';
    return { words: shippedWordLists(), problems: [{ file: dir, line: 1, severity: 'warning', message }] };
  }
  const loaded = loadKind(WORDS, paths);
  const problems = [...loaded.problems];
  const words: Record<string, LanguageWords> = {};
  for (const { file, value } of loaded.files) {
    const lang = LANGUAGE_FILE.exec(path.basename(file))?.[1];
    if (lang) words[lang] = value;
    else problems.push({ file, line: 1, severity: 'error', message: 'name it after its language: <lang>.yaml (de.yaml)' });
  }
  const present = new Set(
    WORDS.files(paths).flatMap((file) => LANGUAGE_FILE.exec(path.basename(file))?.[1] ?? []),
  );
  for (const lang of LANGUAGES.filter((l) => !present.has(l))) {
    const message = 'file is missing: every language FirstLine speaks needs its word lists';
    problems.push({ file: path.join(dir, `${lang}.yaml`), line: 1, severity: 'error', message });
  }
  return problems.length > 0 ? { problems } : { words, problems };
}
