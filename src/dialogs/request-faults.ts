import type { DialogContext } from 'botbuilder-dialogs';
import type { Lang } from '../i18n/languages';
import { foldedTokens } from '../knowledge/matcher/normalize';
import { phrasesPattern } from '../knowledge/matcher/phrase-pattern';
import { shippedWordLists, type WordLists } from '../words';
import type { CaseFileSource } from './case-file';
import type { KnowledgeLookup } from './knowledge-lookup';

/**
 * A fault reported on a request topic. Topics marked `request: true` (a distribution list, a
 * shared mailbox, a licence) are mostly asked for, but users also report them broken: "ich
 * bekomme keine Mails von der Verteilerliste", "nie widzę skrzynki współdzielonej od wczoraj".
 * Such a message is troubleshot with the article's fault steps and ends, if nothing helps, in an
 * ordinary hand-over, not in a request ticket. Which topic matched is not changed here.
 */
export interface RequestFaultDeps {
  knowledge: Pick<KnowledgeLookup, 'textKind'>;
  cases: CaseFileSource;
  words?: WordLists;
}

interface Patterns {
  fault?: RegExp;
  request?: RegExp;
}

const patterns = new WeakMap<WordLists, Map<string, Patterns>>();

/** `requestTopics` of one language as patterns, built once per word lists. */
function patternsFor(words: WordLists, lang: Lang): Patterns {
  let byLang = patterns.get(words);
  if (!byLang) patterns.set(words, (byLang = new Map()));
  let found = byLang.get(lang);
  if (!found) {
    const lists = words[lang]?.requestTopics;
    found = { fault: phrasesPattern(lists?.fault ?? []), request: phrasesPattern(lists?.request ?? []) };
    byLang.set(lang, found);
  }
  return found;
}

/**
 * Whether the texts report a fault rather than ask for something: one of them holds a fault
 * phrase (`matching.fault`, read as the matcher reads it, or `requestTopics.fault`) and none a
 * request phrase (`matching.request` or `requestTopics.request`: "please add me", "potrzebuję",
 * "please renew"), which keeps the request form.
 */
export function readsAsFault(
  texts: readonly string[],
  lang: Lang,
  knowledge: RequestFaultDeps['knowledge'],
  words: WordLists = shippedWordLists(),
): boolean {
  const own = patternsFor(words, lang);
  let fault = false;
  for (const text of texts) {
    const kind = knowledge.textKind(text, lang);
    const folded = foldedTokens(text).words.join(' ');
    if (kind.request || own.request?.test(folded)) return false;
    fault ||= kind.fault || (own.fault?.test(folded) ?? false);
  }
  return fault;
}

/**
 * Whether the message a request topic was matched for reports a fault. `part` is the part of the
 * message the match answers (two problems in one message); else the message itself and the
 * problem as described last, since after "which of these?" the message is only the click.
 */
export async function reportsFault(
  dc: DialogContext,
  part: string | undefined,
  lang: Lang,
  deps: RequestFaultDeps,
): Promise<boolean> {
  return readsAsFault(await problemTexts(dc, part, lang, deps.cases), lang, deps.knowledge, deps.words);
}

/**
 * What the user wrote about the problem a match answers: `part`, when it is the part of the
 * message the match is for (two problems in one message); else the message itself and the problem
 * as described last, since after "which of these?" the message is only the click.
 */
export async function problemTexts(
  dc: DialogContext,
  part: string | undefined,
  lang: Lang,
  cases: CaseFileSource,
): Promise<string[]> {
  const texts = part !== undefined ? [part] : [dc.context.activity.text ?? ''];
  if (part === undefined) {
    const described = (await cases.current(dc.context, lang)).descriptions.at(-1);
    if (described !== undefined && described !== texts[0]) texts.push(described);
  }
  return texts.filter((t) => t.trim() !== '');
}
