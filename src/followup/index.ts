import { ConsoleEvents, type AppHandoff, type UpstreamSender } from '../handoff';
import type { Logger } from '../logging';
import type { StorageBackend } from '../storage/ports';
import type { FollowUpPrompts } from './follow-up-types';
import { FollowUpJob } from './follow-up-job';
import { FollowUps, type FollowUpsDeps } from './follow-ups';
import { BotResolutions } from './bot-resolutions';

export {
  FOLLOW_UP_HELD,
  FOLLOW_UP_NOT_HELD,
  raisedPriority,
  type FollowUpAnswer,
  type FollowUpPass,
  type FollowUpPrompts,
} from './follow-up-types';
export { FollowUps, currentFollowUp, type FollowUpsDeps } from './follow-ups';
export { FollowUpJob } from './follow-up-job';
export { BotResolutions, resolvedBy } from './bot-resolutions';

/** The follow-up as the composition root wires it, over the hand-over's tickets and users' side. */
export function createFollowUp(deps: {
  handoff: AppHandoff;
  upstream: UpstreamSender;
  prompts: FollowUpPrompts;
  /** E-mail for users the chat does not reach now (src/mail); absent: chat only. */
  mail?: FollowUpsDeps['mail'];
  storage: Pick<StorageBackend, 'collection' | 'events' | 'signals'>;
  logger: Logger;
  clock?: () => Date;
  settings: { afterMs: number; autoCloseMs: number; checkMs: number };
}): { followUps: FollowUps; job: FollowUpJob; botResolutions: BotResolutions } {
  const clock = deps.clock ?? (() => new Date());
  const logger = deps.logger.child({ module: 'followup' });
  const { handoff } = deps;
  const followUps = new FollowUps({
    tickets: handoff.tickets,
    upstream: deps.upstream,
    pending: handoff.queue.feedback,
    chats: handoff.user.chats ?? { get: () => Promise.resolve(undefined) },
    events: new ConsoleEvents(deps.storage, clock),
    prompts: deps.prompts,
    mail: deps.mail,
    logger,
    clock,
    afterMs: deps.settings.afterMs,
    autoCloseMs: deps.settings.autoCloseMs,
  });
  const job = new FollowUpJob({
    followUps,
    tickets: handoff.tickets,
    storage: deps.storage,
    logger,
    clock,
    intervalMs: deps.settings.checkMs,
  });
  return { followUps, job, botResolutions: new BotResolutions({ tickets: handoff.tickets, logger }) };
}
