import type { Activity } from 'botbuilder';
import { allLanguages, listsForReply, shippedWordLists, type LanguageWords, type WordLists } from '../words';
import { containsPhrase, phraseWords, tokens } from './choices';
import { wordMatches } from './choices/key-words';
import { choiceVocabulary } from './choices/vocabulary';
import { recogniseInterruption } from './interruptions';
import { recogniseTicketCommand } from './tickets';

/**
 * Longest message read as an answer in words ("nope, same problem again", "terrible, it took
 * forever"); a longer one is more likely a new problem than a reply to the question.
 */
export const MAX_ANSWER_WORDS = 12;

/**
 * The phrases of one kind the message holds (whole words; `word*` any ending), from every
 * language's lists, since people mix languages; each as its words, to compare their lengths.
 * With the conversation's `language`, a reply in that language is read with its lists alone
 * (`listsForReply`: German "tot" is a fault, Romanian "tot" is not).
 */
export function phrasesIn(
  text: string,
  lists: WordLists,
  pick: (words: LanguageWords) => readonly string[],
  language?: string,
): string[][] {
  const words = tokens(text);
  const read = language ? listsForReply(lists, language, words) : lists;
  return allLanguages(read, pick)
    .map(phraseWords)
    .filter((phrase) => containsPhrase(words, phrase))
    .map((phrase) => phrase.map((w) => w.word));
}

/**
 * Whether a reply to a question asked after a fix says the fix did not help after all ("no, it
 * didn't help", "nein, hat nicht geholfen", "nie, nie pomogło", "nu, nu a ajutat"): a `followUp`
 * `notHeld` phrase, with nothing around it but answer words and fillers ("no", "it", "still").
 * A message that says more ("my printer stopped working") may be a new problem and is not one.
 */
export function saysNotHelped(
  text: string,
  lists: WordLists = shippedWordLists(),
  language?: string,
): boolean {
  const words = tokens(text);
  if (words.length === 0 || words.length > MAX_ANSWER_WORDS) return false;
  const read = language ? listsForReply(lists, language, words) : lists;
  const found = allLanguages(read, (w) => w.followUp.notHeld)
    .map(phraseWords)
    .filter((phrase) => containsPhrase(words, phrase));
  if (found.length === 0) return false;
  const rest = words.filter((word) => !found.some((phrase) => phrase.some((p) => wordMatches(word, p))));
  return choiceVocabulary(lists).onlyAnswerWords(rest);
}

/** Whether the message reports something broken or asks for something, in the matcher's words. */
export function reportsProblem(
  text: string,
  lists: WordLists = shippedWordLists(),
  language?: string,
): boolean {
  return phrasesIn(text, lists, (w) => [...w.matching.fault, ...w.matching.request], language).length > 0;
}

/**
 * Whether a reply that answers no pending question is rather something new for the bot: help,
 * start over or a person; something about tickets; a problem or a request; or too long to be an
 * answer. Otherwise it is an unclear answer, worth asking the question once more for.
 */
export function isNewRequest(
  activity: Partial<Activity>,
  lists: WordLists = shippedWordLists(),
  language?: string,
): boolean {
  const text = activity.text ?? '';
  return (
    tokens(text).length > MAX_ANSWER_WORDS ||
    recogniseInterruption(activity, lists) !== undefined ||
    recogniseTicketCommand(text, lists) !== undefined ||
    reportsProblem(text, lists, language)
  );
}
