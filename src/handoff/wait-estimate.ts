import type { Handoff } from './handoff-types';

/** Fewer recent pick-ups than this are no basis for a number. */
export const MIN_SAMPLES = 3;
/** Pick-ups older than this say little about today's queue. */
export const SAMPLE_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Above this the number would be a guess dressed up as an estimate. */
const MAX_ESTIMATE_MINUTES = 8 * 60;

/** Minutes each recent hand-over waited before a technician took it, newest first. */
export function recentWaits(claimed: readonly Handoff[], now: Date): number[] {
  return claimed
    .filter((h) => h.assignedAt && now.getTime() - Date.parse(h.assignedAt) <= SAMPLE_WINDOW_MS)
    .map((h) => (Date.parse(h.assignedAt ?? h.queuedAt) - Date.parse(h.queuedAt)) / 60_000)
    .filter((minutes) => Number.isFinite(minutes) && minutes >= 0);
}

/**
 * An honest wait estimate, or null: recent people waited about the median of their waits each,
 * and every online technician takes one person at a time, so position p with n technicians waits
 * about ceil(p / n) such turns. With nobody online or too few recent pick-ups there is no basis.
 */
export function estimateWaitMinutes(
  waits: readonly number[],
  position: number,
  onlineTechnicians: number,
): number | null {
  if (onlineTechnicians <= 0 || waits.length < MIN_SAMPLES || position < 1) return null;
  const sorted = [...waits].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  const estimate = Math.max(1, Math.round(median * Math.ceil(position / onlineTechnicians)));
  return estimate > MAX_ESTIMATE_MINUTES ? null : estimate;
}
