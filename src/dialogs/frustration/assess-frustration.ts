import { foldText } from '../../i18n/language-names';
import { allLanguages, shippedWordLists, type FrustrationLexicon, type WordLists } from '../../words';

export type FrustrationCue =
  | 'still-broken'
  | 'repeated-still-broken'
  | 'keeps-happening'
  | 'outrage'
  | 'swearing'
  | 'useless'
  | 'all-caps'
  | 'exclamations';

/** Kept per conversation (plain JSON) so frustration builds up over several messages. */
export interface FrustrationState {
  score: number;
  /** How often the user has said it still doesn't work in this conversation. */
  stillBroken: number;
  /** A person was offered because of frustration and not asked for since. */
  offered?: boolean;
}

export interface FrustrationSignal {
  /** True when the score crossed the threshold with this message: reply with empathy, offer a person. */
  frustrated: boolean;
  score: number;
  cues: FrustrationCue[];
  /**
   * True when the message is only a complaint about the service ("why does nobody answer??",
   * "to jest bez sensu"): it names nothing that is broken, so it is not a problem to look up.
   */
  complaintOnly: boolean;
  /** Store this for the next message. */
  state: FrustrationState;
}

export const FRUSTRATION_THRESHOLD = 3;
const WEIGHTS: Record<FrustrationCue, number> = {
  'still-broken': 1,
  'repeated-still-broken': 2,
  'keeps-happening': 2,
  outrage: 2,
  swearing: 2,
  useless: 3,
  'all-caps': 1.5,
  exclamations: 1,
};
/** A calm message halves what has built up, so one bad moment an hour ago does not count forever. */
const CALM_DECAY = 0.5;
/** "useless" in a long message about files or apps ("delete useless files") is weak evidence. */
const USELESS_CONTEXT_WORDS = 8;

type Matcher = (words: string) => boolean;

/** All phrases in one alternation: one regex run per message instead of one per phrase. */
function phrasePattern(phrases: readonly string[], flags = ''): RegExp | undefined {
  if (phrases.length === 0) return undefined;
  const bodies = phrases.map((p) => {
    const stem = p.endsWith('*');
    const body = (stem ? p.slice(0, -1) : p).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
    return `${body}${stem ? '\\S*' : ''}`;
  });
  return new RegExp(`(?:^|\\s)(?:${bodies.join('|')})(?=\\s|$)`, flags);
}

function phraseMatcher(phrases: readonly string[]): Matcher {
  const pattern = phrasePattern(phrases);
  return pattern ? (words) => pattern.test(words) : () => false;
}

/** The kinds of phrase that say how the user feels about the service, not what is broken. */
const COMPLAINT_KINDS = ['outrage', 'useless', 'swearing', 'repeated'] as const;
/** The kinds that say nothing about the problem ("repeated" does: it keeps happening). */
const FEELING_KINDS = ['outrage', 'useless', 'swearing'] as const;
const COMPLAINT_CUES: ReadonlySet<FrustrationCue> = new Set([
  'outrage',
  'useless',
  'swearing',
  'keeps-happening',
]);

type Lexicon = Record<keyof FrustrationLexicon, Matcher> & {
  /** Every complaint phrase and "it still fails" ("nothing works"), to take out of a message (global). */
  complaints: RegExp | undefined;
  /** Swearing, outrage and "useless bot": how the user feels, never what is broken (global). */
  feelings: RegExp | undefined;
  /** Every language's function words, folded. */
  stopWords: ReadonlySet<string>;
};

/** Every language's phrases of each kind in one matcher, built once per word lists. */
const lexicons = new WeakMap<WordLists, Lexicon>();
function lexiconOf(words: WordLists): Lexicon {
  let lexicon = lexicons.get(words);
  if (!lexicon) {
    const kind = (pick: (l: FrustrationLexicon) => string[]) =>
      phraseMatcher(allLanguages(words, (w) => pick(w.frustration)));
    lexicon = {
      stillBroken: kind((l) => l.stillBroken),
      swearing: kind((l) => l.swearing),
      useless: kind((l) => l.useless),
      repeated: kind((l) => l.repeated),
      outrage: kind((l) => l.outrage),
      complaints: phrasePattern(
        allLanguages(words, (w) =>
          [...COMPLAINT_KINDS, 'stillBroken' as const].flatMap((k) => w.frustration[k]),
        ),
        'g',
      ),
      feelings: phrasePattern(
        allLanguages(words, (w) => FEELING_KINDS.flatMap((k) => w.frustration[k])),
        'g',
      ),
      stopWords: new Set(allLanguages(words, (w) => w.stopWords).map(normalise)),
    };
    lexicons.set(words, lexicon);
  }
  return lexicon;
}

/** Lower case, no diacritics or apostrophes, words separated by single spaces. */
function normalise(text: string): string {
  return foldText(text)
    .replace(/ß/g, 'ss')
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Shouting: most longer words in capitals. Error codes (CRITICAL_PROCESS_DIED, 0x80070005) and
 * short acronyms (VPN, MFA, WLAN) are left out, so pasting an error is not shouting.
 */
export function isShouting(text: string): boolean {
  const words = text
    .split(/\s+/)
    .filter((w) => !/[_\d]/.test(w))
    .map((w) => w.replace(/[^\p{L}]/gu, ''))
    .filter((w) => w.length >= 3);
  const loud = words.filter((w) => w.length >= 3 && w === w.toUpperCase() && w !== w.toLowerCase());
  const longLoud = loud.filter((w) => w.length >= 5);
  return loud.length >= 3 && longLoud.length >= 1 && loud.length / words.length >= 0.7;
}

/** `lists` are the word lists of the content folder (content/words); the shipped ones by default. */
export function cuesIn(
  text: string,
  previous: FrustrationState,
  lists: WordLists = shippedWordLists(),
): FrustrationCue[] {
  return cuesInNormalised(text, normalise(text), previous, lists);
}

/** cuesIn with the message already normalised (assessFrustration needs that form too). */
function cuesInNormalised(
  text: string,
  words: string,
  previous: FrustrationState,
  lists: WordLists,
): FrustrationCue[] {
  const lexicon = lexiconOf(lists);
  const cues: FrustrationCue[] = [];
  if (lexicon.stillBroken(words))
    cues.push(previous.stillBroken >= 1 ? 'repeated-still-broken' : 'still-broken');
  if (lexicon.repeated(words)) cues.push('keeps-happening');
  if (lexicon.outrage(words)) cues.push('outrage');
  if (lexicon.swearing(words)) cues.push('swearing');
  if (lexicon.useless(words)) cues.push('useless');
  if (isShouting(text)) cues.push('all-caps');
  if (/!{3,}|(?:[!?]\s*){4,}/.test(text) || (text.match(/!/g)?.length ?? 0) >= 4) cues.push('exclamations');
  return cues;
}

/**
 * Once its complaint phrases, "it still fails" phrases ("nothing works") and function words are
 * taken out, no word is left of the message that could say what is broken. Looked up anyway,
 * "why does nobody answer" finds the app that is "not responding" and "bez sensu" a full disk.
 */
function isComplaintOnly(words: string, lexicon: Lexicon): boolean {
  if (!lexicon.complaints) return false;
  const rest = words.replace(lexicon.complaints, ' ');
  if (rest === words) return false;
  return rest.split(' ').every((w) => w === '' || lexicon.stopWords.has(w));
}

/**
 * The message without its swearing, outrage and "useless bot" phrases, for looking the problem
 * up: "Scheiße, Outlook stürzt ständig ab, das ist lächerlich" is about Outlook crashing, and the
 * angry words only blur the match. "Nothing works" and "still fails" stay: they say something is
 * broken. A message of nothing but such phrases stays as it is. Each stretch between
 * punctuation marks is searched on its own (phrases match folded words); the punctuation is kept
 * for the clause and "and also" splits.
 */
export function withoutFeelings(text: string, lists: WordLists = shippedWordLists()): string {
  const { feelings, stopWords } = lexiconOf(lists);
  if (!feelings) return text;
  let changed = false;
  const kept = text.replace(/[^.,;:!?()\n]+/g, (stretch) => {
    const folded = normalise(stretch);
    const rest = folded.replace(feelings, ' ').trim();
    if (rest === folded) return stretch;
    changed = true;
    return ` ${rest} `;
  });
  if (!changed) return text;
  const words = normalise(kept).split(' ');
  return words.some((w) => w !== '' && !stopWords.has(w)) ? kept : text;
}

/**
 * Scores one message on top of what the conversation built up. The root dialog calls this for
 * every message and, when `frustrated` is true, answers with empathy and offers a person
 * straight away instead of waiting for the current flow to end.
 */
export function assessFrustration(
  text: string,
  previous?: FrustrationState,
  lists: WordLists = shippedWordLists(),
): FrustrationSignal {
  const before: FrustrationState = previous ?? { score: 0, stillBroken: 0 };
  const words = normalise(text);
  const cues = cuesInNormalised(text, words, before, lists);
  const wordCount = words.split(' ').filter(Boolean).length;
  const weight = cues.reduce((sum, cue) => {
    const weak = cue === 'useless' && wordCount > USELESS_CONTEXT_WORDS;
    return sum + (weak ? 1 : WEIGHTS[cue]);
  }, 0);
  const stillBroken = before.stillBroken + (cues.some((c) => c.endsWith('still-broken')) ? 1 : 0);
  const score = weight > 0 ? before.score + weight : before.score * CALM_DECAY;
  const complaintOnly = cues.some((c) => COMPLAINT_CUES.has(c)) && isComplaintOnly(words, lexiconOf(lists));
  // A message that is nothing but a complaint is answered with empathy whatever the score: the
  // alternative is "I didn't get that" or an unrelated article.
  const frustrated = score >= FRUSTRATION_THRESHOLD || complaintOnly;
  // After a signal the count starts again, so the offer is not repeated on every following message.
  const state = frustrated
    ? { score: 0, stillBroken: 0, offered: true }
    : { score, stillBroken, offered: before.offered };
  return { frustrated, score, cues, complaintOnly, state };
}
