import { Catalogue } from '../../../src/i18n';
import path from 'node:path';
import type { MemoryStorage } from 'botbuilder';
import type { KnowledgeLookup, ProblemHandlerFactory } from '../../../src/dialogs';
import { flowHandler, FlowLibrary, loadFlows, type FlowCaseFile } from '../../../src/dialogs/flows';
import { DEFAULT_CLARIFY_THRESHOLD, RequestCues, type MatchResponse } from '../../../src/knowledge/matcher';
import { loadOrganisation } from '../../../src/knowledge/articles/organisation';
import { silentLogger } from '../../../src/logging';
import { catalogue, Chat, serviceDesk } from '../chat-harness';

const CONTENT = path.join(__dirname, '../../../content');
export const library = new FlowLibrary(
  loadFlows(path.join(__dirname, '../../fixtures/flows/good')).flows.map((f) => f.definition),
);
const strings = Catalogue.load(path.join(CONTENT, 'flows/strings'));
const org = loadOrganisation(path.join(CONTENT, 'organisation.yaml')).values;

export const ARTICLE_STEPS = ['**Check the cable.**', '**Restart the printer.**', '**Re-add the printer.**'];

const cues = new RequestCues();

/** Printing questions go to the demo flow; the mac path walks a three-step article. */
const knowledge: KnowledgeLookup = {
  match(text): MatchResponse {
    if (/outlook/i.test(text)) {
      const result = {
        kind: 'article' as const,
        id: 'outlook-crash',
        topic: 'email.outlook',
        title: 'Outlook',
        language: 'en' as const,
        score: 9,
        confidence: 0.9,
      };
      return { language: 'en', decision: 'answer', crossLingual: false, results: [result] };
    }
    const printing = /print|druck|drukar|imprim/i.test(text);
    return {
      language: 'en',
      decision: printing ? 'answer' : 'none',
      crossLingual: false,
      results: printing
        ? [
            {
              kind: 'flow',
              id: 'demo-printer',
              topic: 'printer',
              title: 'Printer',
              language: 'en',
              score: 9,
              confidence: 0.9,
            },
          ]
        : [],
    };
  },
  getArticle: (id, language) =>
    id === 'printer-not-printing'
      ? {
          article: {
            id,
            topic: 'printer',
            title: 'Printer not printing',
            summary: 'Fixes',
            steps: ARTICLE_STEPS,
          },
          language,
          fallback: false,
        }
      : undefined,
  topicLabel: (topic) => topic,
  clarifyThreshold: DEFAULT_CLARIFY_THRESHOLD,
  // Faults and requests are read as the real matcher reads them (the shipped word lists).
  textKind: (text, language) => cues.kind(text, language),
};

/** A controllable clock shared by the engine, for "come back after a day". */
export class Clock {
  constructor(public now = new Date('2026-11-02T09:00:00Z')) {}
  advanceHours(hours: number): void {
    this.now = new Date(this.now.getTime() + hours * 3600_000);
  }
}

/** The real bot and router with the flow engine registered for kind 'flow'. */
export function flowChat(options: { storage?: MemoryStorage; clock?: Clock; channelId?: string } = {}): Chat {
  const clock = options.clock ?? new Clock();
  const handler: ProblemHandlerFactory = (cases) =>
    flowHandler({
      library,
      strings,
      catalogue,
      cases,
      knowledge,
      serviceDesk,
      defaultLanguage: 'en',
      resumeAfterHours: 12,
      org: () => org,
      logger: silentLogger(),
      afterResolved: 'anything-else',
      clock: () => clock.now,
    });
  return new Chat({
    storage: options.storage,
    channelId: options.channelId,
    knowledge,
    problemHandlers: [handler],
  });
}

export async function flowCase(chat: Chat): Promise<FlowCaseFile> {
  const file = await chat.caseFile();
  if (!file) throw new Error('no case file');
  return file as FlowCaseFile;
}
