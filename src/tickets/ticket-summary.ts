import type { StepTitle } from './step-titles';
import type { AnswerGiven, ArticleSuggested, NewTicket, StepTried } from './ticket-types';

const MAX_PROBLEM = 300;
const MAX_LIST = 8;

/**
 * The few lines a technician reads before answering: built from the structured case, never from
 * free-form generation, so it says only what the bot actually knows. English, one fact per line.
 * With `title`, steps are named by their titles ("Start Outlook in safe mode") instead of ids.
 */
export function buildSummary(ticket: NewTicket, title?: StepTitle): string {
  const lines = [
    `Problem: ${clip(ticket.problem || '(not described)', MAX_PROBLEM)}`,
    `Category: ${ticket.category} | Priority: ${ticket.priority} | Language: ${ticket.language} | Channel: ${ticket.channelId}`,
    `Why: ${ticket.origin}`,
  ];
  const facts = Object.entries(ticket.facts);
  if (facts.length > 0) lines.push(`Facts: ${facts.map(([k, v]) => `${k}=${clip(v, 60)}`).join('; ')}`);
  const answers = ticket.answers ?? [];
  if (answers.length > 0) lines.push(`Answered: ${listOf(answers.map(describeAnswer))}`);
  if (ticket.stepsTried.length > 0)
    lines.push(`Tried: ${listOf(ticket.stepsTried.map((step) => describeStep(step, title)))}`);
  if (ticket.articlesSuggested.length > 0)
    lines.push(`Articles: ${listOf(ticket.articlesSuggested.map(describeArticle))}`);
  if (ticket.stepsTried.length === 0 && ticket.articlesSuggested.length === 0)
    lines.push('Tried: nothing yet');
  return lines.join('\n');
}

/** "Question? → answer", marked when the user had said it before being asked. */
function describeAnswer(answer: AnswerGiven): string {
  const said = answer.prefilled ? ' (said before being asked)' : '';
  return `${clip(stripMarkdown(answer.question), 80)} → ${clip(stripMarkdown(answer.answer), 80)}${said}`;
}

function stripMarkdown(text: string): string {
  return text.replace(/\*\*|`/g, '');
}

const RESULTS: Record<StepTried['result'], string> = {
  worked: 'worked',
  failed: "didn't help",
  stopped: 'stopped there',
};

function describeStep(step: StepTried, title?: StepTitle): string {
  const known = title?.(step);
  const said = step.said ? `: "${clip(step.said, 80)}"` : '';
  if (known) return `${known} (${RESULTS[step.result]}${said})`;
  const where = step.source === 'article' ? `${step.ref} step ${step.step}` : `${step.ref}/${step.step}`;
  return `${where} (${step.result}${said})`;
}

function describeArticle(article: ArticleSuggested): string {
  const helped = article.helped === undefined ? 'no answer' : article.helped ? 'helped' : 'did not help';
  return `"${clip(article.title, 60)}" (${helped})`;
}

/** The most recent entries count most; older ones are only counted. */
function listOf(items: string[]): string {
  if (items.length <= MAX_LIST) return items.join('; ');
  const shown = items.slice(-MAX_LIST);
  return `${items.length - MAX_LIST} earlier, then ${shown.join('; ')}`;
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
