import type { Lang } from '../i18n';
import type { KnowledgeService } from '../knowledge';
import type { LlmFeatures } from '../llm';
import type { Logger } from '../logging';
import type { StorageBackend } from '../storage';
import type { TicketStore } from '../tickets';
import type { WordLists } from '../words';
import type { GapTermsFile } from './gap-terms';
import { createGaps, type Gaps } from './gaps-service';
import type { GapEmbeddings, ResolutionNote } from './knowledge-gaps';

/** What the composition root hands the knowledge gaps: settings, content and the services they read. */
export interface AppGapsDeps {
  storage: Pick<StorageBackend, 'collection'>;
  /** GAPS_CLUSTER_SIMILARITY. */
  clusterSimilarity: number;
  /** Where published drafts are written (the knowledge base's folder). */
  kbDir: string;
  terms: GapTermsFile | undefined;
  words: WordLists;
  /** The taxonomy's topics as they are now (a knowledge reload changes them). */
  topics: () => string[];
  /** Tickets, for the technicians' resolution notes; none when the hand-over is off. */
  tickets?: Pick<TicketStore, 'ofConversations'>;
  knowledge: Pick<KnowledgeService, 'articles' | 'reload'>;
  /** The model's draft writer and embeddings, when one is configured (src/llm, src/knowledge). */
  articleDrafts?: LlmFeatures['articleDrafts'];
  embeddings?: GapEmbeddings;
  /** The draft's summary line for users, in their language (content/i18n `gaps.draft.summary`). */
  summary: (lang: Lang, vars: { question: string }) => string;
  redact: (text: string) => string;
  logger: Logger;
  clock: () => Date;
}

/** Knowledge gaps and article drafts wired to the tickets' notes, the model and the KB folder. */
export function createAppGaps(deps: AppGapsDeps): Gaps {
  const { articleDrafts } = deps;
  return createGaps({
    storage: deps.storage,
    terms: deps.terms,
    words: deps.words,
    resolutionNotes: async (conversationIds) =>
      ((await deps.tickets?.ofConversations(conversationIds)) ?? []).flatMap((t): ResolutionNote[] =>
        t.resolution
          ? [
              {
                conversationId: t.conversationId,
                ticketNumber: t.number,
                note: t.resolution.note,
                at: t.resolution.at,
              },
            ]
          : [],
      ),
    redact: deps.redact,
    threshold: deps.clusterSimilarity,
    embeddings: deps.embeddings,
    drafting: {
      topics: deps.topics,
      fallbackTopic: 'contact.service-desk',
      summary: deps.summary,
      improve:
        articleDrafts &&
        ((source) =>
          articleDrafts.draft({
            problem: source.problem,
            facts: {},
            tried: [],
            resolution: source.resolution,
            transcript: source.questions.map((q) => ({ role: 'user' as const, text: q.text })),
            topics: deps.topics(),
          })),
    },
    publishTo: {
      kbDir: deps.kbDir,
      topics: deps.topics,
      articleExists: (id) => deps.knowledge.articles().some((a) => a.id === id),
      reload: () => deps.knowledge.reload(),
    },
    logger: deps.logger,
    clock: deps.clock,
  });
}
