import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { cannedRepliesSchema } from '../console/api/canned-replies';
import { checkFlowContent, type FlowContent } from '../dialogs/flows/flow-content';
import { REQUIRED_STRINGS } from '../dialogs/flows/flow-strings';
import type { SmallTalkContent, SmallTalkFile } from '../dialogs/small-talk/small-talk-content';
import type { SupportConfig } from '../handoff/support-config';
import type { SlaConfig } from '../sla/sla-config';
import { Catalogue, type Messages } from '../i18n/catalogue';
import { LANGUAGES } from '../i18n/languages';
import { loadKnowledgeBase, type LoadedKnowledgeBase } from '../knowledge/articles/load-knowledge-base';
import type { OrgValues } from '../knowledge/articles/organisation';
import { EMPTY_TAXONOMY, toTaxonomy, type Taxonomy } from '../knowledge/articles/taxonomy';
import type { SynonymGroup } from '../knowledge/matcher/synonyms';
import type { GapTermsFile } from '../gaps/gap-terms';
import { PRIVACY_MESSAGE_KEYS, type PrivacyContent } from '../privacy/messages';
import { buildWordLists } from '../privacy/word-lists';
import { MAIL_TEMPLATE_PLACEHOLDERS, unknownPlaceholders, type MailTemplateName, type MailTemplates } from '../mail/templates';
import type { Lang } from '../i18n/languages';
import type { WordLists as LanguageWordLists } from '../words';
import { checkCatalogueFiles } from './catalogue-check';
import { loadWords } from './load-words';
import { byLanguage, defaultContentPaths, loadKind, type ContentKind, type ContentPaths, type LoadedFile } from './content-kind';
import * as kinds from './kinds';
import type { ContentProblem } from './yaml-file';
import { taxonomyTeamProblems } from './taxonomy-teams-check';

/** Everything FirstLine reads from CONTENT_DIR, validated, in one object. */
export interface Content {
  paths: ContentPaths;
  catalogue: Catalogue;
  /** The flow engine's messages (content/flows/strings), same format as the UI strings. */
  flowStrings: Catalogue;
  organisation?: OrgValues;
  taxonomy: Taxonomy;
  /** Articles with their own problems (broken ones are left out; serving goes on). */
  knowledge: LoadedKnowledgeBase;
  /** Flows with their own problems (start-up decides, with FLOWS_SKIP_INVALID). */
  flows: FlowContent;
  /** Undefined when CONTENT_DIR has no small-talk folder (small talk is off). */
  smallTalk?: SmallTalkContent;
  /** Undefined when the support file is absent (hand-over needs it). */
  support?: SupportConfig;
  /** support.yaml's `sla` section; undefined when it sets no service-level targets. */
  sla?: SlaConfig;
  cannedReplies: z.infer<typeof cannedRepliesSchema>['replies'];
  privacy: PrivacyContent;
  synonyms: SynonymGroup[];
  /** Per-language word lists (content/words); the shipped ones when CONTENT_DIR has no words folder. */
  words: LanguageWordLists;
  /** content/gaps/terms.yaml; undefined when absent (knowledge gaps then compare word stems alone). */
  gapTerms?: GapTermsFile;
  /** E-mail templates (content/mail); undefined when CONTENT_DIR has no mail folder (no e-mail to users). */
  mail?: MailTemplates;
}

export interface LoadedContent {
  /** Undefined when a file the bot cannot start without is broken (see `problems`). */
  content?: Content;
  /** Every problem of every file, errors and warnings, each with its file and line. */
  problems: ContentProblem[];
  /**
   * The warnings among them that start-up should log (e.g. no words folder); articles and flows
   * log their own.
   */
  startWarnings: ContentProblem[];
}

/**
 * Reads and checks all of CONTENT_DIR. `serve`, reload and `firstline content check` all call
 * this, so they cannot disagree about what is valid. Never throws for bad content.
 */
export function loadContent(paths: ContentPaths, options: { now?: Date } = {}): LoadedContent {
  const blocking: ContentProblem[] = [];
  const catalogue = loadCatalogue(kinds.UI_STRINGS, paths, [], blocking);

  const { taxonomy, organisation, problems: knowledgeFileProblems } = loadTaxonomyAndOrganisation(paths);
  const knowledge = loadArticles(paths, { taxonomy, organisation }, options.now);
  const topics = taxonomy ? new Set(taxonomy.topics.keys()) : undefined;
  blocking.push(...taxonomyTeamProblems(taxonomy, path.join(paths.contentDir, 'taxonomy.yaml')));
  const { flows, flowStrings } = loadFlowsContent(paths, topics, knowledge, blocking);

  const smallTalk = loadSmallTalkContent(paths, topics, blocking);
  const support = loadKind(kinds.SUPPORT, paths);
  // The same file again for its `sla` section; a problem both readings find (bad YAML) is reported once.
  const sla = loadKind(kinds.SLA, paths);
  const canned = loadKind(kinds.CANNED_REPLIES, paths);
  blocking.push(...support.problems, ...canned.problems, ...duplicateCannedIds(canned.files));
  const reported = new Set(support.problems.map((p) => `${p.line}:${p.message}`));
  blocking.push(...sla.problems.filter((p) => !reported.has(`${p.line}:${p.message}`)));
  const privacy = loadPrivacy(paths, blocking);
  const synonyms = loadKind(kinds.SYNONYMS, paths);
  blocking.push(...synonyms.problems);
  const words = loadWords(paths);
  blocking.push(...words.problems);
  const gapTerms = loadKind(kinds.GAP_TERMS, paths);
  blocking.push(...gapTerms.problems);
  const mail = loadMailTemplates(paths, blocking);

  const problems = [
    ...blocking,
    ...knowledgeFileProblems,
    ...knowledge.problems.map((p) => ({ ...p, message: `${p.message} [${p.code}]` })),
    ...flows.problems.map((p) => ({ ...p, message: `${p.message} [${p.code}]` })),
  ].map(({ file, line, severity, message }) => ({ file, line, severity, message }));
  const startWarnings = blocking.filter((p) => p.severity === 'warning');
  if (blocking.some((p) => p.severity === 'error') || !catalogue || !flowStrings || !privacy || !words.words) {
    return { problems, startWarnings };
  }
  return {
    problems,
    startWarnings,
    content: {
      paths,
      catalogue,
      flowStrings,
      organisation,
      taxonomy: taxonomy ?? EMPTY_TAXONOMY,
      knowledge,
      flows,
      smallTalk,
      support: support.files[0]?.value,
      sla: sla.files[0]?.value.sla,
      cannedReplies: canned.files[0]?.value.replies ?? [],
      privacy,
      synonyms: synonyms.files.flatMap((f) => f.value.groups),
      words: words.words,
      gapTerms: gapTerms.files[0]?.value,
      mail,
    },
  };
}

/** The articles of KB_DIR, checked against the taxonomy and organisation values already read. */
export function loadArticles(
  paths: ContentPaths,
  read: { taxonomy?: Taxonomy; organisation?: OrgValues },
  now?: Date,
): LoadedKnowledgeBase {
  return loadKnowledgeBase({
    kbDir: paths.kbDir,
    taxonomyFile: path.join(paths.contentDir, 'taxonomy.yaml'),
    orgFile: paths.orgFile,
    preloaded: { taxonomy: read.taxonomy, org: read.organisation },
    now,
  });
}

const NO_MESSAGES = Catalogue.fromMessages({ en: {}, de: {}, pl: {}, ro: {} });

/** CONTENT_DIR/flows with the engine's strings; none (and no problem) without a flows folder. */
function loadFlowsContent(
  paths: ContentPaths,
  topics: ReadonlySet<string> | undefined,
  knowledge: LoadedKnowledgeBase,
  problems: ContentProblem[],
): { flows: FlowContent; flowStrings?: Catalogue } {
  const flowsDir = path.join(paths.contentDir, 'flows');
  if (!fs.existsSync(flowsDir)) {
    return { flows: { flows: [], strings: NO_MESSAGES, problems: [] }, flowStrings: NO_MESSAGES };
  }
  const flowStrings = loadCatalogue(kinds.FLOW_STRINGS, paths, REQUIRED_STRINGS, problems);
  const flows = checkFlowContent({
    flowsDir,
    // Broken strings are reported by loadCatalogue; the flows themselves are still checked.
    strings: flowStrings ?? NO_MESSAGES,
    topics,
    articleIds: new Set(knowledge.articles.map((a) => a.id)),
  });
  return { flows, flowStrings };
}

/** The files articles, flows and the service desk's contacts share; read once per load. */
export function loadTaxonomyAndOrganisation(paths: ContentPaths): {
  taxonomy?: Taxonomy;
  organisation?: OrgValues;
  problems: ContentProblem[];
} {
  const taxonomy = loadKind(kinds.TAXONOMY, paths);
  const organisation = loadKind(kinds.ORGANISATION, paths);
  const taxonomyFile = taxonomy.files[0];
  return {
    taxonomy: taxonomyFile ? toTaxonomy(taxonomyFile.value) : undefined,
    organisation: organisation.files[0]?.value,
    problems: [...taxonomy.problems, ...organisation.problems],
  };
}

function loadSmallTalkContent(
  paths: ContentPaths,
  topics: ReadonlySet<string> | undefined,
  problems: ContentProblem[],
): SmallTalkContent | undefined {
  const loaded = loadKind(kinds.SMALL_TALK, paths);
  problems.push(...loaded.problems);
  if (loaded.files.length === 0 && loaded.problems.length === 0) return undefined;
  const areaIds = (file: LoadedFile<SmallTalkFile>) =>
    file.value.outOfScope.areas
      .map((a) => a.id)
      .sort()
      .join(',');
  const en = loaded.files.find((f) => path.basename(f.file) === 'en.yaml');
  // Each file that passed its schema is checked, so one broken language hides nothing in the others.
  for (const loadedFile of loaded.files) {
    const { file, value, lineOf } = loadedFile;
    value.startTopics.forEach(({ topic }, i) => {
      if (topics && !topics.has(topic)) {
        const message = `startTopics: "${topic}" is not a topic of the taxonomy`;
        problems.push({ file, line: lineOf(['startTopics', i, 'topic']), severity: 'error', message });
      }
    });
    if (en && areaIds(loadedFile) !== areaIds(en)) {
      const message = `outOfScope.areas: ids ${areaIds(loadedFile)} differ from en (${areaIds(en)})`;
      problems.push({ file, line: lineOf(['outOfScope', 'areas']), severity: 'error', message });
    }
  }
  const files = byLanguage(loaded.files);
  if (!files) {
    if (loaded.problems.length === 0) {
      const dir = path.join(paths.contentDir, 'small-talk');
      problems.push({ file: dir, line: 1, severity: 'error', message: `needs ${LANGUAGES.join(', ')}.yaml` });
    }
    return undefined;
  }
  return { en: files.en.value, de: files.de.value, pl: files.pl.value, ro: files.ro.value };
}

/** content/mail/<lang>/<template>.yaml, each placeholder one its template provides. */
function loadMailTemplates(paths: ContentPaths, problems: ContentProblem[]): MailTemplates | undefined {
  if (!fs.existsSync(path.join(paths.contentDir, 'mail'))) return undefined;
  const loaded = loadKind(kinds.MAIL_TEMPLATES, paths);
  problems.push(...loaded.problems);
  const templates: Partial<Record<Lang, Partial<Record<MailTemplateName, MailTemplates[Lang][MailTemplateName]>>>> = {};
  for (const { file, value, lineOf } of loaded.files) {
    const name = path.basename(file, '.yaml') as MailTemplateName;
    const lang = path.basename(path.dirname(file)) as Lang;
    for (const unknown of unknownPlaceholders(name, value)) {
      const allowed = MAIL_TEMPLATE_PLACEHOLDERS[name].map((p) => `{${p}}`).join(', ');
      const message = `{${unknown}} is not a placeholder of ${name} e-mails (they have ${allowed})`;
      problems.push({ file, line: lineOf([]), severity: 'error', message });
    }
    (templates[lang] ??= {})[name] = value;
  }
  if (loaded.problems.length > 0) return undefined;
  return templates as MailTemplates;
}

function duplicateCannedIds(
  files: readonly LoadedFile<z.infer<typeof cannedRepliesSchema>>[],
): ContentProblem[] {
  return files.flatMap(({ file, value, lineOf }) =>
    value.replies.flatMap((reply, i) =>
      value.replies.findIndex((other) => other.id === reply.id) === i
        ? []
        : [{ file, line: lineOf(['replies', i, 'id']), severity: 'error' as const, message: `the id "${reply.id}" is used twice` }],
    ),
  );
}

function loadPrivacy(paths: ContentPaths, problems: ContentProblem[]): PrivacyContent | undefined {
  const keywords = loadKind(kinds.PRIVACY_KEYWORDS, paths);
  const common = loadKind(kinds.PRIVACY_COMMON_WORDS, paths);
  problems.push(...keywords.problems, ...common.problems);
  const messages = loadCatalogue(kinds.PRIVACY_MESSAGES, paths, PRIVACY_MESSAGE_KEYS, problems);
  const keywordsFile = keywords.files[0];
  const commonFile = common.files[0];
  if (!keywordsFile || !commonFile || !messages) return undefined;
  return { wordLists: buildWordLists(keywordsFile.value, commonFile.value), messages };
}

/** A message catalogue in every language; undefined (and problems) when one is broken. */
function loadCatalogue(
  kind: ContentKind<Messages>,
  paths: ContentPaths,
  required: readonly string[],
  problems: ContentProblem[],
): Catalogue | undefined {
  const loaded = loadKind(kind, paths);
  problems.push(...loaded.problems);
  const files = byLanguage(loaded.files);
  if (!files) return undefined;
  const found = checkCatalogueFiles(files, required);
  problems.push(...found);
  if (found.length > 0) return undefined;
  return Catalogue.fromMessages({
    en: files.en.value,
    de: files.de.value,
    pl: files.pl.value,
    ro: files.ro.value,
  });
}

/**
 * CONTENT_DIR/synonyms alone, through the same kind the full load uses: for tools that build a
 * matcher without the rest of the content (`firstline match`, `firstline eval`).
 */
export function loadSynonyms(paths: ContentPaths): { synonyms?: SynonymGroup[]; problems: ContentProblem[] } {
  const loaded = loadKind(kinds.SYNONYMS, paths);
  if (loaded.problems.length > 0) return { problems: loaded.problems };
  return { synonyms: loaded.files.flatMap((f) => f.value.groups), problems: [] };
}

/**
 * A message catalogue folder (`<dir>/<lang>.yaml`) on its own, checked like the ones the full
 * load reads (keys, placeholders, the keys code needs), each problem at its line.
 */
export function loadMessageCatalogue(
  dir: string,
  required: readonly string[] = [],
): { catalogue?: Catalogue; problems: ContentProblem[] } {
  const kind: ContentKind<Messages> = {
    name: `messages in ${dir}`,
    files: () => LANGUAGES.map((lang) => path.join(dir, `${lang}.yaml`)),
    schema: kinds.UI_STRINGS.schema,
  };
  const problems: ContentProblem[] = [];
  const catalogue = loadCatalogue(kind, defaultContentPaths(dir), required, problems);
  return { catalogue, problems };
}
