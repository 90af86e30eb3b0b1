import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { z } from 'zod';
import { LANGUAGES } from '../../i18n/languages';
import { AUDIENCES, type ArticleFrontMatter } from './types';

export const ARTICLE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be an ISO date such as 2026-11-15')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), 'is not a real date');
const text = z.string().trim().min(1, 'must not be empty');
const list = z.array(text);

export const frontMatterSchema = z.object({
  id: z.string().regex(ARTICLE_ID, 'must be kebab-case, e.g. wifi-cannot-connect'),
  title: text,
  language: z.enum(LANGUAGES),
  topic: text,
  tags: list,
  examples: list.min(1, 'needs at least one example'),
  audience: z.array(z.enum(AUDIENCES)).min(1, 'needs at least one audience'),
  owner: text,
  lastReviewed: isoDate,
  platforms: list.optional(),
  related: z.array(z.string().regex(ARTICLE_ID, 'must be an article id')).optional(),
  faultSteps: z
    .array(z.number().int().min(1, 'step numbers start at 1'))
    .refine((steps) => new Set(steps).size === steps.length, 'lists a step twice')
    .optional(),
  startAt: z
    .array(
      z.strictObject({
        step: z.number().int().min(1, 'step numbers start at 1'),
        when: list.min(1, 'needs at least one phrase'),
      }),
    )
    .optional(),
});

export const KNOWN_FIELDS: ReadonlySet<string> = new Set(Object.keys(frontMatterSchema.shape));

export interface FieldIssue {
  line: number;
  message: string;
  field?: string;
}

export interface ParsedFrontMatter {
  data?: ArticleFrontMatter;
  fieldLines: Partial<Record<keyof ArticleFrontMatter, number>>;
  /** Lines of sequence items, e.g. examples[3], for precise messages. */
  itemLines: Record<string, number[]>;
  issues: FieldIssue[];
  unknownFields: { name: string; line: number }[];
  yamlError: boolean;
}

/**
 * Parses the raw front matter block. `raw` must start right after the opening `---` so that
 * YAML line N is file line N.
 */
export function parseFrontMatter(raw: string): ParsedFrontMatter {
  const lineCounter = new LineCounter();
  const doc = parseDocument(raw, { lineCounter, prettyErrors: false });
  const lineOf = (offset: number | undefined): number =>
    offset === undefined ? 1 : lineCounter.linePos(offset).line;
  const result: ParsedFrontMatter = {
    fieldLines: {},
    itemLines: {},
    issues: [],
    unknownFields: [],
    yamlError: false,
  };
  if (doc.errors.length > 0) {
    result.yamlError = true;
    result.issues = doc.errors.map((e) => ({
      line: lineOf(e.pos[0]),
      message: e.message.split('\n')[0] ?? '',
    }));
    return result;
  }
  if (!isMap(doc.contents)) {
    result.issues.push({ line: 2, message: 'front matter must be a YAML mapping of fields' });
    return result;
  }
  for (const pair of doc.contents.items) {
    const keyNode = pair.key as Node | null;
    const name = String((keyNode as { value?: unknown } | null)?.value ?? '');
    const line = lineOf(keyNode?.range?.[0]);
    if (!KNOWN_FIELDS.has(name)) result.unknownFields.push({ name, line });
    else result.fieldLines[name as keyof ArticleFrontMatter] = line;
    const value = pair.value as Node | null;
    if (isSeq(value)) result.itemLines[name] = value.items.map((item) => lineOf((item as Node).range?.[0]));
  }
  const parsed = frontMatterSchema.safeParse(doc.toJS());
  if (parsed.success) result.data = parsed.data;
  else {
    for (const issue of parsed.error.issues) {
      const field = typeof issue.path[0] === 'string' ? issue.path[0] : undefined;
      const index = typeof issue.path[1] === 'number' ? issue.path[1] : undefined;
      const fieldLine = field ? result.fieldLines[field as keyof ArticleFrontMatter] : undefined;
      const itemLine = field && index !== undefined ? result.itemLines[field]?.[index] : undefined;
      const where = field ? `${field}${index !== undefined ? `[${index}]` : ''}` : 'front matter';
      const message =
        issue.code === 'invalid_type' && fieldLine === undefined ? 'is required' : issue.message;
      result.issues.push({ line: itemLine ?? fieldLine ?? 1, message: `${where}: ${message}`, field });
    }
  }
  return result;
}
