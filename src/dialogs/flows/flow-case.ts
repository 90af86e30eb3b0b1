import type {
  FlowAnswer,
  FlowCaseFile,
  FlowHandoff,
  FlowStepTried,
  FlowTicketRequest,
} from '../../tickets/case-file';
import { setOutcome } from '../case-file';

export { learnFacts } from '../case-file';

export type {
  FlowAnswer,
  FlowCaseFields,
  FlowCaseFile,
  FlowHandoff,
  FlowStepTried,
  FlowTicketRequest,
} from '../../tickets/case-file';

const MAX_ENTRIES = 200;

export function recordAnswer(file: FlowCaseFile, answer: Omit<FlowAnswer, 'at'>, now: Date): void {
  file.answers = [...(file.answers ?? []), { ...answer, at: now.toISOString() }].slice(-MAX_ENTRIES);
  file.updatedAt = now.toISOString();
}

export function recordFlowStep(file: FlowCaseFile, step: Omit<FlowStepTried, 'at'>, now: Date): void {
  file.flowSteps = [...(file.flowSteps ?? []), { ...step, at: now.toISOString() }].slice(-MAX_ENTRIES);
  file.updatedAt = now.toISOString();
}

export function recordResolution(
  file: FlowCaseFile,
  flowId: string,
  nodeId: string,
  text: string,
  now: Date,
): void {
  file.resolution = { flowId, nodeId, text, at: now.toISOString() };
  setOutcome(file, 'resolved', now);
}

export function recordHandoff(
  file: FlowCaseFile,
  handoff: Omit<FlowHandoff, 'at' | 'facts'>,
  now: Date,
): void {
  file.handoffRequested = { ...handoff, facts: { ...file.facts }, at: now.toISOString() };
  setOutcome(file, 'handoffRequested', now);
}

export function recordTicketRequest(
  file: FlowCaseFile,
  ticket: Omit<FlowTicketRequest, 'at' | 'facts'>,
  now: Date,
): void {
  file.ticketRequested = { ...ticket, facts: { ...file.facts }, at: now.toISOString() };
  setOutcome(file, 'unresolved', now);
}
