import path from 'node:path';
import { LANGUAGES, type Lang } from '../i18n/languages';
import { placeholders, type Messages } from '../i18n/catalogue';
import type { LoadedFile } from './content-kind';
import type { ContentProblem } from './yaml-file';

/**
 * The checks every message catalogue (UI, flow and privacy strings) passes: each language has
 * the keys of en.yaml with the same {placeholders}, and the keys code needs exist.
 */
export function checkCatalogueFiles(
  files: Readonly<Record<Lang, LoadedFile<Messages>>>,
  required: readonly string[] = [],
): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const reference = files.en;
  const at = (loaded: LoadedFile<Messages>, key: string, message: string): ContentProblem => ({
    file: loaded.file,
    line: loaded.lineOf([key]),
    severity: 'error',
    message,
  });
  for (const key of required) {
    if (!(key in reference.value)) problems.push(at(reference, key, `missing key "${key}" (code uses it)`));
  }
  for (const lang of LANGUAGES) {
    const loaded = files[lang];
    if (lang === 'en') continue;
    for (const [key, text] of Object.entries(reference.value)) {
      const translated = loaded.value[key];
      if (translated === undefined) {
        const where = `${path.basename(reference.file)} line ${reference.lineOf([key])}`;
        problems.push(at(loaded, key, `missing key "${key}" (${where})`));
      } else if (placeholders(translated) !== placeholders(text)) {
        const message = `key "${key}" uses placeholders {${placeholders(translated)}}, en uses {${placeholders(text)}}`;
        problems.push(at(loaded, key, message));
      }
    }
    for (const key of Object.keys(loaded.value)) {
      if (!(key in reference.value)) problems.push(at(loaded, key, `key "${key}" does not exist in en.yaml`));
    }
  }
  return problems;
}
