import type { Handoff } from '../../../handoff';
import type { Lang } from '../../../i18n/languages';
import type { Ticket } from '../../../tickets';
import type { CardVerb } from './channel-types';

export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

/** What a card shows: the hand-over as stored now, its ticket when it could be read. */
export interface CardView {
  handoff: Handoff;
  ticket?: Pick<Ticket, 'summary' | 'problem' | 'resolution'>;
}

// The card is for technicians: English, like ticket summaries and the console.
const LANGUAGE_NAMES: Record<Lang, string> = { en: 'English', de: 'German', pl: 'Polish', ro: 'Romanian' };
const PRIORITY_LABELS: Record<Handoff['priority'], string> = {
  urgent: 'Urgent',
  high: 'High',
  normal: 'Normal',
  low: 'Low',
};
const CHANNEL_NAMES: Record<string, string> = {
  directline: 'Web chat',
  msteams: 'Teams',
  webchat: 'Web chat',
};
const MAX_PROBLEM_CHARS = 600;

/** The hand-over's card: what is asked, who asks, and the buttons that fit its state now. */
export function buildCard(view: CardView, notice?: string): Record<string, unknown> {
  const { handoff } = view;
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    // Action.Execute (Universal Actions) needs 1.4.
    version: '1.4',
    msteams: { width: 'Full' },
    body: [
      // Only in the answer to whoever pressed a button: why nothing (or something else) happened.
      ...(notice
        ? [{ type: 'TextBlock', text: notice, wrap: true, color: 'Attention', weight: 'Bolder' }]
        : []),
      {
        type: 'TextBlock',
        text: `${handoff.ticketNumber} · ${PRIORITY_LABELS[handoff.priority]} priority`,
        weight: 'Bolder',
        size: 'Medium',
        wrap: true,
        color: handoff.priority === 'urgent' || handoff.priority === 'high' ? 'Attention' : 'Default',
      },
      { type: 'TextBlock', text: view.ticket?.summary || 'No summary yet.', wrap: true },
      ...problemBlock(view),
      { type: 'FactSet', facts: facts(handoff) },
      { type: 'TextBlock', text: waitLine(handoff), wrap: true, isSubtle: true, size: 'Small' },
      {
        type: 'TextBlock',
        text: statusLine(handoff),
        weight: 'Bolder',
        wrap: true,
        color: statusColour(handoff),
      },
      ...stateInputs(handoff),
    ],
    actions: actionsFor(handoff),
  };
}

export function cardAttachment(
  view: CardView,
  notice?: string,
): { contentType: string; content: Record<string, unknown> } {
  return { contentType: ADAPTIVE_CARD, content: buildCard(view, notice) };
}

/** One line for the card's status and the thread's history. */
export function statusLine(handoff: Handoff): string {
  const who = handoff.assignedToName ?? 'a technician';
  switch (handoff.state) {
    case 'queued':
      return 'Waiting for a technician: claim it to take over.';
    case 'assigned':
      return `Claimed by ${who}.`;
    case 'resolved':
      return `Resolved by ${who}.`;
    case 'returned':
      return `Handed back to the bot by ${who}.`;
    case 'abandoned':
      return 'The user no longer waits (cancelled); the ticket stays open.';
  }
}

function problemBlock(view: CardView): Record<string, unknown>[] {
  const problem = view.ticket?.problem?.trim();
  // The summary usually quotes the problem already.
  if (!problem || view.ticket?.summary.includes(problem)) return [];
  const text = problem.length > MAX_PROBLEM_CHARS ? `${problem.slice(0, MAX_PROBLEM_CHARS)}…` : problem;
  return [{ type: 'TextBlock', text: `“${text}”`, wrap: true, isSubtle: true }];
}

function facts(handoff: Handoff): { title: string; value: string }[] {
  return [
    { title: 'Ticket', value: handoff.ticketNumber },
    { title: 'Priority', value: PRIORITY_LABELS[handoff.priority] },
    { title: 'Language', value: `${LANGUAGE_NAMES[handoff.language]} (${handoff.language})` },
    { title: 'Category', value: handoff.category },
    { title: 'User', value: handoff.user.name ?? handoff.user.id },
    { title: 'Channel', value: CHANNEL_NAMES[handoff.channelId] ?? handoff.channelId },
    ...(handoff.skills.length > 0 ? [{ title: 'Skills', value: handoff.skills.join(', ') }] : []),
  ];
}

/** Teams renders DATE/TIME in each reader's own time zone; the instant must carry no fraction. */
function waitLine(handoff: Handoff): string {
  const queued = cardInstant(handoff.queuedAt);
  const since = `Queued {{DATE(${queued}, SHORT)}} {{TIME(${queued})}}`;
  if (!handoff.assignedAt)
    return handoff.userWaitingMode === 'waiting' ? since : `${since} · the user left a message`;
  const minutes = Math.max(
    0,
    Math.round((Date.parse(handoff.assignedAt) - Date.parse(handoff.queuedAt)) / 60000),
  );
  return `${since} · waited ${minutes} min before it was claimed`;
}

export function cardInstant(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function statusColour(handoff: Handoff): string {
  if (handoff.state === 'queued') return 'Warning';
  if (handoff.state === 'assigned') return 'Accent';
  return handoff.state === 'resolved' ? 'Good' : 'Default';
}

function stateInputs(handoff: Handoff): Record<string, unknown>[] {
  if (handoff.state !== 'assigned') return [];
  return [
    {
      type: 'TextBlock',
      text: 'Reply in this thread (mention the bot) to write to the user. Start with /note for an internal note.',
      wrap: true,
      size: 'Small',
      isSubtle: true,
    },
    {
      type: 'Input.Text',
      id: 'note',
      label: 'Resolution note',
      placeholder: 'What fixed it (needed to resolve)',
      isMultiline: true,
      maxLength: 1000,
    },
  ];
}

function actionsFor(handoff: Handoff): Record<string, unknown>[] {
  if (handoff.state === 'queued') return [execute('claim', 'Claim', handoff, 'positive')];
  if (handoff.state !== 'assigned') return [];
  return [
    execute('resolve', 'Resolve', handoff, 'positive'),
    execute('handBack', 'Hand back to the bot', handoff),
  ];
}

function execute(verb: CardVerb, title: string, handoff: Handoff, style?: 'positive') {
  return {
    type: 'Action.Execute',
    verb,
    title,
    data: { handoffId: handoff.id },
    // Resolve sends the note; the others must not be blocked by an empty input.
    associatedInputs: verb === 'resolve' ? 'auto' : 'none',
    ...(style ? { style } : {}),
  };
}
