export { createDigest, type AppDigest } from './app-digest';
export {
  DIGESTS_COLLECTION,
  DigestService,
  digestCollection,
  purgeDigests,
  type DigestPass,
  type StoredDigest,
} from './digest-job';
export { digestMail, digestSections } from './digest-mail';
export {
  buildDigest,
  lastCompleteWeek,
  type DigestGap,
  type DigestIncident,
  type DigestSources,
  type WeeklyDigest,
} from './weekly-digest';
