export {
  smallTalkFileSchema,
  SMALL_TALK_KINDS,
  type SmallTalkContent,
  type SmallTalkFile,
  type SmallTalkKind,
} from './small-talk-content';
export {
  SmallTalkRecogniser,
  type FeedbackMatch,
  type OutOfScopeMatch,
  type SmallTalkMatch,
} from './recognise-small-talk';
export { SmallTalkReplies, TOPIC_CHOICE_PREFIX, type SmallTalkOptions } from './small-talk-replies';
