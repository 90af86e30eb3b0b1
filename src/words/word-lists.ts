import { z } from 'zod';

/**
 * The schema of `content/words/<lang>.yaml`: every per-language word list the conversation and
 * the matcher recognise. One file per language, so a new language is a new file. Words are
 * written folded (how messages are compared), which the schema checks: "zurück" would never
 * match and is reported instead of silently ignored.
 */

const FOLDED_HINT =
  'write it folded: lower case, no diacritics, no apostrophes ("zuruck", "didnt", "strasse")';

function isFolded(text: string): boolean {
  return text === text.toLowerCase() && !/\p{M}/u.test(text.normalize('NFKD')) && !/[łß'’`]/.test(text);
}

const folded = z.string().trim().min(1).max(80).refine(isFolded, FOLDED_HINT);
/** One word: letters and digits ("1st"). */
const word = folded.refine((w) => /^[\p{L}\p{N}]+$/u.test(w), 'one word only (letters and digits)');
/** Whole words separated by spaces. */
const phrase = folded.refine(
  (p) => /^[\p{L}\p{N}]+( [\p{L}\p{N}]+)*$/u.test(p),
  'words of letters and digits separated by single spaces',
);
/** A phrase whose last word may end in `*` (any ending: "scheiss*"). */
const stemPhrase = folded.refine(
  (p) => /^[\p{L}\p{N}]+( [\p{L}\p{N}]+)*\*?$/u.test(p),
  'words separated by single spaces, optionally ending in * (any ending)',
);

/** Every list is required in every file, so a forgotten kind is reported, not silently empty. */
const listError = (issue: { input?: unknown }) =>
  issue.input === undefined ? 'missing (write [] for an empty list)' : undefined;
/** A phrase whose words may end in `*` and contain hyphens ("stand-pc*", "calculator* fix"). */
const factPhrase = folded.refine(
  (p) => /^[\p{L}\p{N}-]+\*?( [\p{L}\p{N}-]+\*?)*$/u.test(p),
  'words of letters, digits and hyphens separated by single spaces, each optionally ending in *',
);
const LIST_MAX = 300;
const words = z.array(word, { error: listError }).max(LIST_MAX);
const phrases = z.array(phrase, { error: listError }).max(LIST_MAX);
const stemPhrases = z.array(stemPhrase, { error: listError }).max(LIST_MAX);
const factPhrases = z.array(factPhrase, { error: listError }).max(LIST_MAX);

/** Up to nine positions ("first" ... "ninth"); options beyond are picked by number. */
const ORDINALS_MAX = 9;

export const languageWordsSchema = z.strictObject({
  /** What switches the conversation to this language ("deutsch", "po niemiecku"), in any language. */
  language: z.strictObject({
    names: phrases.min(1),
    /** Words that may come before a name or code ("sprache: de"). */
    prefixes: words,
    /**
     * Polite words around a name that still make the message a switch ("english please", "can we
     * speak english", "auf deutsch bitte"); any other word makes it a message that mentions a language.
     */
    filler: words,
  }),
  interruptions: z.strictObject({
    help: phrases,
    restart: phrases,
    greeting: phrases,
    person: words,
    vaguePerson: words,
    contact: words,
    filler: words,
    /** One-word help requests answered in this language even when detection cannot tell ("hilfe"). */
    helpInLanguage: words,
    /**
     * Phrases of changing one's mind ("actually", "sorry i meant"): inside a diagnostic flow, a
     * message with one that names another topic is that topic, not an answer.
     */
    changeOfMind: phrases,
  }),
  back: z.strictObject({ phrases, filler: words }),
  choices: z.strictObject({
    yes: words,
    no: words,
    stop: words,
    none: words,
    filler: words,
    ordinals: z.array(words, { error: listError }).max(ORDINALS_MAX),
    last: words,
    weakFirst: words,
    ordinalFiller: words,
    /**
     * Words that tell what had been wrong ("was", "war", "był", "era"): a yes whose why is
     * negated ("yes, the cable was not plugged in") still says it worked, unless the why speaks of
     * the `outcome` ("yes, there was no change").
     */
    cause: words,
    outcome: words,
    /**
     * Phrases of a problem that went away while a question was open ("works now", "geht wieder",
     * "już działa", "merge acum"): the flow ends as solved instead of asking its question again.
     */
    solved: phrases,
  }),
  frustration: z.strictObject({
    stillBroken: stemPhrases,
    swearing: stemPhrases,
    useless: stemPhrases,
    repeated: stemPhrases,
    outrage: stemPhrases,
  }),
  /** Facts read from a message (the values are the flows' fact values). */
  facts: z.strictObject({
    devices: z.strictObject({
      laptop: factPhrases,
      desktop: factPhrases,
      phone: factPhrases,
      tablet: factPhrases,
      printer: factPhrases,
    }),
    /**
     * Words and names holding a device word that name no device: "telefonisch*" (by phone),
     * programs such as "power bi desktop" or "remote desktop*". Left out before devices are read.
     */
    notDevices: factPhrases,
    urgency: z.strictObject({ low: factPhrases, urgent: factPhrases, high: factPhrases }),
    /** Words before a colon that introduce an error message ("it says: ..."). */
    messageLead: factPhrases,
    /**
     * What access is asked to ("access to the finance folder"): the words after an `accessLead`
     * up to sentence punctuation or an `accessEnd` phrase, kept only when one of them is not in
     * `accessGeneric` ("a shared folder" names nothing to give access to).
     */
    accessLead: factPhrases,
    accessEnd: factPhrases,
    accessGeneric: factPhrases,
    /**
     * A request's details said up front, so its form does not ask again: the name or e-mail
     * address right after `approverLead` phrases ("approved by my manager Anna Smith"), and the
     * sentence from a `reasonLead` ("because I joined the budget project"). Read only in a message
     * that asks for something (`matching.request`) and reports nothing broken (`matching.fault`).
     */
    approverLead: factPhrases,
    reasonLead: factPhrases,
  }),
  /**
   * Tickets in chat: a message naming a ticket number (HD-1001) asks for its status unless it adds
   * to it, closes it or says it is broken again; "my tickets" lists the user's own.
   */
  tickets: z.strictObject({
    /** The whole message, `filler` removed, that asks for the user's tickets ("my tickets"). */
    mine: phrases,
    /** Words around "my tickets" that change nothing ("show me the status of ..."). */
    filler: words,
    /** A word before the number that makes the rest a comment ("add to HD-1001: ..."). */
    add: words,
    /** Words between the number and the comment itself ("hinzu", "that"), left out of it. */
    commentLead: words,
    /** Asks to close the ticket, also as a question ("can you close HD-1001?"). */
    close: stemPhrases,
    /** Says it is fixed; closes unless the message is a question ("is HD-1001 fixed?"). */
    fixed: stemPhrases,
    /** A negation anywhere stops a close ("don't close HD-1001", "HD-1001 is not fixed"). */
    negation: words,
    /** It is broken again: reopens a recently resolved ticket of the user. */
    reopen: stemPhrases,
    /** Words next to a reopen phrase that name no subject ("oh no, it's broken again"). */
    reopenFiller: words,
  }),
  /**
   * "Did the fix hold?" answered in the user's own words (src/dialogs/followup), beyond yes and no:
   * a `notHeld` phrase anywhere reopens the ticket ("nope, same problem again"), else a `held`
   * phrase closes it ("still works fine").
   */
  followUp: z.strictObject({ held: stemPhrases, notHeld: stemPhrases }),
  /**
   * A rating given in words after a resolution ("very happy", "sehr zufrieden"): the score of the
   * longest phrase the message holds; two scores tied for the longest ("good but slow") are no rating.
   */
  rating: z.strictObject({
    five: stemPhrases,
    four: stemPhrases,
    three: stemPhrases,
    two: stemPhrases,
    one: stemPhrases,
  }),
  /**
   * How the knowledge-base matcher reads the parts of a message. A clause (between punctuation or
   * a `contrast` word) with a `working` word and no `negation` says what still works ("wifi works
   * fine"): context, not the problem. `request` and `fault` phrases tell a service request ("I
   * need", "can I get") from a report of something broken ("not working", "error").
   */
  matching: z.strictObject({
    contrast: words,
    working: stemPhrases,
    /**
     * Words that say something works only at the end of a clause, with nothing but function words
     * after them ("WLAN geht", "in Teams geht sie"; not "geht in Rente", "es geht um").
     */
    workingLast: words,
    negation: words,
    request: stemPhrases,
    fault: stemPhrases,
    /**
     * Words that name nothing affected ("nothing", "everything", "nichts", "nic", "nimic"): like
     * the one-word `working` entries, no evidence of what the problem is about, so "nichts geht"
     * is asked about ("which of these?"), never answered outright with an article.
     */
    unnamed: words,
    /**
     * Phrases that start a second, separate problem in one message ("and also", "außerdem",
     * "a poza tym", "și în plus"): the bot helps with the first and comes back to the second.
     */
    another: phrases,
  }),
  /**
   * Read once a message matched a request topic (`request: true` in taxonomy.yaml), never to rank
   * topics: besides `matching.fault`, phrases that say something on the topic is broken ("not
   * getting emails from the list", "nie widzę skrzynki", "seit heute") rather than asked for. Such
   * a message is walked through the article's fault steps, not given the request form, unless it
   * also holds a `matching.request` phrase or one of `request`: what asks for something on such a
   * topic beyond the matcher's request words ("remove my old roles", "please renew", "instead of").
   */
  requestTopics: z.strictObject({ fault: stemPhrases, request: stemPhrases }),
  stopWords: z.array(word, { error: listError }).max(2000),
});

export type LanguageWords = z.infer<typeof languageWordsSchema>;
export type FrustrationLexicon = LanguageWords['frustration'];

/** Every language's word lists, by language code (the file name: `de.yaml` is `de`). */
export type WordLists = Readonly<Record<string, LanguageWords>>;

/** One kind's words across every language: recognition is language-independent, people mix. */
export function allLanguages<T>(lists: WordLists, pick: (words: LanguageWords) => readonly T[]): T[] {
  return Object.values(lists).flatMap((w) => [...pick(w)]);
}

/** Every word of a language's lists but the language names (phrases split, `*` endings as prefixes). */
interface LanguageVocabulary {
  exact: ReadonlySet<string>;
  prefixes: readonly string[];
}

const vocabularies = new WeakMap<LanguageWords, LanguageVocabulary>();
const narrowed = new WeakMap<WordLists, Map<string, WordLists>>();

function vocabularyOf(words: LanguageWords): LanguageVocabulary {
  let vocabulary = vocabularies.get(words);
  if (vocabulary) return vocabulary;
  const all: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') all.push(...value.split(' '));
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  const { language: _names, ...lists } = words;
  collect(lists);
  vocabulary = {
    exact: new Set(all.filter((w) => !w.endsWith('*'))),
    prefixes: all.filter((w) => w.endsWith('*')).map((w) => w.slice(0, -1)),
  };
  vocabularies.set(words, vocabulary);
  return vocabulary;
}

/**
 * The lists to read a reply with: those of the language most of the reply's words belong to, the
 * conversation's language winning a tie; every language's when no word belongs to any (a user may
 * answer in another language). Words mean different things across languages: German "tot" (dead)
 * is a fault, Romanian "tot" (still, all) is not; Polish "no" (yeah) is no English "no"; German
 * "ordentlich" is no English "order". So one German-looking word in a Romanian reply ("tot nu
 * merge" in a German conversation) no longer has it read as German. `tokens` are the reply's
 * folded words.
 */
export function listsForReply(lists: WordLists, language: string, tokens: readonly string[]): WordLists {
  const counts = Object.entries(lists).map(([lang, words]) => {
    const vocabulary = vocabularyOf(words);
    const known = tokens.filter(
      (t) => vocabulary.exact.has(t) || vocabulary.prefixes.some((p) => t.startsWith(p)),
    ).length;
    return { lang, known };
  });
  const most = Math.max(0, ...counts.map((c) => c.known));
  if (most === 0) return lists;
  const own = counts.find((c) => c.lang === language);
  const readIn = own?.known === most ? [language] : counts.filter((c) => c.known === most).map((c) => c.lang);
  if (readIn.length === counts.length) return lists;
  return narrowedTo(lists, readIn);
}

/** The lists of `languages` alone, the same object each time (recognisers cache by the lists). */
function narrowedTo(lists: WordLists, languages: readonly string[]): WordLists {
  let byLanguages = narrowed.get(lists);
  if (!byLanguages) narrowed.set(lists, (byLanguages = new Map()));
  const key = languages.join(',');
  let only = byLanguages.get(key);
  if (!only) {
    only = Object.fromEntries(languages.map((lang) => [lang, lists[lang]!]));
    byLanguages.set(key, only);
  }
  return only;
}
