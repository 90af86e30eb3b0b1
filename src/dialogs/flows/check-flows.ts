import { LANGUAGES } from '../../i18n/languages';
import { renderPlaceholders } from '../../knowledge/articles/organisation';
import { phraseWords } from '../choices';
import { canFinish, isCycle, nodeEdges, reachableFrom, stronglyConnected } from './flow-graph';
import {
  FACT_VALUES,
  STANDARD_FACTS,
  type FactName,
  type FlowDefinition,
  type FlowNode,
} from './flow-schema';
import type { FlowProblem, FlowProblemCode } from './flow-problems';
import { FLOW_PLACEHOLDERS } from './flow-prompts';
import type { LoadedFlow, YamlPath } from './load-flows';

export interface FlowReferences {
  /** Knowledge article ids; undefined skips the article check (no knowledge base at hand). */
  articleIds?: ReadonlySet<string>;
  /** Taxonomy topic ids; undefined skips the topic check. */
  topics?: ReadonlySet<string>;
}

const TRIGGERS_MIN = 6;
const TRIGGERS_MAX = 12;

/** Checks that need the whole set of flows and the content they point at. */
export function checkFlows(flows: readonly LoadedFlow[], refs: FlowReferences = {}): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const flowIds = new Map<string, LoadedFlow>();
  for (const flow of flows) {
    const other = flowIds.get(flow.definition.id);
    if (other) {
      problems.push(
        at(flow, ['id'], 'duplicate-id', `flow id "${flow.definition.id}" is also used by ${other.file}`),
      );
    } else flowIds.set(flow.definition.id, flow);
  }
  const forms = flows.filter((flow) => flow.definition.requestForm);
  for (const extra of forms.slice(1)) {
    const message = `only one flow can be the request form; ${forms[0]!.file} is one already`;
    problems.push(at(extra, ['requestForm'], 'duplicate-id', message));
  }
  for (const flow of flows) {
    problems.push(...checkGraph(flow), ...checkTranslations(flow), ...checkFacts(flow));
    problems.push(...checkPhrases(flow));
    problems.push(...checkReferences(flow, new Set(flowIds.keys()), refs));
  }
  return problems;
}

function at(
  flow: LoadedFlow,
  path: YamlPath,
  code: FlowProblemCode,
  message: string,
  severity: FlowProblem['severity'] = 'error',
): FlowProblem {
  return { file: flow.file, line: flow.lineOf(path), severity, code, message };
}

function checkGraph(flow: LoadedFlow): FlowProblem[] {
  const def = flow.definition;
  const problems: FlowProblem[] = [];
  if (!def.nodes[def.start]) {
    problems.push(at(flow, ['start'], 'unknown-node', `start node "${def.start}" does not exist`));
  }
  for (const [id, node] of Object.entries(def.nodes)) {
    for (const edge of nodeEdges(node)) {
      const where = ['nodes', id, ...edge.path];
      if (edge.target === undefined) {
        const message = `dead end: node "${id}" has no next node for ${edge.label}, so the conversation would stop without an outcome`;
        problems.push(
          at(flow, edge.path.length > 1 ? where.slice(0, -1) : ['nodes', id], 'dead-end', message),
        );
      } else if (!def.nodes[edge.target]) {
        problems.push(
          at(
            flow,
            where,
            'unknown-node',
            `node "${id}" (${edge.label}) points to unknown node "${edge.target}"`,
          ),
        );
      }
    }
    if (node.type === 'ticket') {
      node.request?.fields.forEach((field, i) => {
        const type = def.nodes[field.answer]?.type;
        if (type !== 'question' && type !== 'collect') {
          const message = `ticket "${id}" fills "${field.label}" from "${field.answer}", which is not a question or collect node in this flow`;
          problems.push(at(flow, ['nodes', id, 'request', 'fields', i, 'answer'], 'unknown-node', message));
        }
      });
    }
    if (node.type === 'branch') {
      node.cases.forEach((c, i) => {
        const answered = c.when.answer;
        if (answered !== undefined && def.nodes[answered]?.type !== 'question') {
          const message = `branch "${id}" tests the answer of "${answered}", which is not a question in this flow`;
          problems.push(at(flow, ['nodes', id, 'cases', i, 'when', 'answer'], 'unknown-node', message));
        }
      });
    }
  }
  const reachable = reachableFrom(def, def.start);
  for (const id of Object.keys(def.nodes)) {
    if (def.nodes[def.start] && !reachable.has(id)) {
      problems.push(
        at(flow, ['nodes', id], 'unreachable', `node "${id}" cannot be reached from start "${def.start}"`),
      );
    }
  }
  problems.push(...checkLoops(flow));
  return problems;
}

/** A cycle nothing leaves (towards an outcome) would keep the user going round forever. */
function checkLoops(flow: LoadedFlow): FlowProblem[] {
  const def = flow.definition;
  const finishing = canFinish(def);
  const problems: FlowProblem[] = [];
  for (const component of stronglyConnected(def)) {
    if (!isCycle(def, component) || component.some((id) => finishing.has(id))) continue;
    const first = component[0] as string;
    const message = `loop with no way out: ${[...component, first].join(' → ')} never reaches an outcome`;
    problems.push(at(flow, ['nodes', first], 'endless-loop', message));
  }
  return problems;
}

/** Every LocalText (a map with `en`) and the trigger lists must exist in all four languages. */
function checkTranslations(flow: LoadedFlow): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const visit = (value: unknown, path: (string | number)[]): void => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, [...path, i]));
      return;
    }
    if (typeof value === 'string') {
      const unknown = renderPlaceholders(value, undefined, 'en').unknown.filter(
        (name) => !(FLOW_PLACEHOLDERS as readonly string[]).includes(name),
      );
      if (unknown.length > 0) {
        const message = `${path.join('.')}: unknown placeholder${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `{{${u}}}`).join(', ')} (use {{org.<key>}} from content/organisation.yaml, or ${FLOW_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')})`;
        problems.push(at(flow, path, 'unknown-placeholder', message));
      }
      return;
    }
    if (!value || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    if ('en' in record) {
      const missing = LANGUAGES.filter((lang) => record[lang] === undefined);
      if (missing.length > 0) {
        const message = `${path.join('.')}: missing translation${missing.length > 1 ? 's' : ''} (${missing.join(', ')})`;
        problems.push(at(flow, path, 'missing-translation', message));
      }
    }
    for (const [key, child] of Object.entries(record)) visit(child, [...path, key]);
  };
  visit(flow.definition, []);
  for (const lang of LANGUAGES) {
    const count = flow.definition.triggers?.[lang]?.length ?? 0;
    if (count > 0 && (count < TRIGGERS_MIN || count > TRIGGERS_MAX)) {
      const message = `triggers.${lang} has ${count} phrases; ${TRIGGERS_MIN}-${TRIGGERS_MAX} match best`;
      problems.push(at(flow, ['triggers', lang], 'triggers', message, 'warning'));
    }
  }
  return problems;
}

function isStandardFact(name: string): name is FactName {
  return (STANDARD_FACTS as readonly string[]).includes(name);
}

function checkFacts(flow: LoadedFlow): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const known = STANDARD_FACTS.join(', ');
  const checkValues = (fact: FactName, values: string[], path: YamlPath): void => {
    const allowed = FACT_VALUES[fact];
    for (const value of values) {
      if (allowed && !allowed.includes(value)) {
        const message = `"${value}" is not a value of fact ${fact} (${allowed.join(', ')})`;
        problems.push(at(flow, path, 'unknown-fact-value', message));
      }
    }
  };
  for (const [id, node] of Object.entries(flow.definition.nodes)) {
    for (const { fact, path } of factsUsed(node)) {
      if (!isStandardFact(fact)) {
        problems.push(
          at(flow, ['nodes', id, ...path], 'unknown-fact', `unknown fact "${fact}" (known: ${known})`),
        );
        continue;
      }
      if (node.type === 'question' && node.input === 'choice') {
        checkValues(
          fact,
          node.options.map((o) => o.value),
          ['nodes', id, 'options'],
        );
      }
    }
    if (node.type === 'branch') {
      node.cases.forEach(({ when }, i) => {
        if (when.fact === undefined || !isStandardFact(when.fact)) return;
        const values = when.equals !== undefined ? [when.equals] : (when.in ?? []);
        checkValues(when.fact, values, ['nodes', id, 'cases', i, 'when']);
      });
    }
  }
  return problems;
}

function factsUsed(node: FlowNode): { fact: string; path: YamlPath }[] {
  if (node.type === 'question' && node.input === 'text' && node.prefillFrom) {
    const from = node.prefillFrom.map((fact, i) => ({ fact, path: ['prefillFrom', i] as YamlPath }));
    return node.fact === undefined ? from : [{ fact: node.fact, path: ['fact'] }, ...from];
  }
  if ((node.type === 'question' || node.type === 'collect') && node.fact !== undefined) {
    return [{ fact: node.fact, path: ['fact'] }];
  }
  if (node.type === 'branch') {
    return node.cases.flatMap((c, i) =>
      c.when.fact === undefined ? [] : [{ fact: c.when.fact, path: ['cases', i, 'when', 'fact'] }],
    );
  }
  return [];
}

/**
 * A synonym or pre-fill phrase two options of one question share could pick either: the
 * recogniser would refuse it and the author would not know why.
 */
function checkPhrases(flow: LoadedFlow): FlowProblem[] {
  const problems: FlowProblem[] = [];
  for (const [id, node] of Object.entries(flow.definition.nodes)) {
    if (node.type !== 'question' || node.input !== 'choice') continue;
    for (const field of ['synonyms', 'prefill'] as const) {
      const owner = new Map<string, string>();
      node.options.forEach((option, i) => {
        for (const lang of LANGUAGES) {
          (option[field]?.[lang] ?? []).forEach((phrase, j) => {
            const key = phraseWords(phrase)
              .map((w) => (w.gap ? '*' : `${w.word}${w.prefix ? '*' : ''}`))
              .join(' ');
            const other = owner.get(key);
            if (other !== undefined && other !== option.value) {
              const message = `${field} "${phrase}" of option "${option.value}" is also one of option "${other}"; it could mean either`;
              problems.push(
                at(flow, ['nodes', id, 'options', i, field, lang, j], 'ambiguous-phrase', message),
              );
            } else owner.set(key, option.value);
          });
        }
      });
    }
  }
  return problems;
}

function checkReferences(
  flow: LoadedFlow,
  flowIds: ReadonlySet<string>,
  refs: FlowReferences,
): FlowProblem[] {
  const def: FlowDefinition = flow.definition;
  const problems: FlowProblem[] = [];
  if (def.topic !== undefined && refs.topics && !refs.topics.has(def.topic)) {
    problems.push(at(flow, ['topic'], 'unknown-topic', `topic "${def.topic}" is not in the taxonomy`));
  }
  for (const [id, node] of Object.entries(def.nodes)) {
    if (node.type === 'article' && refs.articleIds && !refs.articleIds.has(node.article)) {
      const message = `node "${id}" walks through unknown article "${node.article}"`;
      problems.push(at(flow, ['nodes', id, 'article'], 'unknown-article', message));
    }
    if (node.type === 'goto' && !flowIds.has(node.flow)) {
      problems.push(
        at(flow, ['nodes', id, 'flow'], 'unknown-flow', `node "${id}" goes to unknown flow "${node.flow}"`),
      );
    }
  }
  return problems;
}
