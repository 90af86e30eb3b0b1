import type { AppChannels } from './app-channels';
import type { AppDesk } from './app-desk';
import type { AppFoundation } from './app-foundation';
import { createDigest, type AppDigest } from './digest';
import { createAppGaps, type Gaps } from './gaps';
import { createIncidents, type Incidents } from './incidents';
import { OpenAiEmbeddings } from './knowledge';

/**
 * Incidents: a spike detector over the case records raises suspected incidents for the console
 * and the Teams channel; while a lead's confirmed incident is active, users with that problem are
 * told its status, linked, and told again (the ticket replies' paths) when it is resolved.
 * Undefined without the hand-over or with INCIDENTS_ENABLED=false.
 */
export function createAppIncidents(
  base: AppFoundation,
  channels: AppChannels,
  desk: AppDesk,
): Incidents | undefined {
  const { config, storage, catalogue, words, knowledge, clock, logger } = base;
  const handoff = desk.handoff;
  return handoff && config.incidents.enabled
    ? createIncidents({
        settings: config.incidents,
        storage,
        catalogue,
        words,
        upstream: channels.upstream,
        tickets: handoff.tickets,
        redact: base.redactText,
        topicLabel: (topic) => knowledge.topicLabel(topic, 'en'),
        // Linked users who left the chat are e-mailed the resolution too (with SMTP_URL).
        mail: base.incidentMail,
        userAway: (conversationId) => handoff.queue.userAway(conversationId),
        // The tickets it resolves: their users who are away are e-mailed the new status.
        mailStatusIfAway: (ticket) => handoff.queue.mailStatusIfAway(ticket),
        clock,
        logger,
      })
    : undefined;
}

/**
 * What leads improve the help desk with, after the turns are wired: knowledge gaps (unanswered
 * and escalated questions clustered across languages, and the article drafts leads review and
 * publish into the KB folder; texts redacted before storing) and the weekly improvement digest
 * (console page and e-mail) over the week's insights, gaps, incidents and feedback.
 */
export function createImprovement(
  base: AppFoundation,
  desk: AppDesk,
  incidents: Incidents | undefined,
): { gaps: Gaps; digest: AppDigest } {
  const { config, storage, catalogue, loaded, knowledge, llm, logger, clock } = base;
  const taxonomyTopics = () => [...loaded.taxonomy.topics.keys()];
  const gaps = createAppGaps({
    storage,
    clusterSimilarity: config.gaps.clusterSimilarity,
    kbDir: config.knowledge.kbDir,
    terms: loaded.gapTerms,
    words: base.words,
    topics: taxonomyTopics,
    tickets: desk.handoff?.tickets,
    knowledge,
    articleDrafts: llm?.articleDrafts,
    embeddings:
      config.llm.apiKey && config.llm.embeddingModel
        ? new OpenAiEmbeddings({
            apiKey: config.llm.apiKey,
            baseURL: config.llm.baseUrl,
            model: config.llm.embeddingModel,
          })
        : undefined,
    summary: (lang, vars) => catalogue.t(lang, 'gaps.draft.summary', vars),
    redact: base.redactText,
    logger: logger.child({ module: 'gaps' }),
    clock: clock ?? (() => new Date()),
  });
  const digest = createDigest({
    config,
    storage,
    clock: clock ?? (() => new Date()),
    logger: logger.child({ module: 'digest' }),
    mailer: base.mail,
    catalogue: () => base.contentSource.current().catalogue,
    // Each lead gets it in the first language of their technician settings (matched by address).
    languageOf: async (address) => (await desk.handoff?.technicians.byEmail(address))?.languages[0],
    gaps: async (from, to) =>
      (await gaps.list({ from, to })).gaps.map((gap) => ({
        terms: gap.terms,
        cases: gap.cases,
        trend: gap.trend,
        ...(gap.examples[0] ? { example: gap.examples[0].text } : {}),
      })),
    incidents:
      incidents &&
      (async (from, to) =>
        (await incidents.service.list())
          .filter((i) => i.createdAt >= from.toISOString() && i.createdAt < to.toISOString())
          .map((i) => ({ number: i.number, title: i.title, status: i.status, createdAt: i.createdAt }))),
  });
  return { gaps, digest };
}
