export {
  CASE_OUTCOMES,
  isCase,
  outcomeOf,
  type ArticleUse,
  type CaseRecord,
  type CaseRecordOutcome,
  type FlowUse,
} from './case-record';
export { CASES_COLLECTION, caseCollection, casesAbout, purgeCases } from './case-store';
export { CaseRecorder, MAX_FIRST_MESSAGE_CHARS, type CaseRecorderOptions } from './case-recorder';
export {
  InsightsReports,
  MAX_RANGE_DAYS,
  daysBetween,
  type FlowFunnel,
  type InsightsQuery,
  type InsightsReport,
  type InsightsReportsOptions,
  type ReportedOutcome,
} from './insights-report';
export type { DurationStats, SlaAttainment, TicketMetrics } from './ticket-metrics';
