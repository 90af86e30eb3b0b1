import path from 'node:path';
import matter from 'gray-matter';
import { parseFrontMatter } from './front-matter';
import { splitBody } from './markdown-body';
import { renderPlaceholders, type OrgValues } from './organisation';
import type { Article, KbProblem, KbProblemCode, KbSeverity } from './types';

export interface ParseContext {
  org?: OrgValues;
}

export interface ArticleLink {
  id: string;
  line: number;
}

export interface ParsedArticle {
  article?: Article;
  /** `kb:` links found in the body, checked once every article is known. */
  links: ArticleLink[];
  problems: KbProblem[];
}

const FILE_NAME = /^(.+)\.([a-z]{2})\.md$/;
const KB_LINK = /\]\(kb:([^)\s]*)\)/g;
const PLATFORMS: ReadonlySet<string> = new Set([
  'windows',
  'macos',
  'linux',
  'ios',
  'android',
  'web',
  'chromeos',
]);
const MIN_EXAMPLES = 8;
const MAX_EXAMPLES = 40;
const MIN_STEPS = 3;
const MAX_STEPS = 8;

/** Parses one article file's text. Never throws: everything wrong becomes a problem. */
export function parseArticle(file: string, source: string, context: ParseContext): ParsedArticle {
  const problems: KbProblem[] = [];
  const report = (
    line: number,
    code: KbProblemCode,
    message: string,
    severity: KbSeverity = 'error',
  ): void => {
    problems.push({ file, line, severity, code, message });
  };
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const nameMatch = FILE_NAME.exec(path.basename(file));
  if (!nameMatch)
    report(1, 'file-name', 'file name must be <id>.<language>.md, e.g. wifi-cannot-connect.en.md');

  if (!text.startsWith('---\n') || !/\n---[ \t]*(\n|$)/.test(text.slice(3))) {
    report(1, 'front-matter', 'file must start with YAML front matter between two --- lines');
    return { links: [], problems };
  }
  // Options disable gray-matter's global cache; the engine is a no-op because `yaml` parses
  // the block below with line positions.
  const split = matter(text, { engines: { yaml: () => ({}) } });
  const front = parseFrontMatter(split.matter);
  for (const issue of front.issues) {
    const code = front.yamlError ? 'front-matter' : issue.field === 'examples' ? 'examples' : 'schema';
    report(issue.line, code, issue.message);
  }
  for (const unknown of front.unknownFields) {
    report(unknown.line, 'unknown-field', `unknown front matter field "${unknown.name}"`, 'warning');
  }
  const data = front.data;
  if (!data) return { links: [], problems };

  const fieldLine = (field: keyof typeof front.fieldLines): number => front.fieldLines[field] ?? 1;
  if (nameMatch && nameMatch[2] !== data.language) {
    report(
      fieldLine('language'),
      'language-mismatch',
      `language "${data.language}" does not match the file suffix ".${nameMatch[2]}.md"`,
    );
  }
  if (nameMatch && nameMatch[1] !== data.id) {
    report(fieldLine('id'), 'file-name', `id "${data.id}" does not match the file name "${nameMatch[1]}"`);
  }
  checkListSizes(data.examples.length, data.tags.length, fieldLine, report);
  for (const platform of data.platforms ?? []) {
    if (!PLATFORMS.has(platform)) {
      report(fieldLine('platforms'), 'platform', `unknown platform "${platform}"`, 'warning');
    }
  }

  const bodyStart = text.length - split.content.length;
  const bodyFirstLine = text.slice(0, bodyStart).split('\n').length;
  const body = splitBody(split.content, bodyFirstLine);
  if (body.stepsHeadingLine === undefined) {
    report(bodyFirstLine, 'no-steps', 'no "## Steps" heading (it stays in English in every language)');
  } else if (body.steps.length === 0) {
    report(body.stepsHeadingLine, 'no-steps', '"## Steps" must be followed by a numbered list (1. 2. 3.)');
  } else if (body.steps.length < MIN_STEPS || body.steps.length > MAX_STEPS) {
    const message = `${body.steps.length} steps; aim for ${MIN_STEPS}-${MAX_STEPS}`;
    report(body.stepsHeadingLine, 'step-count', message, 'warning');
  }
  for (const [index, step] of body.steps.entries()) {
    if (step.text === '') report(step.line, 'empty-step', `step ${index + 1} is empty`);
  }
  for (const n of data.faultSteps ?? []) {
    if (n > body.steps.length)
      report(
        fieldLine('faultSteps'),
        'schema',
        `faultSteps: step ${n} does not exist (${body.steps.length} steps)`,
      );
  }
  for (const { step } of data.startAt ?? []) {
    if (step > body.steps.length)
      report(
        fieldLine('startAt'),
        'schema',
        `startAt: step ${step} does not exist (${body.steps.length} steps)`,
      );
  }
  if (body.summary === '')
    report(bodyFirstLine, 'empty-summary', 'add one to three sentences before "## Steps"', 'warning');

  const render = (value: string, line: number): string => {
    const out = value.split('\n').map((part, offset) => {
      const rendered = renderPlaceholders(part, context.org, data.language);
      for (const name of rendered.unknown) {
        report(line + offset, 'unknown-placeholder', `unknown placeholder {{${name}}}`);
      }
      return rendered.text;
    });
    return out.join('\n');
  };
  const article: Article = {
    ...data,
    title: render(data.title, fieldLine('title')),
    summary: render(body.summary, body.summaryLine),
    steps: body.steps.map((step) => render(step.text, step.line)),
    closing: body.closing === undefined ? undefined : render(body.closing, body.closingLine ?? 1),
    file,
    lines: {
      fields: front.fieldLines,
      summary: body.summaryLine,
      steps: body.steps.map((step) => step.line),
      closing: body.closingLine,
    },
  };
  return { article, links: findLinks(split.content, bodyFirstLine), problems };
}

function checkListSizes(
  examples: number,
  tags: number,
  fieldLine: (field: 'examples' | 'tags') => number,
  report: (line: number, code: KbProblemCode, message: string, severity?: KbSeverity) => void,
): void {
  if (examples < MIN_EXAMPLES || examples > MAX_EXAMPLES) {
    const message = `${examples} examples; ${MIN_EXAMPLES}-${MAX_EXAMPLES} varied ones match users best`;
    report(fieldLine('examples'), 'examples', message, 'warning');
  }
  if (tags === 0) report(fieldLine('tags'), 'tags', 'no tags; add a few keywords users type', 'warning');
}

function findLinks(body: string, firstLine: number): ArticleLink[] {
  const links: ArticleLink[] = [];
  body.split('\n').forEach((line, offset) => {
    for (const match of line.matchAll(KB_LINK)) links.push({ id: match[1] ?? '', line: firstLine + offset });
  });
  return links;
}
