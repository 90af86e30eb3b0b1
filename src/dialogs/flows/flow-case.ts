import type { CaseFile } from '../case-file';
import { setOutcome } from '../case-file';
import type { Priority } from './flow-schema';

/*
 * What a guided flow adds to the case file. The shared case file (../case-file.ts) holds facts,
 * article steps and the outcome; answers, flow steps and the details of a hand-over or ticket
 * request are kept here in extra fields of the same plain JSON object, so they are saved with it
 * and the ticket and hand-over issues can read them later.
 */

export interface FlowAnswer {
  flowId: string;
  nodeId: string;
  /** The fact the answer was stored as, if any. */
  fact?: string;
  value: string;
  /** The question and the answer as the technician reads them (English). */
  question?: string;
  answer?: string;
  /** Taken from what the user had already said; the question was not asked. */
  prefilled?: boolean;
  at: string;
}

export interface FlowStepTried {
  flowId: string;
  nodeId: string;
  result: 'worked' | 'failed';
  at: string;
}

export interface FlowHandoff {
  flowId: string;
  nodeId: string;
  category: string;
  priority: Priority;
  skills: string[];
  facts: Record<string, string>;
  at: string;
}

export interface FlowTicketRequest {
  flowId: string;
  nodeId: string;
  category: string;
  priority: Priority;
  facts: Record<string, string>;
  at: string;
}

export interface FlowCaseFields {
  answers?: FlowAnswer[];
  flowSteps?: FlowStepTried[];
  /** What fixed the problem, in English (the `resolution` of the resolved node). */
  resolution?: { flowId: string; nodeId: string; text: string; at: string };
  handoffRequested?: FlowHandoff;
  ticketRequested?: FlowTicketRequest;
}

export type FlowCaseFile = CaseFile & FlowCaseFields;

const MAX_ENTRIES = 200;

export function recordAnswer(file: FlowCaseFile, answer: Omit<FlowAnswer, 'at'>, now: Date): void {
  file.answers = [...(file.answers ?? []), { ...answer, at: now.toISOString() }].slice(-MAX_ENTRIES);
  file.updatedAt = now.toISOString();
}

export function recordFlowStep(file: FlowCaseFile, step: Omit<FlowStepTried, 'at'>, now: Date): void {
  file.flowSteps = [...(file.flowSteps ?? []), { ...step, at: now.toISOString() }].slice(-MAX_ENTRIES);
  file.updatedAt = now.toISOString();
}

/** Known facts are not overwritten by guesses from free text; explicit answers do overwrite. */
export function learnFacts(
  file: CaseFile,
  facts: Readonly<Record<string, string | undefined>>,
  overwrite = false,
): void {
  for (const [name, value] of Object.entries(facts)) {
    if (value === undefined || value === '') continue;
    if (overwrite || file.facts[name] === undefined) file.facts = { ...file.facts, [name]: value };
  }
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
