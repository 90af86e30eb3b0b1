import type { Lang } from '../i18n/languages';
import type { Priority, RequestField } from './ticket-types';

/*
 * The case file's shape: plain JSON kept in conversation state by the dialogs (src/dialogs/case-file.ts
 * and flows/flow-case.ts change it) and read by tickets and the hand-over, so it lives here,
 * below all of them.
 */

export type StepResult = 'worked' | 'failed' | 'stopped';
export type CaseOutcome = 'resolved' | 'unresolved' | 'handoffRequested';

export interface ArticleSuggestion {
  articleId: string;
  title: string;
  /** Language of the version the user saw. */
  language: Lang;
  confidence: number;
  /** Undefined while the walk-through is still running. */
  helped?: boolean;
  suggestedAt: string;
}

export interface StepAttempt {
  articleId: string;
  /** 1-based, as the user saw it. */
  step: number;
  result: StepResult;
  /** What the user wrote when it said more than no ("nie włącza się"): what they saw instead. */
  said?: string;
  at: string;
}

/**
 * Everything the conversation learnt about the user's problem. The ticket and the hand-over to
 * a technician carry it later, so it stays a plain JSON object in conversation state.
 */
export interface CaseFile {
  /** The first description of the problem; later rephrasings are in `descriptions`. */
  problem?: string;
  descriptions: string[];
  language: Lang;
  /** Answers collected by guided flows (e.g. `os: windows`). */
  facts: Record<string, string>;
  suggestions: ArticleSuggestion[];
  steps: StepAttempt[];
  outcome?: CaseOutcome;
  /** Problems in a row the bot could not answer; reset by every answer it could give. */
  consecutiveMisses: number;
  /** The topic of the article or flow the bot last started. */
  topic?: string;
  /** The "talk to a person?" card was shown: later misses only mention it. */
  personOffered?: boolean;
  /** The user asked for a person before describing a problem and was asked what it is. */
  problemAsked?: boolean;
  /**
   * The ticket that records the bot's own resolution of this case (src/followup), once written;
   * `reopened` once the user said the fix did not help. A hand-over of the case continues on that
   * ticket instead of opening a second one (src/handoff), from whichever instance runs it.
   */
  botResolution?: { ticketId: string; reopened?: boolean };
  /**
   * A second problem the user named in the same message ("… and also Outlook is slow"), in their
   * words: asked about once the first one is done (src/dialogs/later-problem.ts).
   */
  laterProblem?: string;
  openedAt: string;
  updatedAt: string;
}

/*
 * What a guided flow adds to the case file. The shared case file above holds facts,
 * article steps and the outcome; answers, flow steps and the details of a hand-over or ticket
 * request are kept here in extra fields of the same plain JSON object, so they are saved with it
 * and tickets and the hand-over read them later.
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
  /** What the user wrote with a pick that said more ("my manager Tom Baker"). */
  said?: string;
  at: string;
}

export interface FlowStepTried {
  flowId: string;
  nodeId: string;
  result: 'worked' | 'failed';
  /** What the user wrote when it said more than no, as for article steps. */
  said?: string;
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
  /** A service request: the team that fulfils it and the answers it needs, as a form. */
  request?: { team: string; fields: RequestField[] };
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
