export {
  DocumentFeedbackStore,
  FEEDBACK_COLLECTION,
  MAX_FEEDBACK_CHARS,
  feedbackAbout,
  feedbackCollection,
  purgeFeedback,
  type FeedbackRecord,
  type FeedbackSentiment,
  type FeedbackStore,
  type NewFeedback,
} from './feedback-store';
