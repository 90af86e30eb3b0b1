import { ActivityTypes, InputHints, type Activity } from 'botbuilder';
import type { Lang } from '../../i18n/languages';
import { renderPlaceholders, type OrgValues } from '../../knowledge/articles/organisation';
import { renderChoice } from '../choices';
import { chatMarkdown } from '../markdown';
import { nodeOptions, type AnswerContext } from './flow-answers';
import { localise } from './flow-library';
import type { FlowNode, LocalText } from './flow-schema';

export interface PromptContext extends AnswerContext {
  channelId: string | undefined;
  org: OrgValues | undefined;
  /** The article a node walks through, already looked up in the user's language. */
  articleStep?: { n: number; total: number; text: string };
  /** Shown above the question, e.g. why it is asked again. */
  notice?: string;
  /** The engine's placeholders for this run (the request's topic and summary). */
  vars?: FlowVars;
}

/** Placeholders the engine fills besides `{{org.*}}` (see request-form.ts). */
export const FLOW_PLACEHOLDERS = ['request.topic', 'request.summary'] as const;
export type FlowVars = Partial<Record<(typeof FLOW_PLACEHOLDERS)[number], string>>;

/**
 * A flow text in the user's language with `{{org.*}}` filled in, then the engine's own
 * placeholders (after, so that an answer quoted in the summary is never read as a placeholder).
 */
export function flowText(
  text: LocalText,
  lang: Lang,
  org: OrgValues | undefined,
  vars: FlowVars = {},
): string {
  let rendered = renderPlaceholders(localise(text, lang), org, lang).text;
  for (const [name, value] of Object.entries(vars)) rendered = rendered.replaceAll(`{{${name}}}`, value);
  return rendered;
}

/** The message that asks what `node` needs from the user. */
export function promptFor(node: FlowNode, ctx: PromptContext): Partial<Activity> {
  const { lang, catalogue } = ctx;
  const options = nodeOptions(node, ctx);
  let question: string;
  let lead: string | undefined;
  if (node.type === 'step') {
    lead = stepLead(node, ctx);
    question = catalogue.t(lang, 'walkthrough.question');
  } else if (node.type === 'article') {
    const step = ctx.articleStep ?? { n: 1, total: 1, text: '' };
    lead = catalogue.t(lang, 'walkthrough.step', { ...step, text: chatMarkdown(step.text) });
    question = catalogue.t(lang, 'walkthrough.question');
  } else if (node.type === 'question' || node.type === 'collect') {
    question = flowText(node.text, lang, ctx.org, ctx.vars);
    if (node.image) question = `${question}\n\n![](${node.image})`;
  } else {
    throw new Error(`promptFor(): node type "${node.type}" asks nothing`);
  }
  lead = [ctx.notice, lead].filter(Boolean).join('\n\n') || undefined;
  if (options.length === 0) {
    return {
      type: ActivityTypes.Message,
      text: [lead, question].filter(Boolean).join('\n\n'),
      locale: lang,
      inputHint: InputHints.ExpectingInput,
    };
  }
  return renderChoice(
    { question, lead, options },
    { channelId: ctx.channelId, locale: lang, textHint: catalogue.t(lang, 'choice.hint') },
  );
}

function stepLead(node: Extract<FlowNode, { type: 'step' }>, ctx: PromptContext): string {
  const parts = [flowText(node.text, ctx.lang, ctx.org)];
  if (node.link) parts.push(`[${flowText(node.link.label, ctx.lang, ctx.org)}](${node.link.url})`);
  if (node.image) parts.push(`![](${node.image})`);
  return parts.join('\n\n');
}
