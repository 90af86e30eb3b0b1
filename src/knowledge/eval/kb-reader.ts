import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { isLang } from '../../i18n/languages';
import type { MatchDocument } from '../matcher/types';

/**
 * A deliberately small reader of content/kb/<topic>/<id>.<lang>.md into MatchDocuments for the
 * evaluation and the match command. The product's loader (src/knowledge/articles) validates
 * articles fully; this only needs what the matcher reads and skips files it cannot use.
 */
export function readKbDocuments(dir: string): MatchDocument[] {
  const docs: MatchDocument[] = [];
  for (const file of markdownFiles(dir)) {
    const doc = toDocument(readFileSync(file, 'utf8'));
    if (doc) docs.push(doc);
  }
  return docs;
}

function markdownFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...markdownFiles(full));
    else if (name.endsWith('.md')) out.push(full);
  }
  return out;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Markdown to plain words: link targets, emphasis and placeholders carry nothing to match. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\{\{[^}]*\}\}/g, ' ')
    .replace(/[*_`#>]+/g, ' ');
}

function toDocument(source: string): MatchDocument | undefined {
  let parsed: matter.GrayMatterFile<string>;
  try {
    parsed = matter(source);
  } catch {
    return undefined;
  }
  const data = parsed.data as Record<string, unknown>;
  const { id, title, topic, language } = data;
  if (typeof id !== 'string' || typeof title !== 'string' || typeof topic !== 'string' || !isLang(language))
    return undefined;
  return {
    kind: 'article',
    id,
    topic,
    title,
    language,
    examples: strings(data.examples),
    tags: strings(data.tags),
    body: plainText(parsed.content),
  };
}
