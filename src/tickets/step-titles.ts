import type { StepTried, TicketWithTranscript } from './ticket-types';

/** A step's title for technicians ("Start Outlook in safe mode"), or undefined when unknown. */
export type StepTitle = (step: Pick<StepTried, 'source' | 'ref' | 'step'>) => string | undefined;

/** Where step texts come from: the flows' nodes and the articles' numbered steps (English). */
export interface StepTexts {
  flowNodeText(flowId: string, nodeId: string): string | undefined;
  articleStepText(articleId: string, step: number): string | undefined;
}

const MAX_TITLE = 90;

/**
 * Titles from the steps' own words, so a ticket reads "Start Outlook in safe mode" instead of
 * `outlook-troubleshooting/safe-mode`: steps open with their instruction in bold, else the first
 * sentence is the instruction.
 */
export function createStepTitles(texts: StepTexts): StepTitle {
  return (step) => {
    const text =
      step.source === 'flow'
        ? texts.flowNodeText(step.ref, step.step)
        : texts.articleStepText(step.ref, Number(step.step));
    return text ? titleOf(text) : undefined;
  };
}

/** The leading bold phrase, else the first sentence, as plain text without a closing full stop. */
export function titleOf(markdown: string): string {
  const bold = /^\s*\*\*([^*]{3,}?)\*\*/.exec(markdown)?.[1];
  const firstSentence = /^(.+?[.!?])(\s|$)/.exec(plainText(markdown))?.[1];
  const title = plainText(bold ?? firstSentence ?? markdown).replace(/[.:;]+$/, '');
  return title.length <= MAX_TITLE ? title : `${title.slice(0, MAX_TITLE - 1).trimEnd()}…`;
}

function plainText(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The ticket as the console shows it: every step tried carries its title when one is known. */
export function withStepTitles(found: TicketWithTranscript, title: StepTitle): TicketWithTranscript {
  const stepsTried = found.ticket.stepsTried.map((step) => {
    const known = title(step);
    return known ? { ...step, title: known } : step;
  });
  return { ...found, ticket: { ...found.ticket, stepsTried } };
}
