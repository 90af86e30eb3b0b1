import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { detectLanguage, isLang, namesLanguage, type Lang } from '../i18n';
import type { WordLists } from '../words';
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
  /**
   * True when the open question takes any text (a reason, a name, a path for a form): the answer
   * is data, also a whole sentence in another language ("I need it for the audit" in a German
   * form), and keeps the conversation's language, unless it names the language it is written in
   * ("can we continue in English") or reports a problem (`reportsFault`: the user describing what
   * is broken, in the language they want help in). A message the question lets go as a new
   * request is decided again, as at the top level (`text`).
   */
  freeText?: boolean;
  /** Whether a message in `language` reports something broken (the matcher's fault phrases). */
  reportsFault?: (text: string, language: Lang) => boolean;
  /** The message to read, when not the activity's text (a request an open question let go). */
  text?: string;
  /** The content's word lists (language names); the shipped ones when absent. */
  words?: WordLists;
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
  const text = detection.text ?? (context.activity.type === 'message' ? (context.activity.text ?? '') : '');
  const detected = (detection.detect ?? detectLanguage)(text, remembered);
  const words = text.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;
  const keep =
    stored?.chosen === true ||
    (detection.answering === true && words < MIN_WORDS_TO_SWITCH_WHILE_ANSWERING) ||
    (detection.freeText === true &&
      !namesLanguage(text, detected, detection.words) &&
      detection.reportsFault?.(text, detected) !== true);
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
