import type { AppDesk } from './app-desk';
import type { AppFoundation } from './app-foundation';
import { createBot, type BotRuntime } from './bot';
import { DIRECT_LINE_CHANNEL_ID } from './channels/directline';
import { BotHandoff } from './dialogs/handoff';
import type { AppFeedbackRouting } from './feedback';
import type { Incidents } from './incidents';
import { CaseRecorder } from './insights';
import { userSpeaker } from './privacy';

/**
 * Step 5 of `createApp`: the bot, with its problem handlers and its one ordered middleware list,
 * given the desk (hand-over, tickets, follow-ups) and what it feeds (feedback, case records,
 * known problems).
 */
export function createAppBot(
  base: AppFoundation,
  desk: AppDesk,
  feedback: AppFeedbackRouting,
  incidents: Incidents | undefined,
): BotRuntime {
  const { config, storage, catalogue, logger, clock, knowledge, words, flows, llm } = base;
  const { handoff, followUp } = desk;
  return createBot({
    config,
    storage,
    catalogue,
    smallTalk: base.loaded.smallTalk,
    serviceDesk: base.contentSource.serviceDesk,
    logger,
    knowledge,
    redaction: base.redaction,
    // Direct Line runs the pipeline, split-message rule included, before it stores the activity.
    redactionSpeaker: (context) =>
      context.activity.channelId === DIRECT_LINE_CHANNEL_ID ? undefined : userSpeaker(context),
    // ... so what reaches a Direct Line turn was cleaned already: it is not searched a second time.
    redactedByChannel: (context) => context.activity.channelId === DIRECT_LINE_CHANNEL_ID,
    handoff:
      handoff &&
      new BotHandoff({
        handoff: handoff.user,
        catalogue,
        defaultLanguage: config.defaultLanguage,
        logger: logger.child({ module: 'handoff' }),
        knowledge,
        words,
        askForEmail: !config.redaction.emailAddresses,
        followUps: followUp?.followUps,
      }),
    attachments: base.attachments,
    words,
    // The user's own tickets in chat (status, "my tickets", comment, close, reopen).
    tickets: handoff && {
      tickets: handoff.tickets,
      handoffs: handoff.queue,
      timeZone: handoff.support.timeZone,
      reopenWithinDays: config.handoff.ticketReopenDays,
      clock,
    },
    // Articles are built in; the diagnostic flows take the problems a flow matches best.
    problemHandlers: flows.handlers({ catalogue, knowledge }),
    frustration: (conversationState) => flows.frustration({ state: conversationState, catalogue }),
    groundedAnswers: llm?.groundedAnswers,
    feedbackRecorder: feedback.routing,
    // One record per problem for the console's insights, written only when its outcome changes.
    knownProblems: incidents?.known,
    cases: new CaseRecorder({
      storage,
      redact: base.redactText,
      logger: logger.child({ module: 'insights' }),
      clock,
    }),
    // Problems the bot resolved become resolved tickets, followed up like technicians' ones.
    botResolutions: followUp?.botResolutions,
  });
}
