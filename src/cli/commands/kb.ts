import fs from 'node:fs';
import path from 'node:path';
import { isLang, type Lang } from '../../i18n/languages';
import { formatProblem, loadKnowledgeBase, loadTaxonomy, type KbProblem } from '../../knowledge/articles';
import {
  formatImportReport,
  importMarkdownFolder,
  importQna,
  type ImportReport,
} from '../../knowledge/import';

export const summary = 'knowledge base: check articles, import QnA Maker / Markdown, reload a running bot';

const USAGE = `Usage:
  firstline kb check [--kb <dir>] [--taxonomy <file>] [--org <file>] [--json]
  firstline kb import qna <export.tsv|export.json> --out <dir> [--language en] [--topic <topic>]
  firstline kb import markdown <folder> --out <dir> [--language en] [--topic <topic>]
  firstline kb reload [--url http://127.0.0.1:3978]   (uses ADMIN_TOKEN from the environment)`;

interface Flags {
  positional: string[];
  options: Map<string, string>;
  switches: Set<string>;
}

const VALUE_FLAGS = new Set(['--kb', '--taxonomy', '--org', '--out', '--language', '--topic', '--url']);

function parseFlags(args: string[]): Flags | string {
  const flags: Flags = { positional: [], options: new Map(), switches: new Set() };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (VALUE_FLAGS.has(arg)) {
      const value = args[++i];
      if (value === undefined) return `${arg} needs a value`;
      flags.options.set(arg, value);
    } else if (arg === '--json') flags.switches.add(arg);
    else if (arg.startsWith('--')) return `unknown option ${arg}`;
    else flags.positional.push(arg);
  }
  return flags;
}

/** Paths as the server resolves them (CONTENT_DIR, KB_DIR, ORG_CONFIG_FILE), overridable by flags. */
function contentPaths(flags: Flags): { kbDir: string; taxonomyFile: string; orgFile: string } {
  const contentDir = path.resolve(process.env.CONTENT_DIR || 'content');
  return {
    kbDir: path.resolve(flags.options.get('--kb') ?? (process.env.KB_DIR || path.join(contentDir, 'kb'))),
    taxonomyFile: path.resolve(flags.options.get('--taxonomy') ?? path.join(contentDir, 'taxonomy.yaml')),
    orgFile: path.resolve(
      flags.options.get('--org') ??
        (process.env.ORG_CONFIG_FILE || path.join(contentDir, 'organisation.yaml')),
    ),
  };
}

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const flags = parseFlags(rest);
  if (typeof flags === 'string') {
    console.error(`firstline kb: ${flags}\n${USAGE}`);
    return 2;
  }
  switch (sub) {
    case 'check':
      return check(flags);
    case 'import':
      return runImport(flags);
    case 'reload':
      return reload(flags);
    default:
      console.error(USAGE);
      return 2;
  }
}

function check(flags: Flags): number {
  const kb = loadKnowledgeBase(contentPaths(flags));
  const errors = kb.problems.filter((p) => p.severity === 'error');
  const warnings = kb.problems.filter((p) => p.severity === 'warning');
  if (flags.switches.has('--json')) {
    console.log(
      JSON.stringify({
        ok: errors.length === 0,
        articles: kb.articles.length,
        errors: errors.length,
        warnings: warnings.length,
        problems: kb.problems,
      }),
    );
  } else {
    for (const problem of kb.problems)
      (problem.severity === 'error' ? console.error : console.log)(formatProblem(problem));
    console.log(
      `${kb.articles.length} article(s) loaded, ${errors.length} error(s), ${warnings.length} warning(s)`,
    );
  }
  return errors.length === 0 ? 0 : 1;
}

function runImport(flags: Flags): number {
  const [kind, source] = flags.positional;
  const out = flags.options.get('--out');
  const language = flags.options.get('--language') ?? 'en';
  if ((kind !== 'qna' && kind !== 'markdown') || !source || !out) {
    console.error(USAGE);
    return 2;
  }
  if (!isLang(language)) {
    console.error('firstline kb import: --language must be one of en, de, pl, ro');
    return 2;
  }
  const { taxonomy } = loadTaxonomy(contentPaths(flags).taxonomyFile);
  const topic = flags.options.get('--topic');
  if (topic !== undefined && !taxonomy.topics.has(topic)) {
    console.error(`firstline kb import: --topic "${topic}" is not in the taxonomy`);
    return 2;
  }
  const outDir = path.resolve(out);
  let report: ImportReport;
  try {
    report = importFrom(kind, path.resolve(source), { outDir, language, taxonomy, topic });
  } catch (err) {
    console.error(`firstline kb import: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  const text = formatImportReport(report, outDir);
  fs.mkdirSync(outDir, { recursive: true });
  // The leading underscore keeps the report out of the knowledge base loader.
  fs.writeFileSync(path.join(outDir, '_import-report.md'), text, 'utf8');
  console.log(text);
  return 0;
}

function importFrom(
  kind: 'qna' | 'markdown',
  source: string,
  options: {
    outDir: string;
    language: Lang;
    taxonomy: ReturnType<typeof loadTaxonomy>['taxonomy'];
    topic?: string;
  },
): ImportReport {
  return kind === 'qna'
    ? importQna({ file: source, ...options })
    : importMarkdownFolder({ folder: source, ...options });
}

async function reload(flags: Flags): Promise<number> {
  const token = process.env.ADMIN_TOKEN;
  if (!token) {
    console.error('firstline kb reload: set ADMIN_TOKEN to the running bot’s admin token');
    return 2;
  }
  const base = (flags.options.get('--url') ?? `http://127.0.0.1:${process.env.PORT || 3978}`).replace(
    /\/+$/,
    '',
  );
  let res: Response;
  try {
    res = await fetch(`${base}/api/admin/kb/reload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
  } catch (err) {
    console.error(
      `firstline kb reload: cannot reach ${base}: ${err instanceof Error ? err.message : String(err)}`,
    );
    return 1;
  }
  const body = (await res.json().catch(() => ({}))) as {
    articles?: number;
    warnings?: number;
    error?: { message?: string };
    errors?: (KbProblem & { text?: string })[];
  };
  if (res.ok) {
    console.log(`reloaded: ${body.articles ?? '?'} article(s), ${body.warnings ?? 0} warning(s)`);
    return 0;
  }
  console.error(`firstline kb reload: ${res.status} ${body.error?.message ?? res.statusText}`);
  for (const problem of body.errors ?? []) console.error(problem.text ?? problem.message);
  return 1;
}
