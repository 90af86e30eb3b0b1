export {
  slaConfigSchema,
  supportSlaSchema,
  targetsFor,
  durationMinutes,
  type SlaConfig,
  type SlaTargets,
  type ReminderRule,
} from './sla-config';
export {
  dueTimes,
  firstResponseOf,
  runningTarget,
  slaAfterChange,
  slaStanding,
  type SlaPolicy,
  type SlaStanding,
} from './sla-due';
