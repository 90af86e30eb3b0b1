import type { Logger } from '../logging';
import type { StorageBackend } from '../storage/ports';
import type { WordLists } from '../words';
import { DraftPublisher, type PublishTarget } from './draft-publisher';
import { ArticleDraftStore, type ArticleDraft, type DraftArticleFile } from './draft-store';
import { draftFromGap, type GapDraftDeps } from './gap-drafts';
import { GapTermAnalyzer, type GapTermsFile } from './gap-terms';
import {
  KnowledgeGaps,
  type GapDetail,
  type GapEmbeddings,
  type GapQuery,
  type GapReport,
  type ResolutionNotes,
} from './knowledge-gaps';

export interface GapsDeps {
  storage: Pick<StorageBackend, 'collection'>;
  /** content/gaps/terms.yaml and content/words, from the content loader. */
  terms: GapTermsFile | undefined;
  words: WordLists;
  resolutionNotes: ResolutionNotes;
  /** src/privacy's redactor: every question, note and draft text passes it. */
  redact: (text: string) => string;
  /** GAPS_CLUSTER_SIMILARITY. */
  threshold: number;
  embeddings?: GapEmbeddings;
  drafting: Omit<GapDraftDeps, 'clock'>;
  publishTo: PublishTarget;
  logger: Logger;
  clock: () => Date;
}

/** Knowledge gaps, the drafts made from them and from tickets, and their publishing. */
export interface Gaps {
  list(query: GapQuery): Promise<GapReport>;
  get(query: GapQuery, id: string): Promise<GapDetail | undefined>;
  draftFromGap(gap: GapDetail, by: string): Promise<ArticleDraft>;
  /** Keeps a ticket's draft (src/llm) for review with the others. */
  keepTicketDraft(conversationId: string | undefined, files: DraftArticleFile[]): Promise<ArticleDraft>;
  drafts: ArticleDraftStore;
  publish(id: string, version: number, by: string): Promise<{ draft: ArticleDraft; files: string[] }>;
  /** The article checks' errors and warnings for a draft's files. */
  problems(draft: ArticleDraft): string[];
}

export function createGaps(deps: GapsDeps): Gaps {
  let analyzer: GapTermAnalyzer | undefined;
  const gaps = new KnowledgeGaps({
    storage: deps.storage,
    analyzer: () => (analyzer ??= new GapTermAnalyzer(deps.terms, deps.words)),
    resolutionNotes: deps.resolutionNotes,
    redact: deps.redact,
    threshold: deps.threshold,
    embeddings: deps.embeddings,
    logger: deps.logger,
  });
  const drafts = new ArticleDraftStore(deps.storage, deps.redact, deps.clock);
  const publisher = new DraftPublisher(drafts, deps.publishTo, deps.logger);
  return {
    list: (query) => gaps.list(query),
    get: (query, id) => gaps.get(query, id),
    async draftFromGap(gap, by) {
      const { files, byModel } = await draftFromGap(gap, { ...deps.drafting, clock: deps.clock });
      return drafts.create({ origin: 'gap', gapId: gap.id, files, byModel, createdBy: by });
    },
    keepTicketDraft: (conversationId, files) =>
      drafts.create({ origin: 'ticket', conversationId, files, byModel: true }),
    drafts,
    publish: (id, version, by) => publisher.publish(id, version, by),
    problems: (draft) => publisher.problems(draft),
  };
}
