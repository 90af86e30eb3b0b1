import { AUDIT_COLLECTION } from '../audit';
import type { Config } from '../config';
import { digestCollection, purgeDigests } from '../digest';
import {
  feedbackCollection,
  feedbackOutboxCollection,
  purgeFeedback,
  purgeFeedbackOutbox,
} from '../feedback';
import { BotChats } from '../handoff';
import { RESUME_COLLECTION } from '../channels/webchat';
import { ARTICLE_DRAFTS_COLLECTION } from '../gaps';
import { caseCollection, purgeCases } from '../insights';
import { INCIDENTS_COLLECTION, SPIKE_GUARDS_COLLECTION } from '../incidents';
import { LLM_BUDGETS_COLLECTION } from '../llm';
import { MAIL_INBOX_COLLECTION } from '../mail';
import type { DocumentCollection, StorageBackend, StoredDocument, Where } from '../storage/ports';
import type { Ticket, TicketStatus } from '../tickets';
import type { RetentionTask } from './retention-job';

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
const BATCH = 500;
/** Tickets in these states are finished; only they ever expire. */
const DONE: readonly TicketStatus[] = ['resolved', 'closed'];

/**
 * Every kind of data FirstLine keeps, with its retention rule. A new store joins by adding its
 * task here (and, if it holds anything about a user, its entry in personal-data-stores.ts).
 */
export function retentionTasks(storage: StorageBackend, periods: Config['retention']): RetentionTask[] {
  const days = (n: number) => (now: Date) => new Date(now.getTime() - n * DAY_MS);
  const tasks: RetentionTask[] = [
    { name: 'events', purge: (now) => storage.events.purge(days(periods.eventsDays)(now)) },
    { name: 'transcripts', purge: (now) => storage.transcripts.purge(days(periods.transcriptsDays)(now)) },
    { name: 'directLine', purge: (now) => storage.directLine.purge(days(periods.directLineDays)(now)) },
    { name: 'botState', purge: (now) => storage.botState.purge(days(periods.botStateDays)(now)) },
    { name: 'attachments', purge: (now) => storage.attachments.purge(days(periods.attachmentsDays)(now)) },
    {
      // Per-conversation records of the hand-over (pending confirmations); live owners stay.
      name: 'conversationOwners',
      purge: (now) =>
        purgeDocuments(storage.collection('conversation-owners'), {
          where: { handoffId: null },
          field: 'updatedAt',
          before: days(periods.botStateDays)(now),
        }),
    },
    {
      name: 'botChats',
      purge: (now) =>
        new BotChats(storage, () => now).purge(new Date(now.getTime() - periods.botChatsHours * HOUR_MS)),
    },
    {
      // Who signed in, changed technicians, viewed tickets or made privacy requests.
      name: 'audit',
      purge: (now) =>
        purgeDocuments(storage.collection(AUDIT_COLLECTION), {
          field: 'at',
          before: days(periods.auditDays)(now),
        }),
    },
    {
      // What users said about the help (redacted), with its topic.
      name: 'feedback',
      purge: (now) => purgeFeedback(feedbackCollection(storage), days(periods.feedbackDays)(now)),
    },
    {
      // Weekly digests (counts, redacted gap examples), from their week's start.
      name: 'digests',
      purge: (now) => purgeDigests(digestCollection(storage), days(periods.digestsDays)(now)),
    },
    {
      // Feedback deliveries to the owning teams (redacted), sent or given up.
      name: 'feedbackOutbox',
      purge: (now) =>
        purgeFeedbackOutbox(feedbackOutboxCollection(storage), days(periods.feedbackOutboxDays)(now)),
    },
    {
      // One record per problem the bot handled (src/insights), from when the case opened.
      name: 'cases',
      purge: (now) => purgeCases(caseCollection(storage), days(periods.casesDays)(now)),
    },
    {
      // Resolved and dismissed incidents (src/incidents), from when they were closed; open ones stay.
      name: 'incidents',
      purge: (now) =>
        purgeDocuments(storage.collection(INCIDENTS_COLLECTION), {
          where: { status: { in: ['resolved', 'dismissed'] } },
          field: 'closedAt',
          before: days(periods.incidentsDays)(now),
        }),
    },
    {
      // The detector's guard per spike key, from the last spike it raised.
      name: 'incidentSpikes',
      purge: (now) =>
        purgeDocuments(storage.collection(SPIKE_GUARDS_COLLECTION), {
          field: 'updatedAt',
          before: days(periods.incidentsDays)(now),
        }),
    },
    {
      // Article drafts waiting for a lead (src/gaps), redacted, from their last change.
      name: 'articleDrafts',
      purge: (now) =>
        purgeDocuments(storage.collection(ARTICLE_DRAFTS_COLLECTION), {
          field: 'updatedAt',
          before: days(periods.articleDraftsDays)(now),
        }),
    },
    {
      // Language-model token counts (src/llm): a day's two days after it, a conversation's 30 days after its last call.
      name: 'llmBudgets',
      purge: (now) =>
        purgeDocuments(storage.collection(LLM_BUDGETS_COLLECTION), { field: 'expiresAt', before: now }),
    },
    // Rate counts past their window, idempotency keys past their TTL (minutes, not a setting).
    { name: 'expired', purge: () => storage.purgeExpired() },
    {
      // Console sessions past their end that nobody presented again (src/console/auth/session-store.ts).
      name: 'consoleSessions',
      purge: (now) =>
        purgeDocuments(storage.collection('console_sessions'), { field: 'expiresAt', before: now }),
    },
    {
      // Web chat resume credentials (hashed) past their expiry, which each return pushes out.
      name: 'webChatResume',
      purge: (now) =>
        purgeDocuments(storage.collection(RESUME_COLLECTION), { field: 'expiresAt', before: now }),
    },
    {
      // Which Direct Line token generation is current (src/channels/directline/token-generations.ts):
      // only once the conversation itself is gone, since a missing record means generation 0.
      name: 'directLineTokenGenerations',
      purge: (now) =>
        purgeDocuments(storage.collection('directline-token-generations'), {
          field: 'previousValidUntil',
          before: days(periods.directLineDays)(now),
          unless: async (record) =>
            (await storage.directLine.getConversation(String(record.id))) !== undefined,
        }),
    },
  ];
  if (periods.ticketsDays > 0) {
    const before = days(periods.ticketsDays);
    tasks.push(
      {
        // Which e-mails were handled (a hash of the Message-ID and the ticket): kept as long as tickets.
        name: 'mailInbox',
        purge: (now) =>
          purgeDocuments(storage.collection(MAIL_INBOX_COLLECTION), {
            field: 'receivedAt',
            before: before(now),
          }),
      },
      {
        name: 'tickets',
        purge: (now) =>
          purgeDocuments(storage.collection('tickets'), {
            where: { status: { in: DONE } },
            field: 'updatedAt',
            before: before(now),
          }),
      },
      {
        // Ended hand-overs go with their ticket: never while the ticket is still being worked on.
        name: 'handoffs',
        purge: (now) => {
          const tickets = storage.collection<Ticket>('tickets');
          return purgeDocuments(storage.collection('handoffs'), {
            where: { state: { in: ['resolved', 'returned', 'abandoned'] } },
            field: 'endedAt',
            before: before(now),
            unless: async (handoff) => {
              const ticket =
                typeof handoff.ticketId === 'string' ? await tickets.get(handoff.ticketId) : undefined;
              return ticket !== undefined && !DONE.includes(ticket.status);
            },
          });
        },
      },
      {
        // A hand-over's card in the technicians' Teams channel (ids only), with the hand-over.
        name: 'teamsThreads',
        purge: (now) =>
          purgeDocuments(storage.collection('teamsThreads'), { field: 'reservedAt', before: before(now) }),
      },
    );
  }
  return tasks;
}

/**
 * Deletes the documents matching `where` whose `field` (an ISO timestamp, or ms since the epoch)
 * is before `before`, oldest first in batches. Returns how many were deleted.
 */
export async function purgeDocuments(
  collection: DocumentCollection<StoredDocument & Record<string, unknown>>,
  options: {
    where?: Where<Record<string, unknown>>;
    field: string;
    before: Date;
    /** Keeps a document that is past the cutoff after all. */
    unless?: (doc: Record<string, unknown>) => Promise<boolean>;
  },
): Promise<number> {
  const cutoff = options.before.toISOString();
  const cutoffMs = options.before.getTime();
  let deleted = 0;
  // Documents kept by `unless` stay oldest and come back in every batch: they are remembered and
  // the batch grows by as many, so the ones behind them are still reached.
  const kept = new Set<string>();
  for (;;) {
    const limit = BATCH + kept.size;
    const oldest = await collection.find({
      where: options.where ?? {},
      orderBy: [{ field: options.field, direction: 'asc' }],
      limit,
    });
    const expired = oldest.filter((doc) => {
      if (kept.has(doc.id)) return false;
      const at = doc[options.field];
      return typeof at === 'number' ? at < cutoffMs : typeof at === 'string' && at < cutoff;
    });
    for (const doc of expired) {
      if (options.unless && (await options.unless(doc))) kept.add(doc.id);
      else if (await collection.delete(doc.id)) deleted++;
    }
    // Sorted ascending: a short batch, or one with nothing past the cutoff, has reached the end.
    if (oldest.length < limit || expired.length === 0) return deleted;
  }
}
