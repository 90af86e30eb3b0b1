import type { AppDesk } from './app-desk';
import type { AppFoundation } from './app-foundation';
import { createConsole, type TechnicianConsole } from './console';
import type { AppDigest } from './digest';
import type { AppFeedbackRouting } from './feedback';
import type { Gaps } from './gaps';
import type { Incidents } from './incidents';
import { InsightsReports } from './insights';
import { PrivacyRequests } from './personal-data';

/**
 * Step 7 of `createApp`: the technician console's API over everything built before it. It needs
 * the hand-over's service and technicians; without them it is left out (undefined).
 */
export function createAppConsole(
  base: AppFoundation,
  desk: AppDesk,
  improvement: {
    feedback: AppFeedbackRouting;
    incidents: Incidents | undefined;
    gaps: Gaps;
    digest: AppDigest;
  },
): TechnicianConsole | undefined {
  const { config, storage, loaded, logger, knowledge, llm, clock, mailOutbox } = base;
  const { handoff } = desk;
  const { feedback, incidents, gaps, digest } = improvement;
  if (!handoff) return undefined;
  return createConsole({
    config,
    storage,
    cannedReplies: loaded.cannedReplies,
    logger,
    knowledge,
    handoffs: handoff.desk,
    directory: handoff.technicians,
    botChats: handoff.botChats,
    stepTitle: base.stepTitle,
    briefings: llm?.handoverSummaries,
    translator: llm?.translations,
    feedback: {
      list: (query) => feedback.store.list(query),
      setStatus: (id, status, by) => feedback.store.setStatus(id, status, by),
      deliveries: (ids) => feedback.outbox.forFeedback(ids),
    },
    digest: digest.service,
    mailOutbox: mailOutbox && {
      page: (query) => mailOutbox.outbox.page(query),
      counts: () => mailOutbox.outbox.counts(),
      get: (id) => mailOutbox.outbox.get(id),
      retry: (id) => mailOutbox.retry(id),
      redact: base.redactText,
    },
    insights: new InsightsReports(storage, {
      abandonedAfterMinutes: config.insights.abandonedAfterMinutes,
      // Technicians' response and resolution times count the desk's opening hours only.
      ...(loaded.support ? { hours: loaded.support } : {}),
      clock,
    }),
    incidents: incidents?.service,
    // As the taxonomy is now (a content reload changes it).
    topics: () => [...base.contentSource.current().taxonomy.topics.values()],
    // Filed under a topic of the taxonomy as it is now (a knowledge reload changes it).
    // Kept with the gaps' drafts, for leads to review on the Drafts page.
    articleDrafter: llm && {
      draft: async (source) => {
        const files = await llm.articleDrafts.draft({
          ...source,
          topics: [...new Set(knowledge.articles().map((a) => a.topic))],
        });
        if (files) await gaps.keepTicketDraft(source.conversationId, files);
        return files;
      },
    },
    gaps,
    audit: handoff.audit,
    clock,
    privacy: new PrivacyRequests({
      storage,
      logger: logger.child({ module: 'privacy' }),
      audit: handoff.audit,
      clock,
    }),
  });
}
