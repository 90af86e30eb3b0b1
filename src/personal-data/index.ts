export { RetentionJob, type RetentionTask } from './retention-job';
export { retentionTasks, purgeDocuments } from './retention-tasks';
