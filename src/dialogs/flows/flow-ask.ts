import type { TurnContext } from 'botbuilder';
import type { Lang } from '../../i18n/languages';
import { topicLabel } from '../../knowledge/articles/taxonomy';
import type { FlowEngineDeps } from './flow-dialog';
import { flowText, promptFor } from './flow-prompts';
import type { FlowNode, LocalText } from './flow-schema';
import type { FlowDialogState } from './flow-walk';
import { requestVars } from './request-form';

type AskDeps = Pick<FlowEngineDeps, 'strings' | 'catalogue' | 'org' | 'library' | 'taxonomy'>;

/** Sends the question of `node` (an article node: its step `articleSteps[n]`), `notice` above it. */
export async function askNode(
  context: TurnContext,
  deps: AskDeps,
  state: FlowDialogState,
  node: FlowNode,
  shown: { lang: Lang; articleSteps: readonly string[]; notice?: string },
): Promise<void> {
  const { lang, articleSteps, notice } = shown;
  const step = state.at.articleStep ?? 0;
  const articleStep = { n: step + 1, total: articleSteps.length, text: articleSteps[step] ?? '' };
  const { strings, catalogue, org, library, taxonomy } = deps;
  const vars = requestVars(state, { library, strings, taxonomy: taxonomy?.() }, lang);
  const channelId = context.activity.channelId;
  await context.sendActivity(
    promptFor(node, { lang, strings, catalogue, org: org?.(), channelId, articleStep, notice, vars }),
  );
}

/**
 * The question as the technician reads it: in English, with `{{org.*}}` and the request's topic
 * filled in (the summary is left out: the answers are listed on their own).
 */
export function recordedQuestion(deps: AskDeps, state: FlowDialogState, text: LocalText): string {
  const { library, strings, org, taxonomy } = deps;
  const topic = requestVars(state, { library, strings, taxonomy: taxonomy?.() }, 'en')['request.topic'];
  return flowText(text, 'en', org?.(), topic === undefined ? {} : { 'request.topic': topic });
}

/** The flow's title; the request form's names the request's topic too ("Request: Admin rights"). */
export function flowTitle(deps: AskDeps, state: FlowDialogState, lang: Lang): string {
  const flow = deps.library.get(state.at.flowId);
  const title = flow ? (flow.title[lang] ?? flow.title.en) : state.at.flowId;
  const taxonomy = deps.taxonomy?.();
  return state.topic && taxonomy ? `${title}: ${topicLabel(taxonomy, state.topic, lang)}` : title;
}
