import type { CaseFile, FlowCaseFields } from './case-file';
import type { AnswerGiven, ArticleSuggested, NewTicket, StepTried } from './ticket-types';

type CaseDetails = Pick<
  NewTicket,
  'problem' | 'facts' | 'stepsTried' | 'articlesSuggested' | 'answers' | 'type' | 'team' | 'requestFields'
>;

const MAX_ANSWERS = 30;

/** What the conversation learnt, in the ticket's terms: article and flow steps in time order. */
export function ticketDetailsFromCase(file: (CaseFile & FlowCaseFields) | undefined): CaseDetails {
  if (!file) return { problem: '', facts: {}, stepsTried: [], articlesSuggested: [] };
  const articleSteps: StepTried[] = file.steps.map((s) => ({
    source: 'article',
    ref: s.articleId,
    step: String(s.step),
    result: s.result,
    ...(s.said ? { said: s.said } : {}),
    at: s.at,
  }));
  const flowSteps: StepTried[] = (file.flowSteps ?? []).map((s) => ({
    source: 'flow',
    ref: s.flowId,
    step: s.nodeId,
    result: s.result,
    ...(s.said ? { said: s.said } : {}),
    at: s.at,
  }));
  const articlesSuggested: ArticleSuggested[] = file.suggestions.map((s) => ({
    articleId: s.articleId,
    title: s.title,
    ...(s.helped === undefined ? {} : { helped: s.helped }),
  }));
  const problem = file.problem ?? file.descriptions[0] ?? '';
  const request = file.ticketRequested?.request;
  return {
    ...(request ? { type: 'request', team: request.team, requestFields: request.fields } : {}),
    problem,
    facts: { ...file.facts },
    stepsTried: [...articleSteps, ...flowSteps].sort((a, b) => a.at.localeCompare(b.at)),
    answers: answersGiven(file),
    articlesSuggested,
  };
}

/** One line per question, the latest answer winning ("back" and a changed answer, a flow run twice). */
function answersGiven(file: FlowCaseFields): AnswerGiven[] {
  const byQuestion = new Map<string, AnswerGiven>();
  for (const a of file.answers ?? []) {
    if (a.question === undefined) continue;
    const key = `${a.flowId}/${a.nodeId}`;
    byQuestion.delete(key);
    byQuestion.set(key, {
      question: a.question,
      answer: a.answer ?? a.value,
      ...(a.prefilled ? { prefilled: true } : {}),
    });
  }
  return [...byQuestion.values()].slice(-MAX_ANSWERS);
}
