import fs from 'node:fs';
import YAML from 'yaml';
import { z } from 'zod';
import { LANGUAGES, type Lang } from '../../i18n/languages';
import type { FlowProblem } from './flow-problems';

export const STRINGS_FILE = '_strings.yaml';

const PLACEHOLDER = /\{(\w+)\}/g;
export const flowStringsSchema = z.record(z.string().min(1), z.record(z.string(), z.string().min(1)));

/** Keys the engine uses; the check fails when one is missing, so a typo cannot reach users. */
export const REQUIRED_STRINGS = [
  'retry',
  'retry.number',
  'retry.numberAny',
  'retry.tooShort',
  'retry.tooLong',
  'yes',
  'no',
  'back.first',
  'resolved',
  'escalate',
  'escalate.noContacts',
  'ticket',
  'ticket.noContacts',
  'resume.question',
  'resume.continue',
  'resume.fresh',
  'resume.freshDone',
  'frustration.empathy',
  'newProblem.question',
  'newProblem.yes',
  'newProblem.no',
  'prefill.noted',
] as const;

/** The flow engine's own messages (content/flows/_strings.yaml), each in every language. */
export class FlowStrings {
  private constructor(private readonly messages: Readonly<Record<string, Record<Lang, string>>>) {}

  static load(file: string): FlowStrings {
    const { strings, problems } = FlowStrings.check(file);
    if (!strings)
      throw new Error(
        `flow strings are invalid:\n${problems.map((p) => `  ${p.file}: ${p.message}`).join('\n')}`,
      );
    return strings;
  }

  static check(file: string): { strings?: FlowStrings; problems: FlowProblem[] } {
    const problem = (message: string): FlowProblem => ({
      file,
      line: 1,
      severity: 'error',
      code: 'strings',
      message,
    });
    let raw: unknown;
    try {
      raw = YAML.parse(fs.readFileSync(file, 'utf8'));
    } catch (err) {
      return { problems: [problem(`cannot be read: ${(err as Error).message}`)] };
    }
    const parsed = flowStringsSchema.safeParse(raw);
    if (!parsed.success)
      return {
        problems: [problem(`not a map of {en, de, pl, ro} texts: ${parsed.error.issues[0]?.message}`)],
      };
    const problems: FlowProblem[] = [];
    for (const [key, texts] of Object.entries(parsed.data)) {
      const reference = placeholders(texts.en ?? '');
      for (const lang of LANGUAGES) {
        const text = texts[lang];
        if (text === undefined) problems.push(problem(`"${key}" has no ${lang} text`));
        else if (placeholders(text) !== reference) {
          problems.push(problem(`"${key}" in ${lang} uses {${placeholders(text)}}, en uses {${reference}}`));
        }
      }
    }
    for (const key of REQUIRED_STRINGS) if (!parsed.data[key]) problems.push(problem(`missing key "${key}"`));
    if (problems.length > 0) return { problems };
    return { strings: new FlowStrings(parsed.data as Record<string, Record<Lang, string>>), problems };
  }

  has(key: string): boolean {
    return key in this.messages;
  }

  t(lang: Lang, key: string, vars: Readonly<Record<string, string | number>> = {}): string {
    const texts = this.messages[key];
    if (!texts) throw new Error(`FlowStrings.t(): unknown key "${key}"`);
    return texts[lang].replace(PLACEHOLDER, (whole, name: string) =>
      vars[name] === undefined ? whole : String(vars[name]),
    );
  }
}

function placeholders(text: string): string {
  return [...text.matchAll(PLACEHOLDER)]
    .map((m) => m[1])
    .sort()
    .join(',');
}
