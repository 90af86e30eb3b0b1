import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { detectLanguage, isLang, type Lang } from '../i18n';
import { setDetectedLanguage, setTurnLanguage } from '../turn';

export interface LanguagePreference {
  language: Lang;
  /** True when the user chose the language explicitly; detection then no longer changes it. */
  chosen: boolean;
}

/** Maps a BCP-47 locale such as "de-AT" to a language FirstLine speaks. */
export function languageFromLocale(locale: string | undefined): Lang | undefined {
  const base = locale?.slice(0, 2).toLowerCase();
  return isLang(base) ? base : undefined;
}

/**
 * Decides the language of this turn: the user's explicit choice, else the message's detected
 * language, else what we remember, else the channel's locale, else the default.
 */
export interface LanguageDetection {
  detect?: (text: string, fallback: Lang) => Lang;
  /**
   * True while the user answers an open question: short answers ("Microsoft Project", "ok")
   * then keep the conversation's language, only a real sentence can change it.
   */
  answering?: boolean;
}

/** Words an answer needs before it may switch the conversation's language. */
const MIN_WORDS_TO_SWITCH_WHILE_ANSWERING = 5;

export async function resolveTurnLanguage(
  context: TurnContext,
  preference: StatePropertyAccessor<LanguagePreference | undefined>,
  defaultLanguage: Lang,
  detection: LanguageDetection = {},
): Promise<Lang> {
  const stored = await preference.get(context);
  const remembered = stored?.language ?? languageFromLocale(context.activity.locale) ?? defaultLanguage;
  const text = context.activity.type === 'message' ? (context.activity.text ?? '') : '';
  const words = text.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;
  const keep = stored?.chosen || (detection.answering && words < MIN_WORDS_TO_SWITCH_WHILE_ANSWERING);
  const detected = (detection.detect ?? detectLanguage)(text, remembered);
  const language = keep ? remembered : detected;
  if (!stored || stored.language !== language) await preference.set(context, { language, chosen: false });
  // The matcher reads the message with the turn's language as fallback. Its detector gives the
  // same reading with that fallback (a clear winner stays the winner, unclear text keeps the
  // fallback), so what it read is passed on instead of read again.
  if (detection.detect) setDetectedLanguage(context, text, language, detected);
  setTurnLanguage(context, language);
  return language;
}

export async function chooseLanguage(
  context: TurnContext,
  preference: StatePropertyAccessor<LanguagePreference | undefined>,
  language: Lang,
): Promise<void> {
  await preference.set(context, { language, chosen: true });
  setTurnLanguage(context, language);
}
