import type { AppChannels } from './app-channels';
import type { AppFoundation } from './app-foundation';
import { createTechnicianChannel, channelCardPoster } from './channels/teams/technician-channel';
import { handoffPrompts } from './dialogs/handoff';
import { followUpPrompts } from './dialogs/followup';
import { recogniseTicketCommand } from './dialogs/tickets';
import type { AppFeedbackRouting } from './feedback';
import { createFeedbackRouting } from './feedback';
import { createFollowUp } from './followup';
import { createAppHandoff } from './handoff';
import { createSlaScheduler, slaPolicyOf, ticketSla } from './sla';

export type AppDesk = ReturnType<typeof createDesk>;

/**
 * Feedback on the help (chat remarks, rating comments) is filed under a topic, kept for the
 * console's inbox and sent through an outbox to the topic's owning team (content/taxonomy.yaml),
 * by e-mail or as a card in the technicians' Teams channel.
 */
export function createAppFeedback(base: AppFoundation, channels: AppChannels): AppFeedbackRouting {
  const { config, storage, redactor, contentSource, knowledge, logger, clock, mail } = base;
  return createFeedbackRouting({
    config,
    storage,
    redactor,
    taxonomy: () => contentSource.current().taxonomy,
    matchTopic: (text, language) => {
      const match = knowledge.match(text, { language });
      return match.decision === 'answer' ? match.results[0]?.topic : undefined;
    },
    articleTopic: (articleId) => knowledge.getArticle(articleId, config.defaultLanguage)?.article.topic,
    logger: logger.child({ module: 'feedback' }),
    clock: clock ?? (() => new Date()),
    mailer: mail,
    postCard:
      config.teamsTakeover &&
      channelCardPoster(channels.botFramework.adapter, config.botFramework.appId ?? '', config.teamsTakeover),
  });
}

/**
 * Step 4 of `createApp`, the service desk behind the bot: the hand-over, built with its upstream
 * (the channels' senders), with tickets and their SLA, "did the fix hold?" follow-ups, the
 * technicians' Teams channel that works it from downstream, and the help desk mailbox. All
 * undefined when HANDOFF_ENABLED=false.
 */
export function createDesk(base: AppFoundation, channels: AppChannels, feedback: AppFeedbackRouting) {
  const { config, storage, catalogue, loaded, logger, clock, redaction, redactText, llm } = base;
  const { upstream } = channels;
  // Service levels: support.yaml's targets counted in its opening hours (none: no SLA).
  const slaPolicy = slaPolicyOf(loaded.sla, loaded.support);
  const handoff = config.handoff.enabled
    ? createAppHandoff({
        config,
        storage,
        catalogue,
        support: loaded.support,
        logger,
        upstream,
        prompts: handoffPrompts(catalogue),
        stepTitle: base.stepTitle,
        clock,
        redactTechnicianText: async (text, conversationId) =>
          (await redaction.text(text, { conversationId, role: 'technician' })).text,
        redactText,
        ticketSla: slaPolicy && ticketSla(slaPolicy),
        // A technician's reply in the user's language, when they do not speak it (src/llm).
        translate: llm && ((request) => llm.translations.translate(request)),
        awayMail: base.ticketMail,
        onRatingComment: async (ticket) => {
          if (!ticket.rating?.comment) return;
          await feedback.routing
            .ratingComment({
              ticketNumber: ticket.number,
              userId: ticket.user.id,
              conversationId: ticket.conversationId,
              channelId: ticket.channelId,
              language: ticket.language,
              score: ticket.rating.score,
              comment: ticket.rating.comment,
              articleId: ticket.articlesSuggested[0]?.articleId,
              problem: ticket.problem,
            })
            .catch((err: unknown) => logger.warn({ err }, 'a rating comment could not be filed as feedback'));
        },
      })
    : undefined;
  const sla =
    handoff && slaPolicy
      ? createSlaScheduler({
          policy: slaPolicy,
          tickets: handoff.tickets,
          storage,
          logger,
          clock,
          intervalMs: config.handoff.slaCheckMs,
        })
      : undefined;
  // "Did the fix hold?" some hours after each resolution; "no" reopens, silence closes.
  const followUp =
    handoff &&
    createFollowUp({
      handoff,
      upstream,
      prompts: followUpPrompts(catalogue),
      mail: base.mail && {
        sender: base.mail,
        catalogue,
        chatUrl: config.server.publicUrl && `${config.server.publicUrl}/`,
      },
      storage,
      logger,
      clock,
      settings: config.followUp,
    });
  const technicianChannel =
    handoff && config.teamsTakeover
      ? createTechnicianChannel({
          settings: config.teamsTakeover,
          adapter: channels.botFramework.adapter,
          appId: config.botFramework.appId ?? '',
          storage,
          handoffs: handoff.desk,
          directory: handoff.technicians,
          tickets: handoff.tickets,
          redactor: base.redactor,
          logger,
        })
      : undefined;
  // E-mail in: one instance at a time reads the mailbox; replies go onto their ticket, new
  // e-mails open one and are answered with the best article.
  const mailInbox =
    handoff &&
    base.mailInboxFor({
      tickets: handoff.tickets,
      queue: handoff.queue,
      knowledge: base.knowledge,
      redact: base.redactText,
      // "Solved" read as the chat reads "HD-1042 is fixed" (content/words, every language).
      saysSolved: (ticket, text) =>
        recogniseTicketCommand(`${ticket} ${text}`, base.contentSource.current().words)?.kind === 'close',
    });
  return { handoff, sla, followUp, technicianChannel, mailInbox };
}
