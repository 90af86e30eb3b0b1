import { ActivityTypes, type Activity } from 'botbuilder';
import type { Catalogue } from '../i18n';
import type { Lang } from '../i18n/languages';

const LOCALES: Record<Lang, string> = { en: 'en-GB', de: 'de-DE', pl: 'pl-PL', ro: 'ro-RO' };

/** "Monday 23 November at 08:00 CET", in the user's language and (if known) time zone. */
export function formatOpening(at: Date, language: Lang, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALES[language], {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(at);
}

/** True when the zone is one Intl knows (channels send the user's zone, unchecked). */
export function isTimeZone(zone: unknown): zone is string {
  if (typeof zone !== 'string' || zone === '') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * "You're number N in the queue …"; with the desk open and nobody online who could take it, the
 * user learns that instead of a wait nobody can estimate.
 */
export function positionText(
  catalogue: Catalogue,
  language: Lang,
  position: number,
  minutes: number | null,
  nobodyOnline = false,
): string {
  if (nobodyOnline) return catalogue.t(language, 'handoff.nobodyOnline', { position });
  return minutes === null
    ? catalogue.t(language, 'handoff.positionNoEstimate', { position })
    : catalogue.t(language, 'handoff.position', { position, minutes });
}

export function message(text: string, language: Lang): Partial<Activity> {
  return { type: ActivityTypes.Message, text, locale: language };
}

export const RATING_SKIP = 'rating-skip';
export const RATING_VALUES = ['1', '2', '3', '4', '5'] as const;

/**
 * Questions the hand-over asks the user from outside their turn (after a technician resolved
 * it), rendered by the bot's side, whose dialogs read the answers (`src/dialogs/handoff`).
 */
export interface HandoffPrompts {
  /** "How did we do?" with 1–5 (`RATING_VALUES`) and skip (`RATING_SKIP`). */
  rating(language: Lang, channelId: string | undefined): Partial<Activity>;
}
