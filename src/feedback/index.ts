export {
  DocumentFeedbackStore,
  FEEDBACK_COLLECTION,
  FEEDBACK_STATUSES,
  MAX_FEEDBACK_CHARS,
  feedbackAbout,
  feedbackCollection,
  purgeFeedback,
  type FeedbackQuery,
  type FeedbackRecord,
  type FeedbackSentiment,
  type FeedbackSource,
  type FeedbackStatus,
  type FeedbackStore,
  type NewFeedback,
} from './feedback-store';
export {
  FEEDBACK_OUTBOX_COLLECTION,
  FeedbackOutbox,
  feedbackOutboxCollection,
  purgeFeedbackOutbox,
  type DeliveryChannel,
  type FeedbackNotice,
  type OutboxItem,
} from './feedback-outbox';
export {
  FeedbackDelivery,
  feedbackDeliveryJob,
  type ChannelCardPoster,
  type DeliveryPass,
  type FeedbackMailer,
} from './feedback-delivery';
export { FeedbackRouting, type RatingComment } from './feedback-routing';
export {
  IDEMPOTENCY_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  signWebhook,
  verifyWebhookSignature,
} from './webhook-signature';
export { createFeedbackRouting, type AppFeedbackRouting } from './app-feedback';
