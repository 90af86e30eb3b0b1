import { ActivityTypes, CardFactory, type Activity } from 'botbuilder';
import { supportsCards } from '../choices';

/** One ticket as its user reads it: every value already in the user's language. */
export interface TicketView {
  number: string;
  title: string;
  status: string;
  updated: string;
  /** The assignee's first name, or the words for "nobody yet". */
  assignee: string;
}

export interface TicketCardLabels {
  status: string;
  updated: string;
  assignee: string;
}

export interface TicketCardOptions {
  channelId: string | undefined;
  locale: string;
  labels: TicketCardLabels;
  /** Above the tickets ("Your tickets"); none for the answer to "status of HD-1001". */
  heading?: string;
  /** One ticket as a line of Markdown, for channels without cards. */
  line: (view: TicketView) => string;
  /** Said with the card (e.g. which numbers were not found). */
  note?: string;
}

/**
 * The user's tickets as one message: an Adaptive Card (number and title, then status, last update
 * and who handles it as facts) where the channel shows cards (Teams, web chat), else Markdown
 * lines the user reads the same things in.
 */
export function ticketsMessage(views: readonly TicketView[], options: TicketCardOptions): Partial<Activity> {
  const base = { type: ActivityTypes.Message, locale: options.locale };
  if (!supportsCards(options.channelId)) {
    const text = [options.heading && `**${options.heading}**`, ...views.map(options.line), options.note]
      .filter(Boolean)
      .join('\n\n');
    return { ...base, text };
  }
  const { labels } = options;
  const card = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      ...(options.heading
        ? [{ type: 'TextBlock', text: options.heading, weight: 'Bolder', size: 'Medium', wrap: true }]
        : []),
      ...views.map((view, i) => ({
        type: 'Container',
        separator: i > 0,
        spacing: i > 0 ? 'Medium' : 'Small',
        items: [
          { type: 'TextBlock', text: `**${view.number}** ${view.title}`, wrap: true },
          {
            type: 'FactSet',
            facts: [
              { title: labels.status, value: view.status },
              { title: labels.updated, value: view.updated },
              { title: labels.assignee, value: view.assignee },
            ],
          },
        ],
      })),
    ],
  };
  return {
    ...base,
    ...(options.note ? { text: options.note } : {}),
    summary: options.heading ?? views.map((v) => `${v.number}: ${v.status}`).join(', '),
    attachments: [CardFactory.adaptiveCard(card)],
  };
}
