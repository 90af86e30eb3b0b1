import { LANGUAGES, type Lang } from '../../i18n/languages';
import { coveredBy, mentionsAny, phraseList, words, type Phrase } from './phrases';
import { SMALL_TALK_KINDS, type SmallTalkContent, type SmallTalkKind } from './small-talk-content';

/** Small talk is a short message: anything longer is about something. */
const MAX_SMALL_TALK_WORDS = 10;
/** Feedback is a remark, not a story: a long message goes to the matcher as a problem. */
const MAX_FEEDBACK_WORDS = 20;
/** When a message is several kinds at once ("hi, what can you do?"), the later ones answer it. */
const PRECEDENCE: readonly SmallTalkKind[] = ['greeting', 'thanks', 'goodbye', 'identity', 'capabilities'];

export interface SmallTalkMatch {
  kind: SmallTalkKind;
  /** The language whose phrases matched. */
  language: Lang;
}

export interface OutOfScopeMatch {
  /** The area's id, the same in every language (`hr`, `facilities`, ...). */
  area: string;
  language: Lang;
}

export interface FeedbackMatch {
  sentiment: 'positive' | 'negative';
  language: Lang;
  /** The words that are neither about the help nor the judgement: they may name the topic. */
  rest: string;
}

interface LanguagePhrases {
  kinds: { kind: SmallTalkKind; phrases: Phrase[] }[];
  fillers: ReadonlySet<string>;
  itWords: Phrase[];
  areas: { id: string; phrases: Phrase[] }[];
  subjects: Phrase[];
  negative: Phrase[];
  positive: Phrase[];
}

/**
 * Recognises the messages that are not IT problems: small talk (the whole message), questions
 * outside IT, and feedback on the help. Phrases of the turn's language are tried first, then
 * the others', since "danke" in an English chat is still thanks.
 */
export class SmallTalkRecogniser {
  private readonly byLanguage: Record<Lang, LanguagePhrases>;

  constructor(content: SmallTalkContent) {
    this.byLanguage = Object.fromEntries(
      LANGUAGES.map((lang) => {
        const file = content[lang];
        const prepared: LanguagePhrases = {
          kinds: SMALL_TALK_KINDS.map((kind) => ({
            kind,
            phrases: phraseList(file.smallTalk[kind].phrases),
          })),
          fillers: new Set(file.fillers.flatMap(words)),
          itWords: phraseList(file.outOfScope.itWords),
          areas: file.outOfScope.areas.map((a) => ({ id: a.id, phrases: phraseList(a.phrases) })),
          subjects: phraseList(file.feedback.subjects),
          negative: phraseList(file.feedback.negative),
          positive: phraseList(file.feedback.positive),
        };
        return [lang, prepared];
      }),
    ) as Record<Lang, LanguagePhrases>;
  }

  /** The kind of small talk when the whole message is small talk ("ok thanks, bye!"). */
  smallTalk(text: string, language: Lang): SmallTalkMatch | undefined {
    const said = words(text);
    if (said.length === 0 || said.length > MAX_SMALL_TALK_WORDS) return undefined;
    for (const lang of inOrder(language)) {
      const kind = this.wholeMessageKind(said, this.byLanguage[lang]);
      if (kind) return { kind, language: lang };
    }
    return undefined;
  }

  /** The area outside IT the message asks about; never when it names anything IT. */
  outOfScope(text: string, language: Lang): OutOfScopeMatch | undefined {
    const said = words(text);
    if (LANGUAGES.some((lang) => mentionsAny(said, this.byLanguage[lang].itWords))) return undefined;
    for (const lang of inOrder(language)) {
      const area = this.byLanguage[lang].areas.find((a) => mentionsAny(said, a.phrases));
      if (area) return { area: area.id, language: lang };
    }
    return undefined;
  }

  /** A judgement of the help ("the VPN guide was useless"): names the help and judges it. */
  feedback(text: string, language: Lang): FeedbackMatch | undefined {
    const said = words(text);
    if (said.length === 0 || said.length > MAX_FEEDBACK_WORDS) return undefined;
    for (const lang of inOrder(language)) {
      const phrases = this.byLanguage[lang];
      if (!mentionsAny(said, phrases.subjects)) continue;
      // "not helpful" contains "helpful": a negative judgement wins over a positive one.
      const sentiment = mentionsAny(said, phrases.negative)
        ? 'negative'
        : mentionsAny(said, phrases.positive)
          ? 'positive'
          : undefined;
      if (!sentiment) continue;
      const covered = coveredBy(said, [...phrases.subjects, ...phrases.negative, ...phrases.positive]);
      const rest = said.filter((w, i) => !covered[i] && !phrases.fillers.has(w)).join(' ');
      return { sentiment, language: lang, rest };
    }
    return undefined;
  }

  private wholeMessageKind(said: readonly string[], phrases: LanguagePhrases): SmallTalkKind | undefined {
    const found = new Set<SmallTalkKind>();
    let at = 0;
    while (at < said.length) {
      const hit = longestAt(said, at, phrases);
      if (hit) {
        found.add(hit.kind);
        at += hit.length;
      } else if (phrases.fillers.has(said[at]!)) at += 1;
      else return undefined;
    }
    return [...PRECEDENCE].reverse().find((kind) => found.has(kind));
  }
}

function longestAt(
  said: readonly string[],
  at: number,
  phrases: LanguagePhrases,
): { kind: SmallTalkKind; length: number } | undefined {
  let best: { kind: SmallTalkKind; length: number } | undefined;
  for (const { kind, phrases: list } of phrases.kinds) {
    const phrase = list.find((p) => p.matchesAt(said, at));
    if (phrase && phrase.length > (best?.length ?? 0)) best = { kind, length: phrase.length };
  }
  return best;
}

function inOrder(first: Lang): Lang[] {
  return [first, ...LANGUAGES.filter((lang) => lang !== first)];
}
