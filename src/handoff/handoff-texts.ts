import { ActivityTypes, type Activity } from 'botbuilder';
import { renderChoice } from '../dialogs/choices';
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

export function positionText(
  catalogue: Catalogue,
  language: Lang,
  position: number,
  minutes: number | null,
): string {
  return minutes === null
    ? catalogue.t(language, 'handoff.positionNoEstimate', { position })
    : catalogue.t(language, 'handoff.position', { position, minutes });
}

export function message(text: string, language: Lang): Partial<Activity> {
  return { type: ActivityTypes.Message, text, locale: language };
}

export const RATING_SKIP = 'rating-skip';
export const RATING_VALUES = ['1', '2', '3', '4', '5'] as const;

/** "How did we do?" with 1–5 and "skip", as buttons or a numbered list. */
export function ratingQuestion(catalogue: Catalogue, language: Lang, channelId: string | undefined) {
  return renderChoice(
    {
      question: catalogue.t(language, 'rating.question'),
      options: [
        ...RATING_VALUES.map((value) => ({ value, label: value })),
        { value: RATING_SKIP, label: catalogue.t(language, 'rating.skip'), meaning: 'no' as const },
      ],
    },
    { channelId, locale: language, textHint: catalogue.t(language, 'choice.hint') },
  );
}

export const WAIT_CHOICES = {
  wait: 'handoff-wait',
  leaveMessage: 'handoff-leave-message',
  continueWithBot: 'handoff-continue-with-bot',
} as const;

export function waitingOptions(catalogue: Catalogue, language: Lang) {
  return [
    { value: WAIT_CHOICES.wait, label: catalogue.t(language, 'choice.keepWaiting') },
    { value: WAIT_CHOICES.leaveMessage, label: catalogue.t(language, 'choice.leaveMessage') },
    { value: WAIT_CHOICES.continueWithBot, label: catalogue.t(language, 'choice.chatWithBot') },
  ];
}

export function waitingQuestion(catalogue: Catalogue, language: Lang, channelId: string | undefined) {
  return renderChoice(
    {
      question: catalogue.t(language, 'handoff.waitingOptions'),
      options: waitingOptions(catalogue, language),
    },
    { channelId, locale: language, textHint: catalogue.t(language, 'choice.hint') },
  );
}
