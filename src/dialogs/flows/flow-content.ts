import path from 'node:path';
import { loadKnowledgeBase, loadTaxonomy } from '../../knowledge/articles';
import type { Logger } from '../../logging';
import { checkFlows } from './check-flows';
import { FlowLibrary } from './flow-library';
import { formatFlowProblem, hasFlowErrors, sortFlowProblems, type FlowProblem } from './flow-problems';
import { checkFlowStrings, STRINGS_DIR, type FlowStrings } from './flow-strings';
import { loadFlows, type LoadedFlow } from './load-flows';

export interface FlowContentOptions {
  flowsDir: string;
  /** The engine's messages; default the catalogue in `<flowsDir>/strings`. */
  stringsDir?: string;
  /** The engine's messages when already loaded (the content loader); then nothing is read. */
  strings?: FlowStrings;
  /** content/taxonomy.yaml; topics are not checked when absent. */
  taxonomyFile?: string;
  /** The taxonomy's topics when already loaded (then taxonomyFile is not read). */
  topics?: ReadonlySet<string>;
  /** Known article ids; when absent and kbDir is given, read from the knowledge base. */
  articleIds?: ReadonlySet<string>;
  kbDir?: string;
  orgFile?: string;
}

export interface FlowContent {
  flows: LoadedFlow[];
  strings?: FlowStrings;
  problems: FlowProblem[];
}

/** Everything `firstline flows check` and start-up verify, in one pass. */
export function checkFlowContent(options: FlowContentOptions): FlowContent {
  const loaded = loadFlows(options.flowsDir);
  const problems = [...loaded.problems];
  const strings = options.strings
    ? { strings: options.strings, problems: [] }
    : checkFlowStrings(options.stringsDir ?? path.join(options.flowsDir, STRINGS_DIR));
  problems.push(...strings.problems);
  let topics = options.topics;
  if (!topics && options.taxonomyFile) {
    const taxonomy = loadTaxonomy(options.taxonomyFile);
    if (taxonomy.problems.length === 0) topics = new Set(taxonomy.taxonomy.topics.keys());
  }
  const articleIds = options.articleIds ?? readArticleIds(options);
  problems.push(...checkFlows(loaded.flows, { topics, articleIds }));
  return { flows: loaded.flows, strings: strings.strings, problems: sortFlowProblems(problems) };
}

function readArticleIds(options: FlowContentOptions): ReadonlySet<string> | undefined {
  if (!options.kbDir) return undefined;
  const kb = loadKnowledgeBase({
    kbDir: options.kbDir,
    taxonomyFile: options.taxonomyFile ?? path.join(options.kbDir, '..', 'taxonomy.yaml'),
    orgFile: options.orgFile ?? path.join(options.kbDir, '..', 'organisation.yaml'),
  });
  return new Set(kb.articles.map((a) => a.id));
}

export interface StartupFlows {
  library: FlowLibrary;
  strings: FlowStrings;
}

/**
 * Start-up's verdict on flows already read and checked (by the content loader). A broken flow
 * stops start-up, because a half-working diagnostic is worse than none; `skipInvalid`
 * (FLOWS_SKIP_INVALID) instead leaves broken flows out and logs every problem at error level.
 */
export function startupFlows(
  content: FlowContent,
  options: { skipInvalid: boolean; logger: Logger },
): StartupFlows {
  const { flows, strings, problems } = content;
  const errors = problems.filter((p) => p.severity === 'error');
  if (!strings)
    throw new Error(`flow strings are invalid:\n${errors.map((p) => formatFlowProblem(p)).join('\n')}`);
  if (hasFlowErrors(problems) && !options.skipInvalid) {
    throw new Error(
      `diagnostic flows have errors (run \`firstline flows check\`; FLOWS_SKIP_INVALID=true starts without them):\n` +
        errors.map((p) => `  ${formatFlowProblem(p)}`).join('\n'),
    );
  }
  const broken = new Set(errors.map((p) => path.resolve(p.file)));
  for (const problem of errors) {
    options.logger.error(
      { problem: formatFlowProblem(problem) },
      'BROKEN DIAGNOSTIC FLOW SKIPPED (FLOWS_SKIP_INVALID=true)',
    );
  }
  const usable = flows.filter((f) => !broken.has(path.resolve(f.file)));
  if (broken.size > 0) {
    options.logger.error(
      { skipped: flows.length - usable.length, loaded: usable.length },
      'some diagnostic flows are broken and were left out; fix them with `firstline flows check`',
    );
  }
  options.logger.info({ flows: usable.length }, 'diagnostic flows loaded');
  return { library: new FlowLibrary(usable.map((f) => f.definition)), strings };
}
