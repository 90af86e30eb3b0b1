import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import type { Lang } from '../../i18n/languages';
import type { Audience } from '../articles/types';

/** An article produced by an importer, before it is written in the article format. */
export interface ArticleDraft {
  id: string;
  title: string;
  language: Lang;
  /** A taxonomy topic, or UNSORTED_TOPIC when a human has to choose one. */
  topic: string;
  tags: string[];
  examples: string[];
  audience: Audience[];
  owner: string;
  lastReviewed: string;
  related?: string[];
  summary: string;
  steps: string[];
  closing?: string;
}

export const UNSORTED_TOPIC = 'unsorted';

export interface ImportReport {
  written: { id: string; file: string; title: string }[];
  /** Things a person must look at before the articles go live. */
  review: { id: string; note: string }[];
  skipped: { source: string; reason: string }[];
}

export function emptyReport(): ImportReport {
  return { written: [], review: [], skipped: [] };
}

/** Serialises a draft in the article format of docs/authoring-knowledge.md. */
export function renderDraft(draft: ArticleDraft): string {
  const front: Record<string, unknown> = {
    id: draft.id,
    title: draft.title,
    language: draft.language,
    topic: draft.topic,
    tags: draft.tags,
    examples: draft.examples,
    audience: draft.audience,
    owner: draft.owner,
    lastReviewed: draft.lastReviewed,
  };
  if (draft.related && draft.related.length > 0) front.related = draft.related;
  const yamlText = stringify(front, { lineWidth: 0 }).trimEnd();
  const steps = draft.steps.map((step, index) => `${index + 1}. ${indentContinuation(step)}`).join('\n');
  const parts = [`---\n${yamlText}\n---`, draft.summary, `## Steps\n${steps}`];
  if (draft.closing) parts.push(`## If this didn't help\n${draft.closing}`);
  return `${parts.filter((part) => part !== '').join('\n\n')}\n`;
}

function indentContinuation(step: string): string {
  return step
    .split('\n')
    .map((line, index) => (index === 0 || line === '' ? line : `   ${line}`))
    .join('\n');
}

/**
 * Writes drafts as `<outDir>/<topic>/<id>.<lang>.md`. Existing files are never overwritten, so
 * a second import cannot destroy edits made since the first.
 */
export function writeDrafts(drafts: ArticleDraft[], outDir: string, report: ImportReport): void {
  for (const draft of drafts) {
    const file = path.join(outDir, draft.topic, `${draft.id}.${draft.language}.md`);
    if (fs.existsSync(file)) {
      report.skipped.push({ source: draft.id, reason: `${file} already exists` });
      continue;
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, renderDraft(draft), 'utf8');
    report.written.push({ id: draft.id, file, title: draft.title });
  }
}

/** ASCII kebab-case id from any title, e.g. "Wie ändere ich mein Passwort?" → wie-andere-ich-mein-passwort. */
export function slugify(text: string, maxLength = 60): string {
  const folded = text
    .replace(/[łŁ]/g, 'l')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (folded.length <= maxLength) return folded || 'article';
  const cut = folded.slice(0, maxLength);
  return cut.slice(0, cut.lastIndexOf('-') > 20 ? cut.lastIndexOf('-') : maxLength).replace(/-+$/, '');
}

/** Makes ids unique within one import by appending -2, -3... */
export function uniqueId(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

export function today(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
