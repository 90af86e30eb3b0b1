import type { TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { Lang } from '../i18n/languages';
import type { MatchResponse } from '../knowledge/matcher';
import { allLanguages, listsForReply, shippedWordLists, type WordLists } from '../words';
import { recogniseChoice, type ChoiceOption } from './choices';
import { ask, languageOf, reroute, say, type DialogServices } from './dialog-services';
import { wordSpans } from './topic-switch';

export const LATER_PROBLEM = 'later-problem';

/** Words each side of "and also" before the message counts as two problems. */
const MIN_WORDS_EACH_SIDE = 2;
const MAX_KEPT_CHARS = 500;

export interface TwoProblems {
  first: string;
  second: string;
}

/**
 * The message split at its first `matching.another` phrase ("and also", "außerdem", "a poza tym",
 * "și în plus") with words on both sides; undefined when there is none. Only a split whose two
 * parts each name a different problem is used (see `twoProblems`).
 */
export function splitAtAnother(
  text: string,
  lists: WordLists = shippedWordLists(),
  language?: string,
): TwoProblems | undefined {
  const words = wordSpans(text);
  // Read in the message's own language where its words tell: German "also" means "so".
  const read = language
    ? listsForReply(
        lists,
        language,
        words.map((w) => w.word),
      )
    : lists;
  const phrases = allLanguages(read, (w) => w.matching.another).map((p) => p.split(' '));
  for (let i = MIN_WORDS_EACH_SIDE; i < words.length; i++) {
    const phrase = phrases
      .filter((p) => p.every((w, k) => words[i + k]?.word === w))
      .sort((a, b) => b.length - a.length)[0];
    if (!phrase || words.length - (i + phrase.length) < MIN_WORDS_EACH_SIDE) continue;
    const first = text.slice(0, words[i]!.start).replace(/[\s,;:–—-]+$/u, '');
    const second = text.slice(words[i + phrase.length - 1]!.end).replace(/^[\s,;:.–—-]+/u, '');
    return { first, second: second.slice(0, MAX_KEPT_CHARS) };
  }
  return undefined;
}

/**
 * Two problems in one message: both parts are answered with confidence, about different topics.
 * The first is helped with now, the second kept for later; one long message that only explains
 * one problem stays one.
 */
export function twoProblems(
  text: string,
  match: (text: string) => MatchResponse,
  lists?: WordLists,
  language?: string,
): { parts: TwoProblems; first: MatchResponse; secondTopic?: string } | undefined {
  const parts = splitAtAnother(text, lists, language);
  if (!parts) return undefined;
  const first = match(parts.first);
  if (first.decision !== 'answer') return undefined;
  // The second part may be less clear ("ist mein Outlook total langsam": Outlook or a slow PC?):
  // it is asked about when its turn comes.
  const second = match(parts.second);
  const [a] = first.results;
  const [b] = second.results;
  if (second.decision === 'none' || !a || !b || a.topic === b.topic) return undefined;
  return { parts, first, secondTopic: second.decision === 'answer' ? b.topic : undefined };
}

/**
 * "You also mentioned: Outlook is slow. Shall we look at that now?", once the first problem is
 * done. Yes (or anything else typed) routes the kept words as a new problem; no goes on to
 * "anything else?" without them.
 */
export class LaterProblemDialog extends Dialog<{ problem: string }> {
  constructor(
    private readonly services: DialogServices,
    private readonly otherwise: string,
  ) {
    super(LATER_PROBLEM);
  }

  override async beginDialog(dc: DialogContext, options?: { problem: string }): Promise<DialogTurnResult> {
    const problem = options?.problem ?? '';
    dc.activeDialog!.state = { problem };
    await this.ask(dc.context, problem);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const { problem } = dc.activeDialog!.state as { problem: string };
    const language = languageOf(dc.context, this.services);
    const choice = recogniseChoice(
      dc.context.activity,
      this.options(language),
      undefined,
      this.services.words,
    );
    if (choice === 'yes') return dc.endDialog(reroute(problem));
    if (choice === 'no') return dc.replaceDialog(this.otherwise);
    const text = (dc.context.activity.text ?? '').trim();
    return text ? dc.endDialog(reroute(text)) : Dialog.EndOfTurn;
  }

  override async repromptDialog(context: TurnContext, instance: { state: object }): Promise<void> {
    await this.ask(context, (instance.state as { problem: string }).problem);
  }

  private async ask(context: TurnContext, problem: string): Promise<void> {
    const language = languageOf(context, this.services);
    await ask(context, this.services, {
      question: this.services.catalogue.t(language, 'laterProblem.question', { problem: literal(problem) }),
      options: this.options(language),
    });
  }

  private options(language: Lang): ChoiceOption[] {
    const t = (key: string) => this.services.catalogue.t(language, key);
    return [
      { value: 'yes', label: t('choice.yes'), meaning: 'yes' },
      { value: 'no', label: t('choice.no'), meaning: 'no' },
    ];
  }
}

/** The user's words shown as they typed them, not as Markdown. */
export function literal(text: string): string {
  return text.replace(/[\\`*_[\]<>#|~]/g, (c) => `\\${c}`);
}

/** The second problem kept from the message, taken out of the case so that it is asked once. */
export async function takeLaterProblem(
  context: TurnContext,
  services: DialogServices,
): Promise<string | undefined> {
  const file = await services.cases.get(context);
  const problem = file?.laterProblem;
  if (file && problem !== undefined) delete file.laterProblem;
  return problem;
}

/** Tells the user the second problem is not forgotten. */
export async function announceLaterProblem(
  context: TurnContext,
  services: DialogServices,
  topics: { first: string; second?: string },
): Promise<void> {
  const language = languageOf(context, services);
  const label = (topic: string) => services.knowledge.topicLabel(topic, language);
  if (topics.second === undefined)
    await say(context, services, 'laterProblem.notedOther', { first: label(topics.first) });
  else
    await say(context, services, 'laterProblem.noted', {
      first: label(topics.first),
      second: label(topics.second),
    });
}
