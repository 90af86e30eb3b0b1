import { ADAPTIVE_CARD } from './handoff-card';

/** What an SLA event says (src/sla: `sla.reminder`, `sla.breached`), as stored in the console stream. */
type SlaEvent = Record<string, unknown>;

const TARGETS: Record<string, string> = { 'first-response': 'First response', resolution: 'Resolution' };

function text(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

/** The card's headline; also the thread's summary in Teams notifications. */
export function slaHeadline(event: SlaEvent): string {
  const target = TARGETS[text(event.target)] ?? 'SLA';
  const number = text(event.ticketNumber, 'A ticket');
  return event.type === 'sla.breached'
    ? `${number}: ${target} target missed`
    : `${number}: ${target.toLowerCase()} due soon`;
}

/**
 * The card posted to the technicians' channel before a target is missed (for the assignee) and
 * when it is (for the leads). English, like the hand-over cards; names no user and no problem.
 */
export function slaCardAttachment(event: SlaEvent): {
  contentType: string;
  content: Record<string, unknown>;
} {
  const breached = event.type === 'sla.breached';
  const assignee = text(event.assigneeName);
  const who = breached
    ? `Escalated to the leads${assignee ? `; assigned to ${assignee}` : ', nobody is assigned'}.`
    : assignee
      ? `${assignee}, this ticket is yours: please respond before it is due.`
      : 'Nobody is assigned: please take it.';
  return {
    contentType: ADAPTIVE_CARD,
    content: {
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.4',
      body: [
        {
          type: 'TextBlock',
          text: slaHeadline(event),
          weight: 'Bolder',
          size: 'Medium',
          wrap: true,
          color: breached ? 'Attention' : 'Warning',
        },
        {
          type: 'FactSet',
          facts: [
            { title: 'Due', value: text(event.dueLocal, text(event.dueAt)) },
            { title: 'Priority', value: text(event.priority, 'normal') },
            { title: 'Assigned to', value: assignee || 'nobody' },
          ],
        },
        { type: 'TextBlock', text: who, wrap: true },
      ],
    },
  };
}
