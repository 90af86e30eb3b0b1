import path from 'node:path';
import { loadConfig } from '../../../src/config';
import type { KnowledgeLookup } from '../../../src/dialogs';
import type { ProblemHandlerFactory } from '../../../src/dialogs';
import { flowHandler, startupFlows, type FlowLibrary } from '../../../src/dialogs/flows';
import type { FlowCaseFile } from '../../../src/dialogs/flows';
import { loadOrganisation } from '../../../src/knowledge/articles/organisation';
import { Matcher } from '../../../src/knowledge/matcher';
import { silentLogger } from '../../../src/logging';
import { catalogue, Chat, knowledgeService, serviceDesk } from '../chat-harness';
import { shippedContent } from '../../helpers/shipped-content';

const CONTENT = path.join(__dirname, '../../../content');

/** The shipped flows, read by the one content loader and judged as `serve` does at start-up. */
const startup = startupFlows(shippedContent().flows, {
  // Other flows may be mid-edit; the shipped-flow tests check that their own flow loaded.
  skipInvalid: true,
  logger: silentLogger(),
});
export const library: FlowLibrary = startup.library;
const org = loadOrganisation(path.join(CONTENT, 'organisation.yaml')).values;

let lookup: KnowledgeLookup | undefined;

/**
 * The real knowledge service for articles (flows walk through them), with the real matcher over
 * the shipped flows' triggers. Articles are left out of the matcher on purpose: an article and a
 * flow on the same topic share phrasings and the article usually scores first, and which of the
 * two the router should prefer is not decided yet. These tests are about the flows.
 */
function knowledgeWithFlows(): KnowledgeLookup {
  if (lookup) return lookup;
  const service = knowledgeService();
  const { answerThreshold, clarifyThreshold } = loadConfig({
    NODE_ENV: 'test',
    CONTENT_DIR: CONTENT,
  }).knowledge;
  const matcher = Matcher.build(library.documents(), {
    synonyms: shippedContent().synonyms,
    answerThreshold,
    clarifyThreshold,
  });
  lookup = {
    match: (text, options) => matcher.match(text, options),
    textKind: (text, language) => matcher.textKind(text, language),
    getArticle: (id, language) => service.getArticle(id, language),
    topicLabel: (topic, language) => service.topicLabel(topic, language),
    clarifyThreshold: matcher.clarifyThreshold,
  };
  return lookup;
}

/**
 * Unit level: the bot alone with the flow engine, articles left out of the matcher. Only
 * never-ask-twice.test.ts and the lockout transcripts of password-reset.test.ts use it: on the production wiring several of its first messages start
 * an article (or a "did you mean" confirmation) instead of the flow, so its pre-filled answers are
 * never reached there (a product finding, not a test choice).
 */
export function flowChat(): Chat {
  const handler: ProblemHandlerFactory = (cases) =>
    flowHandler({
      library,
      strings: startup.strings,
      catalogue,
      cases,
      knowledge: knowledgeWithFlows(),
      serviceDesk,
      defaultLanguage: 'en',
      resumeAfterHours: 24,
      org: () => org,
    });
  return new Chat({ knowledge: knowledgeWithFlows(), problemHandlers: [handler] });
}

/** The case file as the flow engine wrote it. */
export async function flowCase(chat: Chat): Promise<FlowCaseFile> {
  const file = await chat.caseFile();
  if (!file) throw new Error('no case file');
  return file as FlowCaseFile;
}
