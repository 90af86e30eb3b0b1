import fs from 'node:fs';
import path from 'node:path';
import { isLang, type Lang } from '../../i18n/languages';
import type { Taxonomy } from '../articles/taxonomy';
import { splitAnswer } from './answer-to-steps';
import {
  emptyReport,
  slugify,
  today,
  uniqueId,
  UNSORTED_TOPIC,
  writeDrafts,
  type ArticleDraft,
  type ImportReport,
} from './draft';

export interface MarkdownImportOptions {
  folder: string;
  outDir: string;
  /** Language of files without a `.<lang>.md` suffix. */
  language: Lang;
  taxonomy: Taxonomy;
  topic?: string;
  now?: Date;
}

const HEADING = /^#{1,6}\s+(.+?)\s*#*\s*$/;

/**
 * Imports plain Markdown how-tos (a heading, some text, a numbered list). The title comes
 * from the first heading and the steps from the first numbered list.
 */
export function importMarkdownFolder(options: MarkdownImportOptions): ImportReport {
  const report = emptyReport();
  const taken = new Set<string>();
  const drafts: ArticleDraft[] = [];
  for (const file of listMarkdown(options.folder)) {
    const draft = toDraft(file, options, report, taken);
    if (draft) drafts.push(draft);
  }
  writeDrafts(drafts, options.outDir, report);
  return report;
}

function toDraft(
  file: string,
  options: MarkdownImportOptions,
  report: ImportReport,
  taken: Set<string>,
): ArticleDraft | undefined {
  const text = fs
    .readFileSync(file, 'utf8')
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n');
  const lines = text.split('\n');
  const headingAt = lines.findIndex((line) => HEADING.test(line));
  if (headingAt === -1) {
    report.skipped.push({ source: file, reason: 'no heading to use as the title' });
    return undefined;
  }
  const title = HEADING.exec(lines[headingAt] ?? '')?.[1] ?? '';
  // Later headings inside the text are kept as bold lines: articles use headings structurally.
  const rest = lines
    .slice(headingAt + 1)
    .map((line) => line.replace(HEADING, '**$1**'))
    .join('\n');
  const split = splitAnswer(rest);
  if (!split.numbered) {
    report.skipped.push({ source: file, reason: 'no numbered list to use as steps' });
    return undefined;
  }
  const base = path.basename(file, '.md');
  const suffix = /\.([a-z]{2})$/.exec(base)?.[1];
  const language = suffix && isLang(suffix) ? suffix : options.language;
  const id = uniqueId(slugify(suffix && isLang(suffix) ? base.slice(0, -3) : base), taken);
  const note = (text: string): void => {
    report.review.push({ id, note: text });
  };
  const topic = folderTopic(file, options) ?? options.topic ?? UNSORTED_TOPIC;
  if (topic === UNSORTED_TOPIC)
    note(`no topic: choose one from content/taxonomy.yaml and move the file out of "${UNSORTED_TOPIC}/"`);
  note('only the title is an example question; add 8-40 ways users ask');
  return {
    id,
    title,
    language,
    topic,
    tags: topic === UNSORTED_TOPIC ? [] : (topic.split('.').pop() ?? '').split('-'),
    examples: [title],
    audience: ['employee'],
    owner: options.taxonomy.topics.get(topic)?.owner ?? 'service-desk',
    lastReviewed: today(options.now),
    summary: split.summary,
    steps: split.steps,
    closing: split.closing,
  };
}

/** A file in a folder named after a taxonomy topic (as in content/kb) keeps that topic. */
function folderTopic(file: string, options: MarkdownImportOptions): string | undefined {
  const folder = path.basename(path.dirname(file));
  return options.taxonomy.topics.has(folder) ? folder : undefined;
}

function listMarkdown(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listMarkdown(full));
    else if (
      entry.isFile() &&
      entry.name.toLowerCase().endsWith('.md') &&
      entry.name.toLowerCase() !== 'readme.md'
    )
      out.push(full);
  }
  return out;
}
