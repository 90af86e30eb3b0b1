export { RetentionJob, type RetentionTask } from './retention-job';
export { retentionTasks, purgeDocuments } from './retention-tasks';
export {
  PrivacyRequests,
  type PrivacyActor,
  type PrivacyErasure,
  type PrivacyExport,
} from './privacy-requests';
export { findSubject, type DataSubject } from './data-subject';
export { personalDataStores, type PersonalDataStore } from './personal-data-stores';
export { ERASED_TEXT, REMOVED_MARK, scrubText } from './anonymise';
