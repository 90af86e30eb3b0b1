import type { Activity } from 'botbuilder';
import type { Catalogue } from '../../i18n';
import { LANGUAGES, type Lang } from '../../i18n/languages';
import {
  containsPhrase,
  leadingOption,
  leadingYesNo,
  negatedStatement,
  phraseWords,
  recogniseChoice,
  type PhraseWord,
  tokens,
  type ChoiceOption,
} from '../choices';
import { extractFacts, findErrorCodes } from '../facts';
import { phrasesIn } from '../answer-words';
import { localise } from './flow-library';
import {
  FACT_VALUES,
  type Condition,
  type FactName,
  type FlowNode,
  type LocalPhrases,
  type NodeOf,
} from './flow-schema';
import type { FlowStrings } from './flow-strings';
import { allLanguages, shippedWordLists, type WordLists } from '../../words';

/** What the user's message meant for the node on screen. */
/**
 * `tentative`: read from the yes or no (or the option) a longer message opens with; the rest of the
 * message may still be a new problem, which wins. `detail`: what followed an option's label.
 */
export type Interpretation =
  | { kind: 'answer'; value: string; next: string | undefined; tentative?: boolean; detail?: string }
  | { kind: 'retry'; message?: string }
  | { kind: 'none' };

export interface AnswerContext {
  lang: Lang;
  strings: FlowStrings;
  catalogue: Catalogue;
  /** The content's word lists (content/words); the shipped ones when absent. */
  words?: WordLists;
}

const DEFAULT_MAX_TEXT = 500;

/** The options a node offers as buttons or a numbered list; empty for free text and numbers. */
export function nodeOptions(node: FlowNode, ctx: AnswerContext): ChoiceOption[] {
  const { lang, strings, catalogue } = ctx;
  if (node.type === 'question' && node.input === 'choice') {
    // The value ("desktop") is a word users type too, whatever the label says ("Desktop PC"), and
    // people mix languages in chat: every language's label and synonyms count.
    return node.options.map((o) => ({
      value: o.value,
      label: localise(o.label, lang),
      synonyms: [
        o.value.replace(/-/g, ' '),
        ...LANGUAGES.flatMap((l) => (l === lang ? [] : (o.label[l] ?? []))),
        ...allPhrases(o.synonyms),
      ],
      mentions: allPhrases(o.prefill),
    }));
  }
  if (node.type === 'question' && node.input === 'yesno') {
    return [
      { value: 'yes', label: strings.t(lang, 'yes'), meaning: 'yes' },
      { value: 'no', label: strings.t(lang, 'no'), meaning: 'no' },
    ];
  }
  if (node.type === 'step' || node.type === 'article') {
    return [
      { value: 'worked', label: catalogue.t(lang, 'choice.worked'), meaning: 'yes' },
      { value: 'failed', label: catalogue.t(lang, 'choice.notWorked'), meaning: 'no' },
    ];
  }
  if (node.type === 'collect') {
    const values = FACT_VALUES[node.fact as FactName];
    return (values ?? []).map((value) => ({ value, label: strings.t(lang, `fact.${node.fact}.${value}`) }));
  }
  return [];
}

/** An answer as words in `lang`: the option's label, Yes/No, the fact value's name or the text itself. */
export function answerText(node: FlowNode, value: string, lang: Lang, strings: FlowStrings): string {
  if (node.type === 'question' && node.input === 'choice') {
    const option = node.options.find((o) => o.value === value);
    return option ? localise(option.label, lang) : value;
  }
  if (node.type === 'question' && node.input === 'yesno' && (value === 'yes' || value === 'no'))
    return strings.t(lang, value);
  if (node.type === 'collect' && strings.has(`fact.${node.fact}.${value}`))
    return strings.t(lang, `fact.${node.fact}.${value}`);
  return value;
}

/** Phrases of every language: users mix languages, and phrases are specific enough not to clash. */
export function allPhrases(phrases: LocalPhrases | undefined): string[] {
  return phrases ? LANGUAGES.flatMap((l) => phrases[l] ?? []) : [];
}

/** Reads the message as an answer to `node`. */
export function interpret(node: FlowNode, activity: Partial<Activity>, ctx: AnswerContext): Interpretation {
  const text = (activity.text ?? '').trim();
  switch (node.type) {
    case 'question':
      return interpretQuestion(node, activity, text, ctx);
    case 'collect':
      return interpretCollect(node, activity, text, ctx);
    case 'step':
    case 'article': {
      const value = recogniseChoice(activity, nodeOptions(node, ctx), undefined, ctx.words);
      if (value) return { kind: 'answer', value, next: undefined };
      // "No, it says access denied"; "nie włącza się" (it doesn't turn on): a no with what happens.
      const lead = leadingYesNo(text, ctx.words) ?? (negatedStatement(text, ctx.words) ? 'no' : undefined);
      if (!lead) return { kind: 'none' };
      return {
        kind: 'answer',
        value: lead === 'yes' ? 'worked' : 'failed',
        next: undefined,
        tentative: true,
      };
    }
    default:
      return { kind: 'none' };
  }
}

function interpretQuestion(
  node: NodeOf<'question'>,
  activity: Partial<Activity>,
  text: string,
  ctx: AnswerContext,
): Interpretation {
  switch (node.input) {
    case 'choice': {
      const options = nodeOptions(node, ctx);
      const value = recogniseChoice(activity, options, localise(node.text, ctx.lang), ctx.words);
      // "My manager, Tom Baker": the pick comes first and detail follows, kept with the answer.
      const lead = leadingOption(text, options);
      const option = node.options.find((o) => o.value === (value ?? lead?.value));
      if (!option) return { kind: 'none' };
      const detail = lead?.value === option.value && lead.rest ? lead.rest : undefined;
      return {
        kind: 'answer',
        value: option.value,
        next: option.next,
        ...(value === undefined ? { tentative: true } : {}),
        ...(detail ? { detail } : {}),
      };
    }
    case 'yesno': {
      const value = recogniseChoice(activity, nodeOptions(node, ctx), undefined, ctx.words);
      if (value === 'yes') return { kind: 'answer', value, next: node.next.yes };
      if (value === 'no') return { kind: 'answer', value, next: node.next.no };
      // The question asked for this very yes or no, so what follows it is detail, not a new problem.
      const lead = leadingYesNo(text, ctx.words);
      return lead ? { kind: 'answer', value: lead, next: node.next[lead] } : { kind: 'none' };
    }
    case 'text': {
      const min = node.validate?.minLength ?? 1;
      const max = node.validate?.maxLength ?? DEFAULT_MAX_TEXT;
      if (text.length < min)
        return { kind: 'retry', message: ctx.strings.t(ctx.lang, 'retry.tooShort', { min }) };
      if (text.length > max)
        return { kind: 'retry', message: ctx.strings.t(ctx.lang, 'retry.tooLong', { max }) };
      return { kind: 'answer', value: text, next: node.next };
    }
    case 'number': {
      const value = parseNumber(text);
      const { min, max } = node.validate ?? {};
      const inRange =
        value !== undefined && (min === undefined || value >= min) && (max === undefined || value <= max);
      if (inRange) return { kind: 'answer', value: String(value), next: node.next };
      // Not a number at all: the author's retry text, if any, says best what is wanted.
      if (value === undefined && node.retry) return { kind: 'retry' };
      const message =
        min !== undefined && max !== undefined
          ? ctx.strings.t(ctx.lang, 'retry.number', { min, max })
          : ctx.strings.t(ctx.lang, 'retry.numberAny');
      return { kind: 'retry', message };
    }
  }
}

function interpretCollect(
  node: NodeOf<'collect'>,
  activity: Partial<Activity>,
  text: string,
  ctx: AnswerContext,
): Interpretation {
  const options = nodeOptions(node, ctx);
  if (options.length > 0) {
    const extracted: Record<string, string | undefined> = { ...extractFacts(text, ctx.words) };
    const value = recogniseChoice(activity, options, undefined, ctx.words) ?? extracted[node.fact];
    return value ? { kind: 'answer', value, next: node.next } : { kind: 'none' };
  }
  if (text.length === 0) return { kind: 'none' };
  const value = node.fact === 'errorCode' ? (findErrorCodes(text)[0]?.code ?? text) : text;
  return { kind: 'answer', value: value.slice(0, DEFAULT_MAX_TEXT), next: node.next };
}

/** "3", "3.5", "3,5", "about 4 days" → the first number in the message. */
export function parseNumber(text: string): number | undefined {
  const match = /-?\d+(?:[.,]\d+)?/.exec(text);
  if (!match) return undefined;
  const value = Number(match[0].replace(',', '.'));
  return Number.isFinite(value) ? value : undefined;
}

export function conditionHolds(
  condition: Condition,
  facts: Readonly<Record<string, string>>,
  answers: Readonly<Record<string, string>>,
): boolean {
  const actual = condition.fact !== undefined ? facts[condition.fact] : answers[condition.answer ?? ''];
  if (condition.exists !== undefined) return (actual !== undefined) === condition.exists;
  if (actual === undefined) return false;
  if (condition.equals !== undefined) return actual === condition.equals;
  return condition.in?.includes(actual) ?? false;
}

const backPhrases = new WeakMap<WordLists, { phrases: ReadonlySet<string>; filler: ReadonlySet<string> }>();

/**
 * Whether the whole message asks to go back to the previous question (content/words, `back`).
 * `lists` are the content's word lists; the shipped ones by default.
 */
export function isBackRequest(text: string, lists: WordLists = shippedWordLists()): boolean {
  let back = backPhrases.get(lists);
  if (!back) {
    back = {
      phrases: new Set(allLanguages(lists, (l) => l.back.phrases)),
      filler: new Set(allLanguages(lists, (l) => l.back.filler)),
    };
    backPhrases.set(lists, back);
  }
  const { filler, phrases } = back;
  const phrase = tokens(text)
    .filter((t) => !filler.has(t))
    .join(' ');
  return phrases.has(phrase);
}

/**
 * Whether the message says the problem went away on its own while a question was open ("oh, it
 * works now, thanks", "hat sich erledigt", "już działa", "merge acum"; content/words
 * `choices.solved`). Not when a negation comes just before ("nie działa już" is the opposite) or
 * the message reports a fault ("works now, but Outlook crashes").
 */
export function reportsSolved(text: string, lists: WordLists = shippedWordLists()): boolean {
  const words = tokens(text);
  const { solved, no } = solvedWordsOf(lists);
  const saidSolved = solved.some((phrase) =>
    words.some(
      (_, at) =>
        containsPhrase(words.slice(at, at + phrase.length), phrase) &&
        !words.slice(Math.max(0, at - NEGATION_REACH), at).some((w) => no.has(w)),
    ),
  );
  return saidSolved && phrasesIn(text, lists, (l) => l.matching.fault).length === 0;
}

const solvedWords = new WeakMap<WordLists, { solved: PhraseWord[][]; no: ReadonlySet<string> }>();
function solvedWordsOf(lists: WordLists): { solved: PhraseWord[][]; no: ReadonlySet<string> } {
  let prepared = solvedWords.get(lists);
  if (!prepared) {
    prepared = {
      solved: allLanguages(lists, (l) => l.choices.solved).map(phraseWords),
      no: new Set(allLanguages(lists, (l) => l.choices.no)),
    };
    solvedWords.set(lists, prepared);
  }
  return prepared;
}

/** A negation this many words before "works now" turns it around ("nie działa już"). */
const NEGATION_REACH = 2;

const stopWords = new WeakMap<WordLists, { stop: ReadonlySet<string>; filler: ReadonlySet<string> }>();

/**
 * Whether the whole message asks to stop (content/words `choices.stop`: "stop", "genug",
 * "przestań", "gata"), fillers aside: the flow ends instead of asking its question once more.
 */
export function isStopRequest(text: string, lists: WordLists = shippedWordLists()): boolean {
  let words = stopWords.get(lists);
  if (!words) {
    words = {
      stop: new Set(allLanguages(lists, (l) => l.choices.stop)),
      filler: new Set([
        ...allLanguages(lists, (l) => l.choices.filler),
        ...allLanguages(lists, (l) => l.back.filler),
      ]),
    };
    stopWords.set(lists, words);
  }
  const said = tokens(text).filter((t) => !words.filler.has(t));
  return said.length > 0 && said.every((t) => words.stop.has(t));
}
