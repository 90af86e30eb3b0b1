import type { Config } from '../config';
import type { Lang } from '../i18n/languages';
import type { Taxonomy } from '../knowledge';
import type { Logger } from '../logging';
import type { LeasedJob } from '../storage/lease';
import type { StorageBackend } from '../storage/ports';
import {
  FeedbackDelivery,
  feedbackDeliveryJob,
  type ChannelCardPoster,
  type DeliveryPass,
  type FeedbackMailer,
} from './feedback-delivery';
import { FeedbackOutbox } from './feedback-outbox';
import { FeedbackRouting } from './feedback-routing';
import { DocumentFeedbackStore } from './feedback-store';
import type { Redactor } from '../privacy';

/** Feedback as the composition root wires it: the store, its routing and the delivery job. */
export interface AppFeedbackRouting {
  readonly store: DocumentFeedbackStore;
  readonly routing: FeedbackRouting;
  readonly outbox: FeedbackOutbox;
  readonly delivery: FeedbackDelivery;
  /** Sends the outbox once per interval on the instance holding its lease (tests: `runNow()`). */
  readonly job: LeasedJob<DeliveryPass>;
}

/** A delivery attempt may take this long before another instance may take the item again. */
const CLAIM_MS = 2 * 60 * 1000;
const REQUEST_TIMEOUT_MS = 10_000;
const RETRY_MAX_MS = 6 * 60 * 60 * 1000;

export function createFeedbackRouting(deps: {
  config: Config;
  storage: StorageBackend;
  redactor: Redactor;
  taxonomy: () => Taxonomy;
  matchTopic: (text: string, language: Lang) => string | undefined;
  articleTopic: (articleId: string) => string | undefined;
  logger: Logger;
  clock: () => Date;
  mailer?: FeedbackMailer;
  postCard?: ChannelCardPoster;
}): AppFeedbackRouting {
  const { config, storage, clock, logger } = deps;
  const store = new DocumentFeedbackStore(storage, deps.redactor, clock);
  const outbox = new FeedbackOutbox(storage, clock);
  const routing = new FeedbackRouting({
    store,
    outbox,
    taxonomy: deps.taxonomy,
    matchTopic: deps.matchTopic,
    articleTopic: deps.articleTopic,
    logger,
  });
  const delivery = new FeedbackDelivery({
    outbox,
    clock,
    logger,
    mailer: deps.mailer,
    postCard: deps.postCard,
    settings: {
      webhookSecrets: config.feedback.webhookSecrets,
      maxAttempts: config.feedback.maxAttempts,
      retryBaseMs: config.feedback.retryBaseMs,
      retryMaxMs: RETRY_MAX_MS,
      claimMs: CLAIM_MS,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
    },
  });
  warnAboutMissingSecrets(deps.taxonomy(), config, logger);
  const job = feedbackDeliveryJob({
    delivery,
    storage,
    intervalMs: config.feedback.deliveryIntervalMs,
    clock,
    logger,
  });
  return { store, routing, outbox, delivery, job };
}

/** A webhook whose key is missing would fail every attempt: said once at start-up, by name only. */
function warnAboutMissingSecrets(taxonomy: Taxonomy, config: Config, logger: Logger): void {
  for (const [team, contact] of taxonomy.teams ?? []) {
    const name = contact.webhook?.secret;
    if (name && !config.feedback.webhookSecrets[name])
      logger.warn({ team, secret: name }, 'feedback webhook has no key in FEEDBACK_WEBHOOK_SECRETS');
  }
}
