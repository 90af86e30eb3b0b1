import fs from 'node:fs';
import type { BotState, Middleware } from 'botbuilder';
import type { Config } from '../../config';
import type { Catalogue } from '../../i18n';
import type { OrgValues } from '../../knowledge/articles/organisation';
import type { Taxonomy } from '../../knowledge/articles/taxonomy';
import type { MatchDocument } from '../../knowledge/matcher';
import type { Logger } from '../../logging';
import { shippedWordLists, type WordLists } from '../../words';
import { ANYTHING_ELSE } from '../follow-up-dialogs';
import { frustrationMiddleware } from '../frustration';
import type { KnowledgeLookup } from '../knowledge-lookup';
import type { ProblemHandlerFactory } from '../problem-handlers';
import type { ServiceDeskDirectory } from '../service-desk';
import { startupFlows, type FlowContent } from './flow-content';
import type { FlowStrings } from './flow-strings';
import { flowHandler } from './flow-handler';
import { FlowLibrary } from './flow-library';

/** What the composition root needs from the flows: matcher documents, a handler and a middleware. */
export interface AppFlows {
  library: FlowLibrary;
  /** The flows' triggers for the knowledge service's matcher (`kind: 'flow'`). */
  documents: readonly MatchDocument[];
  /** The flow engine for `kind: 'flow'` results, for the bot to build (none when there are no flows). */
  handlers(deps: { catalogue: Catalogue; knowledge: KnowledgeLookup }): ProblemHandlerFactory[];
  /**
   * Middleware that offers a person as soon as a user sounds frustrated, whatever dialog is
   * running. Its message lives in the flows' strings file.
   */
  frustration(deps: { state: BotState; catalogue: Catalogue }): Middleware;
}

/** What the flows need from the content loader. */
export interface FlowsContent {
  flows: FlowContent;
  strings: FlowStrings;
  /** organisation.yaml's values as they are now, for `{{org.*}}` in flow texts. */
  organisation: () => OrgValues | undefined;
  serviceDesk: ServiceDeskDirectory;
  /** taxonomy.yaml as it is now: which topics are requests, and their owners (request-form.ts). */
  taxonomy?: () => Taxonomy | undefined;
}

/**
 * The flows of CONTENT_DIR/flows as the content loader read and checked them; throws when a
 * flow is broken unless FLOWS_SKIP_INVALID is set.
 */
export function loadAppFlows({
  config,
  logger,
  words = shippedWordLists(),
  content,
}: {
  config: Config;
  logger: Logger;
  /** The content's word lists (content/words: answers, "back", frustration); the shipped ones when absent. */
  words?: WordLists;
  content: FlowsContent;
}): AppFlows {
  if (!fs.existsSync(config.flows.dir)) {
    logger.warn({ flowsDir: config.flows.dir }, 'no diagnostic flows folder; guided flows are off');
    return {
      library: new FlowLibrary([]),
      documents: [],
      handlers: () => [],
      frustration: () => ({ onTurn: (_context, next) => next() }),
    };
  }
  const { library, strings } = startupFlows(
    { ...content.flows, strings: content.strings },
    { skipInvalid: config.flows.skipInvalid, logger },
  );
  return {
    library,
    documents: library.documents(),
    frustration: ({ state, catalogue }) =>
      frustrationMiddleware({
        state,
        defaultLanguage: config.defaultLanguage,
        words,
        texts: {
          empathy: (lang) => strings.t(lang, 'frustration.empathy'),
          talkToPerson: (lang) => catalogue.t(lang, 'choice.talkToPerson'),
        },
        onSignal: (_context, signal) =>
          logger.info({ cues: signal.cues, score: signal.score }, 'user frustrated; offered a person'),
      }),
    handlers: ({ catalogue, knowledge }) => [
      (cases) =>
        flowHandler({
          library,
          strings,
          catalogue,
          cases,
          knowledge,
          serviceDesk: content.serviceDesk,
          defaultLanguage: config.defaultLanguage,
          resumeAfterHours: config.flows.resumeAfterHours,
          org: content.organisation,
          taxonomy: content.taxonomy,
          logger,
          afterResolved: ANYTHING_ELSE,
          words,
        }),
    ],
  };
}
