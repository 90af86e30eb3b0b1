import { ActivityTypes } from 'botbuilder';
import type { DialogContext, DialogTurnResult } from 'botbuilder-dialogs';
import { handoffOf, turnLanguage, type PersonHandoff } from '../../turn';
import type { FlowEngineDeps } from './flow-dialog';
import { recordHandoff, recordResolution, recordTicketRequest, type FlowCaseFile } from './flow-case';
import { flowText } from './flow-prompts';
import { requestTeam, requestVars, runTopic, topicName } from './request-form';
import type { RequestField } from '../../tickets';
import type { FlowNode } from './flow-schema';
import type { FlowDialogState } from './flow-walk';

type OutcomeDeps = FlowEngineDeps & { now: Date };

/**
 * Ends the flow as solved when the user says, while a question is open, that the problem went
 * away ("oh, it works now"): the case records their words as the resolution, and the bot says
 * what it says at a flow's own "resolved" end, followed by "anything else?".
 */
export async function finishSolvedMeanwhile(
  dc: DialogContext,
  deps: OutcomeDeps,
  state: FlowDialogState,
  file: FlowCaseFile,
  said: string,
): Promise<DialogTurnResult> {
  const lang = turnLanguage(dc.context, deps.defaultLanguage);
  recordResolution(file, state.at.flowId, state.at.nodeId, said, deps.now);
  const text = deps.strings.t(lang, 'resolved');
  await dc.context.sendActivity({ type: ActivityTypes.Message, text, locale: lang });
  const after = deps.afterResolved;
  if (after && dc.findDialog(after)) return dc.replaceDialog(after);
  return dc.endDialog({ outcome: 'resolved' });
}

/**
 * Ends the flow with its outcome: records it on the case file and tells the user what happens
 * next. With live hand-over on, an escalation queues the conversation for a technician and a
 * ticket outcome opens a ticket; without it both are noted on the case file and the user is told
 * honestly how to reach the service desk.
 */
export async function finishFlow(
  dc: DialogContext,
  deps: OutcomeDeps,
  state: FlowDialogState,
  node: FlowNode,
  file: FlowCaseFile,
): Promise<DialogTurnResult> {
  const lang = turnLanguage(dc.context, deps.defaultLanguage);
  const { flowId, nodeId } = state.at;
  const taxonomy = deps.taxonomy?.();
  const vars = requestVars(state, { library: deps.library, strings: deps.strings, taxonomy }, lang);
  const custom = 'text' in node && node.text ? flowText(node.text, lang, deps.org?.(), vars) : undefined;
  const send = (text: string) => dc.context.sendActivity({ type: ActivityTypes.Message, text, locale: lang });
  switch (node.type) {
    case 'resolved': {
      recordResolution(file, flowId, nodeId, node.resolution, deps.now);
      await send(custom ?? deps.strings.t(lang, 'resolved'));
      const after = deps.afterResolved;
      if (after && dc.findDialog(after)) return dc.replaceDialog(after);
      return dc.endDialog({ outcome: 'resolved' });
    }
    case 'escalate':
    case 'ticket': {
      const { category, priority } = node;
      if (node.type === 'escalate')
        recordHandoff(file, { flowId, nodeId, category, priority, skills: node.skills }, deps.now);
      else {
        const team = requestTeam(node.request?.team, runTopic(state, deps.library), taxonomy);
        const form = node.request && requestOf(node.request, team, state, file);
        // The request form serves many topics: the technician's form says which one.
        const topicField = state.topic && { label: 'Request', value: topicName(taxonomy, state.topic) };
        const request = form && (topicField ? { ...form, fields: [topicField, ...form.fields] } : form);
        recordTicketRequest(file, { flowId, nodeId, category, priority, request }, deps.now);
      }
      const handoff = handoffOf(dc.context);
      if (handoff) {
        await handOver(dc, handoff, node, file, { custom, send, origin: `flow ${flowId} (${nodeId})` });
        return dc.endDialog({ outcome: node.type });
      }
      const contacts = deps.serviceDesk(lang);
      const key = contacts ? node.type : `${node.type}.noContacts`;
      const vars = { category, priority: deps.strings.t(lang, `priority.${priority}`), ...contacts };
      await send([custom, deps.strings.t(lang, key, vars)].filter(Boolean).join('\n\n'));
      return dc.endDialog({ outcome: node.type });
    }
    default:
      throw new Error(`finishFlow(): "${node.type}" is not an outcome`);
  }
}

/**
 * The request's form: each field filled with the latest answer its question got in this run of
 * the flow (the choice's label or the text typed, as the technician reads it); unanswered fields
 * (a branch that skipped the question) are left out.
 */
function requestOf(
  request: NonNullable<Extract<FlowNode, { type: 'ticket' }>['request']>,
  team: string,
  state: FlowDialogState,
  file: FlowCaseFile,
): { team: string; fields: RequestField[] } {
  const { flowId } = state.at;
  const answers = (file.answers ?? []).filter((a) => a.flowId === flowId);
  const fields = request.fields.flatMap((field) => {
    // Taken back ("back", or a changed answer before it): not on the form.
    if (state.answers[`${flowId}/${field.answer}`] === undefined) return [];
    const given = answers.filter((a) => a.nodeId === field.answer).at(-1);
    const value = given?.answer ?? given?.value;
    if (!value) return [];
    return [{ label: field.label, value: given?.said ? `${value} (${given.said})` : value }];
  });
  return { team, fields };
}

/** The flow's own text first, then the hand-over's (queue position, or the ticket number). */
async function handOver(
  dc: DialogContext,
  handoff: PersonHandoff,
  node: Extract<FlowNode, { type: 'escalate' | 'ticket' }>,
  file: FlowCaseFile,
  say: { custom?: string; send: (text: string) => Promise<unknown>; origin: string },
): Promise<void> {
  const { category, priority } = node;
  if (node.type === 'ticket') {
    const origin = `${say.origin} opened a ticket`;
    await handoff.openTicket(dc.context, { caseFile: file, category, priority, origin, lead: say.custom });
    return;
  }
  if (say.custom) await say.send(say.custom);
  await handoff.start(dc.context, {
    reason: 'flow-escalated',
    caseFile: file,
    category,
    priority,
    skills: node.skills,
  });
}
