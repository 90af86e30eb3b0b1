import type { Activity } from 'botbuilder';
import type { Vars } from '../../i18n';
import { recogniseChoice, renderChoice, type ChoiceOption } from '../choices';
import type { AnswerContext } from './flow-answers';

/**
 * A question the engine asks about the flow itself, aside from its nodes ("Is this a new
 * problem?", "Continue where you left off?"): two options, read as yes and no. Every text is a
 * key of the flows' strings (REQUIRED_STRINGS).
 */
export interface SideQuestion<Value extends string> {
  question: string;
  yes: { value: Value; label: string };
  no: { value: Value; label: string };
}

function options<Value extends string>(question: SideQuestion<Value>, ctx: AnswerContext): ChoiceOption[] {
  return [
    { value: question.yes.value, label: ctx.strings.t(ctx.lang, question.yes.label), meaning: 'yes' },
    { value: question.no.value, label: ctx.strings.t(ctx.lang, question.no.label), meaning: 'no' },
  ];
}

/** The message that asks `question` in the user's language; `vars` fill its text. */
export function sideQuestionPrompt<Value extends string>(
  question: SideQuestion<Value>,
  ctx: AnswerContext,
  channelId: string | undefined,
  vars?: Vars,
): Partial<Activity> {
  return renderChoice(
    { question: ctx.strings.t(ctx.lang, question.question, vars), options: options(question, ctx) },
    { channelId, locale: ctx.lang, textHint: ctx.catalogue.t(ctx.lang, 'choice.hint') },
  );
}

/** The option the reply chose (a click, or its words for yes or no); undefined for anything else. */
export function sideQuestionAnswer<Value extends string>(
  activity: Partial<Activity>,
  question: SideQuestion<Value>,
  ctx: AnswerContext,
): Value | undefined {
  const choice = recogniseChoice(activity, options(question, ctx), undefined, ctx.words);
  return choice === question.yes.value || choice === question.no.value ? (choice as Value) : undefined;
}
