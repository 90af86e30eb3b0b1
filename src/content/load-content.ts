import path from 'node:path';
import type { z } from 'zod';
import type { cannedRepliesSchema } from '../console/api/canned-replies';
import { checkFlowContent, type FlowContent } from '../dialogs/flows/flow-content';
import type { SmallTalkContent } from '../dialogs/small-talk/small-talk-content';
import type { SupportConfig } from '../handoff/support-config';
import { Catalogue } from '../i18n/catalogue';
import { LANGUAGES } from '../i18n/languages';
import { loadKnowledgeBase, type LoadedKnowledgeBase } from '../knowledge/articles/load-knowledge-base';
import type { OrgValues } from '../knowledge/articles/organisation';
import { EMPTY_TAXONOMY, toTaxonomy, type Taxonomy } from '../knowledge/articles/taxonomy';
import type { SynonymGroup } from '../knowledge/matcher/synonyms';
import type { PrivacyMessages } from '../privacy/messages';
import { SECRET_KINDS } from '../privacy/types';
import { buildWordLists, type WordLists } from '../privacy/word-lists';
import type { WordLists as LanguageWordLists } from '../words';
import { checkCatalogueFiles } from './catalogue-check';
import { loadWords } from './load-words';
import { byLanguage, loadKind, type ContentPaths, type LoadedFile } from './content-kind';
import * as kinds from './kinds';
import type { ContentProblem } from './yaml-file';

/** Everything FirstLine reads from CONTENT_DIR, validated, in one object. */
export interface Content {
  paths: ContentPaths;
  catalogue: Catalogue;
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
  cannedReplies: z.infer<typeof cannedRepliesSchema>['replies'];
  privacy: { wordLists: WordLists; messages: PrivacyMessages };
  synonyms: SynonymGroup[];
  /** Per-language word lists (content/words); the shipped ones when CONTENT_DIR has no words folder. */
  words: LanguageWordLists;
}

export interface LoadedContent {
  /** Undefined when a file the bot cannot start without is broken (see `problems`). */
  content?: Content;
  /** Every problem of every file, errors and warnings, each with its file and line. */
  problems: ContentProblem[];
}

const PRIVACY_KEYS = [
  ...SECRET_KINDS.map((kind) => `marker.${kind}`),
  ...['password', 'key', 'card-number', 'iban', 'several'].map((name) => `notice.${name}`),
];

/**
 * Reads and checks all of CONTENT_DIR. `serve`, reload and `firstline content check` all call
 * this, so they cannot disagree about what is valid. Never throws for bad content.
 */
export function loadContent(paths: ContentPaths, options: { now?: Date } = {}): LoadedContent {
  const blocking: ContentProblem[] = [];
  const uiStrings = loadKind(kinds.UI_STRINGS, paths);
  blocking.push(...uiStrings.problems);
  const ui = byLanguage(uiStrings.files);
  if (ui) blocking.push(...checkCatalogueFiles(ui));

  const { taxonomy, organisation, problems: knowledgeFileProblems } = loadTaxonomyAndOrganisation(paths);
  const knowledge = loadKnowledgeBase({
    kbDir: paths.kbDir,
    taxonomyFile: path.join(paths.contentDir, 'taxonomy.yaml'),
    orgFile: paths.orgFile,
    preloaded: { taxonomy, org: organisation },
    now: options.now,
  });
  const topics = taxonomy ? new Set(taxonomy.topics.keys()) : undefined;
  // The flows' own loader reads its strings too; this reports their problems at their lines.
  const flowStrings = loadKind(kinds.FLOW_STRINGS, paths);
  blocking.push(...flowStrings.problems);
  const flows = checkFlowContent({
    flowsDir: path.join(paths.contentDir, 'flows'),
    topics,
    articleIds: new Set(knowledge.articles.map((a) => a.id)),
  });

  const smallTalk = loadSmallTalkContent(paths, topics, blocking);
  const support = loadKind(kinds.SUPPORT, paths);
  const canned = loadKind(kinds.CANNED_REPLIES, paths);
  blocking.push(...support.problems, ...canned.problems, ...duplicateCannedIds(canned.files));
  const privacy = loadPrivacy(paths, blocking);
  const synonyms = loadKind(kinds.SYNONYMS, paths);
  blocking.push(...synonyms.problems);
  const words = loadWords(paths);
  blocking.push(...words.problems);

  const problems = [
    ...blocking,
    ...knowledgeFileProblems,
    ...knowledge.problems.map((p) => ({ ...p, message: `${p.message} [${p.code}]` })),
    ...flows.problems.map((p) => ({ ...p, message: `${p.message} [${p.code}]` })),
  ].map(({ file, line, severity, message }) => ({ file, line, severity, message }));
  if (blocking.some((p) => p.severity === 'error') || !ui || !privacy || !words.words) return { problems };
  return {
    problems,
    content: {
      paths,
      catalogue: Catalogue.fromMessages({
        en: ui.en.value,
        de: ui.de.value,
        pl: ui.pl.value,
        ro: ui.ro.value,
      }),
      organisation,
      taxonomy: taxonomy ?? EMPTY_TAXONOMY,
      knowledge,
      flows,
      smallTalk,
      support: support.files[0]?.value,
      cannedReplies: canned.files[0]?.value.replies ?? [],
      privacy,
      synonyms: synonyms.files.flatMap((f) => f.value.groups),
      words: words.words,
    },
  };
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
  const files = byLanguage(loaded.files);
  if (!files) {
    if (loaded.problems.length === 0) {
      const dir = path.join(paths.contentDir, 'small-talk');
      problems.push({ file: dir, line: 1, severity: 'error', message: `needs ${LANGUAGES.join(', ')}.yaml` });
    }
    return undefined;
  }
  const areaIds = (lang: keyof typeof files) =>
    files[lang].value.outOfScope.areas
      .map((a) => a.id)
      .sort()
      .join(',');
  for (const lang of LANGUAGES) {
    const { file, value, lineOf } = files[lang];
    value.startTopics.forEach(({ topic }, i) => {
      if (topics && !topics.has(topic)) {
        const message = `startTopics: "${topic}" is not a topic of the taxonomy`;
        problems.push({ file, line: lineOf(['startTopics', i, 'topic']), severity: 'error', message });
      }
    });
    if (areaIds(lang) !== areaIds('en')) {
      const message = `outOfScope.areas: ids ${areaIds(lang)} differ from en (${areaIds('en')})`;
      problems.push({ file, line: lineOf(['outOfScope', 'areas']), severity: 'error', message });
    }
  }
  return { en: files.en.value, de: files.de.value, pl: files.pl.value, ro: files.ro.value };
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

function loadPrivacy(paths: ContentPaths, problems: ContentProblem[]): Content['privacy'] | undefined {
  const keywords = loadKind(kinds.PRIVACY_KEYWORDS, paths);
  const common = loadKind(kinds.PRIVACY_COMMON_WORDS, paths);
  const messages = loadKind(kinds.PRIVACY_MESSAGES, paths);
  problems.push(...keywords.problems, ...common.problems, ...messages.problems);
  const messagesFile = messages.files[0];
  if (messagesFile) {
    for (const key of PRIVACY_KEYS) {
      if (!messagesFile.value[key]) {
        problems.push({ file: messagesFile.file, line: 1, severity: 'error', message: `has no ${key}` });
      }
    }
  }
  const keywordsFile = keywords.files[0];
  const commonFile = common.files[0];
  if (!keywordsFile || !commonFile || !messagesFile) return undefined;
  return {
    wordLists: buildWordLists(keywordsFile.value, commonFile.value),
    messages: messagesFile.value as PrivacyMessages,
  };
}
