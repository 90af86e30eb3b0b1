import { z } from 'zod';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const RANGE = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;

const range = z
  .string()
  .regex(RANGE, 'must look like "08:00-18:00"')
  .refine((value) => {
    const [start, end] = value.split('-').map(minutesOf);
    return start !== undefined && end !== undefined && start < end;
  }, 'must end after it starts');

const timeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Europe/Berlin');

const isoDate = z
  .union([z.string(), z.date()])
  .transform((value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value))
  .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-12-24'));

export const supportConfigSchema = z.object({
  timeZone,
  hours: z.partialRecord(z.enum(WEEKDAYS), z.array(range)).default({}),
  holidays: z.array(isoDate).default([]),
  urgentOutOfHours: z.boolean().default(true),
  queues: z
    .record(z.string().min(1), z.object({ skills: z.array(z.string().min(1)).default([]) }))
    .default({}),
  defaultCategory: z.string().min(1).default('general'),
  languageFallback: z.boolean().default(true),
});

export type SupportConfig = z.infer<typeof supportConfigSchema>;

/** "08:30" → 510. */
export function minutesOf(time: string): number | undefined {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

/** Skills a category's queue needs, lower case. */
export function queueSkills(config: SupportConfig, category: string): string[] {
  return (config.queues[category]?.skills ?? []).map((s) => s.toLowerCase());
}
