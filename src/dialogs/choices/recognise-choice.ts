import type { Activity } from 'botbuilder';
import { foldText } from '../../i18n/language-names';
import { CHOICE_LABEL_KEY, CHOICE_VALUE_KEY, type ChoiceOption } from './choice-types';
import { editDistance, keyWordChoice, phraseWords, wordMatches } from './key-words';
import { shippedWordLists, type WordLists } from '../../words';
import { choiceVocabulary, type ChoiceVocabulary } from './vocabulary';

/** Folded words of a message: lower case, no diacritics, apostrophes and hyphens joined ("didn't", "Wi-Fi"). */
export function tokens(text: string): string[] {
  return foldText(text)
    .replace(/['’`-]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
}

/** The option value a card button sent, if the activity is a card submit. */
export function submittedChoice(activity: Partial<Activity>): string | undefined {
  const value: unknown = activity.value;
  if (!value || typeof value !== 'object' || !(CHOICE_VALUE_KEY in value)) return undefined;
  const choice = (value as Record<string, unknown>)[CHOICE_VALUE_KEY];
  return typeof choice === 'string' ? choice : undefined;
}

const CLICK_TEXT_MAX = 500;

/**
 * What the user said, as text a person can read: the typed text, or for a card click (an
 * Action.Submit carries `value` and no text) the label of the button they pressed. Cards of
 * other origin give their submitted values. Empty when there is nothing to show.
 */
export function clickedText(activity: Partial<Activity>): string {
  const typed = (activity.text ?? '').trim();
  if (typed) return typed;
  const value: unknown = activity.value;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return '';
  const data = value as Record<string, unknown>;
  const label = data[CHOICE_LABEL_KEY];
  if (typeof label === 'string' && label.trim()) return label.trim().slice(0, CLICK_TEXT_MAX);
  const choice = data[CHOICE_VALUE_KEY];
  if (typeof choice === 'string' && choice.trim()) return choice.trim().slice(0, CLICK_TEXT_MAX);
  const shown = Object.entries(data)
    .filter(([key, v]) => key !== 'msteams' && ['string', 'number', 'boolean'].includes(typeof v))
    .map(([, v]) => String(v).trim())
    .filter(Boolean);
  return shown.join(', ').slice(0, CLICK_TEXT_MAX);
}

/**
 * Which option the user picked: a card button, a number or ordinal ("2", "der zweite", "a doua"),
 * a yes/no/stop word for options with that meaning, (a close spelling of) an option's label or
 * synonym, or a key word only one option has ("nagle" for "Nagle, od dzisiaj"). `question` is
 * the question asked: its words, echoed in an answer, do not count against a pick. `lists` are
 * the content's word lists (content/words); the shipped ones by default.
 * Undefined when the message is none of these; it may then be a new problem.
 */
export function recogniseChoice(
  activity: Partial<Activity>,
  options: readonly ChoiceOption[],
  question?: string,
  lists: WordLists = shippedWordLists(),
): string | undefined {
  const vocabulary = choiceVocabulary(lists);
  const submitted = submittedChoice(activity);
  if (submitted !== undefined) return options.some((o) => o.value === submitted) ? submitted : undefined;
  const words = tokens(activity.text ?? '');
  if (words.length === 0 || words.length > 12) return undefined;
  const byLabel = matchLabel(words, options, vocabulary);
  if (byLabel?.exact) return byLabel.value;
  const meaning = vocabulary.meaningOf(words);
  const meant = meaning && options.find((o) => o.meaning === meaning);
  if (meant) return meant.value;
  const position = vocabulary.ordinalOf(words, options.length);
  if (position !== undefined) return options[position]?.value;
  return byLabel?.value ?? keyWordChoice(words, options, vocabulary, question ? tokens(question) : []);
}

/**
 * The option whose label or synonym a longer reply opens with, and what follows it: "my manager
 * Tom Baker", "for my colleague Maria Lopez" (a `mentions` phrase), "Windows 11 on a new Dell": the
 * pick comes first, detail after. Options that mean yes, no or stop are left to `leadingYesNo`;
 * the longest opening wins.
 */
export function leadingOption(
  text: string,
  options: readonly ChoiceOption[],
): { value: string; rest: string } | undefined {
  const words = tokens(text);
  let best: { value: string; length: number } | undefined;
  for (const option of options) {
    if (option.meaning !== undefined) continue;
    for (const candidate of [option.label, ...(option.synonyms ?? []), ...(option.mentions ?? [])]) {
      const phrase = phraseWords(candidate);
      if (phrase.length === 0 || phrase.length > words.length || phrase.some((w) => w.gap)) continue;
      if (!phrase.every((w, i) => wordMatches(words[i]!, w))) continue;
      // The whole reply is a label ("Managerul meu"): a plain pick, whatever shorter synonym opens it.
      if (phrase.length === words.length) return undefined;
      if (!best || phrase.length > best.length) best = { value: option.value, length: phrase.length };
    }
  }
  if (!best) return undefined;
  // The same number of words off the text as written, and the punctuation after them.
  const rest = text
    .trim()
    .split(/\s+/)
    .slice(best.length)
    .join(' ')
    .replace(/^[\s,.;:!?–—-]+/u, '');
  return { value: best.value, rest };
}

/** Where one clause of a reply ends: a punctuation mark or a dash between words. */
const CLAUSE_BREAK = /\s*(?:[,.;:!?]|\s[–—-])\s*/u;

/**
 * The yes or no a longer answer opens with: "yes, it fell off the desk yesterday", "nein – gar
 * nichts", "tak. spadł wczoraj". Only the clause before the first break counts, and only when it
 * is made of answer words alone; the rest may be detail or a new problem, which the caller decides.
 */
export function leadingYesNo(text: string, lists: WordLists = shippedWordLists()): 'yes' | 'no' | undefined {
  const [head, tail] = text.trim().split(CLAUSE_BREAK, 2);
  if (!head || !tail || tokens(tail).length === 0) return undefined;
  const meaning = choiceVocabulary(lists).meaningOf(tokens(head));
  return meaning === 'yes' || meaning === 'no' ? meaning : undefined;
}

/**
 * A yes to "did that work?" followed by why: "yes it worked, the clock was wrong", "tak, pomogło,
 * złe konto było". A negation in the why ("yes, no change") leaves it unclear, unless another
 * clause says once more that it worked ("pomogło") or the why tells what had been wrong ("tak,
 * kabel nie był podłączony": a `cause` word, no `outcome` word).
 */
export function yesWithWhy(text: string, lists: WordLists = shippedWordLists()): boolean {
  if (leadingYesNo(text, lists) !== 'yes') return false;
  const rest = text.trim().split(CLAUSE_BREAK).slice(1);
  const vocabulary = choiceVocabulary(lists);
  if (rest.some((clause) => vocabulary.meaningOf(tokens(clause)) === 'yes')) return true;
  const why = rest.join(' ');
  return !negatedStatement(why, lists) || vocabulary.tellsCause(tokens(why));
}

/** Longest reply read as a "no" with a detail; a longer one is rather a description. */
const MAX_NEGATED_STATEMENT = 12;

/**
 * A no that says more than no: a no word together with words that say something ("nie włącza
 * się", "still no signal", "the screen doesn't light up"). To "did that work?" it answers no and
 * tells what the user saw, which the caller keeps; it is never a pick of a bare "No" option
 * (`recogniseChoice`), since the no may negate the user's own verb rather than the question.
 */
export function negatedStatement(text: string, lists: WordLists = shippedWordLists()): boolean {
  const words = tokens(text);
  if (words.length === 0 || words.length > MAX_NEGATED_STATEMENT) return false;
  const vocabulary = choiceVocabulary(lists);
  return words.some((w) => vocabulary.isNegation(w)) && vocabulary.substantiveWords(words).length > 0;
}

interface LabelMatch {
  value: string;
  exact: boolean;
}

/** Best option whose label (or synonym) covers most of its words in the message, typos allowed. */
function matchLabel(
  words: readonly string[],
  options: readonly ChoiceOption[],
  vocabulary: ChoiceVocabulary,
): LabelMatch | undefined {
  const joined = words.join(' ');
  const content = vocabulary.contentWords(words);
  const negated = words.some((w) => vocabulary.isNegation(w));
  let best: { value: string; score: number } | undefined;
  let tie = false;
  for (const option of options) {
    for (const candidate of [option.label, ...(option.synonyms ?? [])]) {
      const label = tokens(candidate);
      if (label.length === 0) continue;
      if (label.join(' ') === joined) return { value: option.value, exact: true };
      // A message that merely mentions a label word ("drukarka nie drukuje" vs "Nie") is more
      // likely a new problem than a pick: allow one word beyond the label, fillers aside.
      if (content.length > label.length + 1) continue;
      // A label that is an answer alone ("Nie", "No") is no pick for a no that says more: in
      // "nie włącza się" (it doesn't turn on) the no negates the user's verb, not the question.
      if (negated && vocabulary.onlyAnswerWords(label)) {
        const beyond = vocabulary.substantiveWords(words).filter((w) => !label.some((l) => similar(w, l)));
        if (beyond.length > 0) continue;
      }
      const covered = label.filter((l) => words.some((w) => similar(w, l))).length / label.length;
      if (covered < 0.67) continue;
      if (!best || covered > best.score) {
        tie = false;
        best = { value: option.value, score: covered };
      } else if (covered === best.score && best.value !== option.value) tie = true;
    }
  }
  return best && !tie ? { value: best.value, exact: false } : undefined;
}

function similar(a: string, b: string): boolean {
  if (a === b) return true;
  const shorter = Math.min(a.length, b.length);
  // Short words are too close to each other ("mein"/"nein") to forgive a typo.
  if (shorter < 5) return false;
  return editDistance(a, b, 2) <= (shorter >= 8 ? 2 : 1);
}
