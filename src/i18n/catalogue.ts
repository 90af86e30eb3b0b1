import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { LANGUAGES, type Lang } from './languages';

export type Messages = Readonly<Record<string, string>>;
export type Vars = Readonly<Record<string, string | number>>;

export interface CatalogueProblem {
  file: string;
  problem: string;
}

export const catalogueSchema = z.record(z.string().min(1), z.string().min(1));
const PLACEHOLDER = /\{(\w+)\}/g;

/** UI strings in every language, loaded from `content/i18n/<lang>.yaml`. */
export class Catalogue {
  private constructor(private readonly messages: Record<Lang, Messages>) {}

  /** From already validated messages (the content loader checks keys and placeholders). */
  static fromMessages(messages: Readonly<Record<Lang, Messages>>): Catalogue {
    return new Catalogue({ ...messages });
  }

  /** Every key, in the order of the English file. */
  keys(): string[] {
    return Object.keys(this.messages.en);
  }

  static load(dir: string): Catalogue {
    const { catalogue, problems } = Catalogue.check(dir);
    if (!catalogue || problems.length > 0) {
      throw new Error(
        `UI strings are invalid:\n${problems.map((p) => `  ${p.file}: ${p.problem}`).join('\n')}`,
      );
    }
    return catalogue;
  }

  /** Validates every language file and that all share the same keys and placeholders. */
  static check(dir: string): { catalogue?: Catalogue; problems: CatalogueProblem[] } {
    const problems: CatalogueProblem[] = [];
    const loaded: Partial<Record<Lang, Messages>> = {};
    for (const lang of LANGUAGES) {
      const file = path.join(dir, `${lang}.yaml`);
      try {
        const parsed = catalogueSchema.safeParse(YAML.parse(fs.readFileSync(file, 'utf8')));
        if (parsed.success) loaded[lang] = parsed.data;
        else
          problems.push({
            file,
            problem: `not a map of non-empty strings (${parsed.error.issues[0]?.message})`,
          });
      } catch (err) {
        problems.push({ file, problem: `cannot be read: ${(err as Error).message}` });
      }
    }
    const reference = loaded.en;
    if (!reference) return { problems };
    for (const lang of LANGUAGES) {
      const messages = loaded[lang];
      if (!messages || lang === 'en') continue;
      problems.push(...compareWithReference(path.join(dir, `${lang}.yaml`), reference, messages));
    }
    if (problems.length > 0) return { problems };
    return { catalogue: new Catalogue(loaded as Record<Lang, Messages>), problems };
  }

  has(key: string): boolean {
    return key in this.messages.en;
  }

  /** The message in `lang` with `{placeholders}` filled; unknown keys are a programming error. */
  t(lang: Lang, key: string, vars: Vars = {}): string {
    const template = this.messages[lang][key] ?? this.messages.en[key];
    if (template === undefined) throw new Error(`Catalogue.t(): unknown message key "${key}"`);
    return template.replace(PLACEHOLDER, (whole, name: string) =>
      vars[name] === undefined ? whole : String(vars[name]),
    );
  }
}

export function placeholders(text: string): string {
  return [...text.matchAll(PLACEHOLDER)]
    .map((m) => m[1])
    .sort()
    .join(',');
}

function compareWithReference(file: string, reference: Messages, messages: Messages): CatalogueProblem[] {
  const problems: CatalogueProblem[] = [];
  for (const [key, text] of Object.entries(reference)) {
    const translated = messages[key];
    if (translated === undefined) problems.push({ file, problem: `missing key "${key}"` });
    else if (placeholders(translated) !== placeholders(text)) {
      problems.push({
        file,
        problem: `key "${key}" uses placeholders {${placeholders(translated)}}, en uses {${placeholders(text)}}`,
      });
    }
  }
  for (const key of Object.keys(messages)) {
    if (!(key in reference)) problems.push({ file, problem: `key "${key}" does not exist in en.yaml` });
  }
  return problems;
}
