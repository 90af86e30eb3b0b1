import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { Lang } from '../../i18n/languages';
import { topicLabel, type Taxonomy } from '../../knowledge/articles/taxonomy';
import type { MatchResult } from '../../knowledge/matcher';
import { turnLanguage } from '../../turn';
import { recordSuggestion } from '../case-file';
import { chatMarkdown } from '../markdown';
import { answerText } from './flow-answers';
import type { FlowCaseFile } from './flow-case';
import type { FlowEngineDeps } from './flow-dialog';
import type { FlowLibrary } from './flow-library';
import type { FlowVars } from './flow-prompts';
import type { FlowDefinition } from './flow-schema';
import type { FlowStrings } from './flow-strings';
import type { FlowDialogState } from './flow-walk';

/**
 * The generic request form (issue 18). A topic marked `request: true` in taxonomy.yaml is a
 * service request, not a fault: when the matcher's answer is an article of such a topic and no
 * flow of its own handles it, the flow marked `requestForm: true` runs for that topic instead of
 * the article's steps (a message reporting a fault on the topic is left to the article's fault
 * steps: src/dialogs/request-faults.ts). Its texts name the topic with `{{request.topic}}`, its
 * confirmation shows `{{request.summary}}`, and its request ticket goes to the topic's owner
 * unless it names a team.
 */

/** The request form to run for `result`, or undefined when the result is handled as it is. */
export function requestFormFor(
  result: MatchResult,
  library: FlowLibrary,
  taxonomy: Taxonomy | undefined,
): FlowDefinition | undefined {
  if (result.kind !== 'article' || taxonomy?.topics.get(result.topic)?.request !== true) return undefined;
  return library.hasTopic(result.topic) ? undefined : library.requestForm();
}

/** The topic a run of a flow is for: the request's topic on the form, else the flow's own. */
export function runTopic(state: FlowDialogState, library: FlowLibrary): string | undefined {
  return state.topic ?? library.get(state.at.flowId)?.topic;
}

/** The team a request ticket goes to: the one the flow names, else the topic's owner. */
export function requestTeam(
  named: string | undefined,
  topic: string | undefined,
  taxonomy: Taxonomy | undefined,
): string {
  return named ?? (topic && taxonomy?.topics.get(topic)?.owner) ?? 'service-desk';
}

/** A topic's English label, as technicians read it; the id when the taxonomy has none. */
export function topicName(taxonomy: Taxonomy | undefined, topic: string): string {
  return taxonomy ? topicLabel(taxonomy, topic, 'en') : topic;
}

/** The engine's placeholders for the question on screen. */
export function requestVars(
  state: FlowDialogState,
  deps: { library: FlowLibrary; strings: FlowStrings; taxonomy?: Taxonomy },
  lang: Lang,
): FlowVars {
  const topic = runTopic(state, deps.library);
  const flow = deps.library.get(state.at.flowId);
  return {
    'request.topic': topic && deps.taxonomy ? topicLabel(deps.taxonomy, topic, lang) : (topic ?? ''),
    'request.summary': flow ? summary(flow, state, deps.strings, lang) : '',
  };
}

/**
 * The request as the user confirms it: the fields of the flow's request ticket answered so far,
 * one per line, each named in the user's language and answered as they chose or typed it.
 */
function summary(flow: FlowDefinition, state: FlowDialogState, strings: FlowStrings, lang: Lang): string {
  const ticket = Object.values(flow.nodes).find((node) => node.type === 'ticket' && node.request);
  const fields = ticket?.type === 'ticket' ? (ticket.request?.fields ?? []) : [];
  return fields
    .flatMap((field) => {
      const value = state.answers[`${flow.id}/${field.answer}`];
      const node = flow.nodes[field.answer];
      if (value === undefined || !node) return [];
      const label = field.userLabel?.[lang] ?? field.userLabel?.en ?? field.label;
      const said = state.said?.[`${flow.id}/${field.answer}`];
      const answer = answerText(node, value, lang, strings);
      return [`- **${label}:** ${said ? `${answer} (${said})` : answer}`];
    })
    .join('\n');
}

/**
 * Before the form: the matched article's title and summary (what the request is about, and any
 * self-service worth knowing), noted on the case file as the article suggested. Its steps are
 * not walked through: a request has nothing to "try".
 */
export async function showGuidance(
  context: TurnContext,
  deps: Pick<FlowEngineDeps, 'knowledge' | 'catalogue' | 'defaultLanguage'>,
  file: FlowCaseFile,
  request: { articleId: string; confidence: number },
  now: Date,
): Promise<void> {
  const lang = turnLanguage(context, deps.defaultLanguage);
  const found = deps.knowledge.getArticle(request.articleId, lang);
  if (!found) return;
  const { article } = found;
  const suggestion = { articleId: article.id, title: article.title, language: found.language };
  recordSuggestion(file, { ...suggestion, confidence: request.confidence }, now);
  const intro = deps.catalogue.t(lang, 'walkthrough.intro', { title: article.title });
  const text = [intro, chatMarkdown(article.summary)].filter(Boolean).join('\n\n');
  await context.sendActivity({ type: ActivityTypes.Message, text, locale: lang });
}
