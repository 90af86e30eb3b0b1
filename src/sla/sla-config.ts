import { z } from 'zod';
import { PRIORITIES, type Priority } from '../tickets/ticket-types';

/** "30m", "4h", "1h30m": hours and minutes of counted time (working time unless calendar). */
const DURATION = /^(?:(\d{1,4})h)?(?:(\d{1,5})m)?$/;

/** Minutes of a duration such as "1h30m"; undefined when it is not one. */
export function durationMinutes(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match || (match[1] === undefined && match[2] === undefined)) return undefined;
  return Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
}

const duration = z.string().transform((text, ctx) => {
  const minutes = durationMinutes(text);
  if (minutes === undefined || minutes <= 0) {
    ctx.addIssue({ code: 'custom', message: 'must be a duration such as "30m", "4h" or "1h30m"' });
    return z.NEVER;
  }
  return minutes;
});

/** A priority's targets in minutes; either may be left out (no target of that kind). */
const target = z.strictObject({
  firstResponse: duration.optional(),
  resolution: duration.optional(),
});

/** When the assignee is reminded: a share of the target's time gone, or a time before it is due. */
export type ReminderRule = { kind: 'share'; share: number } | { kind: 'before'; minutes: number };

const reminder = z.string().transform((text, ctx): ReminderRule => {
  const share = /^(\d{1,2})%$/.exec(text.trim());
  if (share && Number(share[1]) > 0) return { kind: 'share', share: Number(share[1]) / 100 };
  const before = /^(\S+) before$/.exec(text.trim());
  const minutes = before?.[1] ? durationMinutes(before[1]) : undefined;
  if (minutes !== undefined && minutes > 0) return { kind: 'before', minutes };
  ctx.addIssue({
    code: 'custom',
    message: 'must be a share of the target such as "80%" or a time before the due time such as "30m before"',
  });
  return z.NEVER;
});

const perPriority = z.partialRecord(z.enum(PRIORITIES), target);

/** The `sla` section of support.yaml. */
export const slaConfigSchema = z.strictObject({
  targets: perPriority.default({}),
  /** Priorities counted around the clock instead of in the opening hours. */
  calendarTime: z.array(z.enum(PRIORITIES)).default([]),
  /** Category → priority → targets that replace the priority's own (only the ones given). */
  categories: z.record(z.string().min(1), perPriority).default({}),
  reminder: reminder.default({ kind: 'share', share: 0.8 }),
  /** Time waiting for the user (status pending) does not count towards the resolution target. */
  pauseWhilePending: z.boolean().default(true),
});

export type SlaConfig = z.infer<typeof slaConfigSchema>;

/** support.yaml as the SLA reads it: the `sla` section, absent when the service desk sets none. */
export const supportSlaSchema = z.object({ sla: slaConfigSchema.optional() });

export interface SlaTargets {
  /** Minutes to the first technician reply or pick-up; undefined: no such target. */
  firstResponse?: number;
  resolution?: number;
  /** Counted around the clock instead of in working hours. */
  calendar: boolean;
}

/** The targets of a ticket: its category's where given, else its priority's. */
export function targetsFor(config: SlaConfig, priority: Priority, category: string): SlaTargets {
  const own = config.targets[priority] ?? {};
  const special = config.categories[category]?.[priority] ?? {};
  return {
    firstResponse: special.firstResponse ?? own.firstResponse,
    resolution: special.resolution ?? own.resolution,
    calendar: config.calendarTime.includes(priority),
  };
}
