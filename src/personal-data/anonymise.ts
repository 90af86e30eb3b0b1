import type { DataSubject } from './data-subject';

/** What replaces the user's own words in records that are kept (tickets). */
export const ERASED_TEXT = '[removed at the user’s request]';
/** What replaces the user's name or id inside technicians' text (notes, resolutions). */
export const REMOVED_MARK = '[removed]';

/** Name parts this short ("Li") are left alone: they would match inside ordinary words. */
const MIN_NAME_PART = 3;

/**
 * Removes the subject's ids, names and each part of their names (whole words, any case) from
 * `text`, e.g. a technician's note "Called Olga Brandt back" → "Called [removed] [removed] back".
 */
export function scrubText(text: string, subject: Pick<DataSubject, 'userIds' | 'names'>): string {
  const wholes = [...subject.userIds, ...subject.names].filter(Boolean);
  const parts = subject.names
    .flatMap((name) => name.split(/[\s,.-]+/))
    .filter((p) => p.length >= MIN_NAME_PART);
  let scrubbed = text;
  for (const whole of wholes.sort((a, b) => b.length - a.length))
    scrubbed = scrubbed.split(whole).join(REMOVED_MARK);
  for (const part of parts) {
    scrubbed = scrubbed.replace(
      new RegExp(`(?<![\\p{L}\\p{N}])${escape(part)}(?![\\p{L}\\p{N}])`, 'giu'),
      REMOVED_MARK,
    );
  }
  return scrubbed;
}

/** True when `value` (any JSON) mentions one of the subject's ids or names. */
export function mentions(value: unknown, subject: Pick<DataSubject, 'userIds' | 'names'>): boolean {
  const json = JSON.stringify(value) ?? '';
  return [...subject.userIds, ...subject.names].some((needle) => needle && json.includes(needle));
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
