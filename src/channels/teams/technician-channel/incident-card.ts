import { ADAPTIVE_CARD } from './handoff-card';

/** What an incident event says (src/incidents: `incident.*`), as stored in the console stream. */
type IncidentEvent = Record<string, unknown>;

/** The incident events the channel hears of: raised, confirmed, resolved. */
export const INCIDENT_CARD_EVENTS = new Set([
  'incident.suspected',
  'incident.confirmed',
  'incident.resolved',
]);

function text(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

const VERBS: Record<string, string> = {
  'incident.suspected': 'Suspected incident',
  'incident.confirmed': 'Incident confirmed',
  'incident.resolved': 'Incident resolved',
};

/** The card's headline; also the thread's summary in Teams notifications. */
export function incidentHeadline(event: IncidentEvent): string {
  return `${VERBS[text(event.type)] ?? 'Incident'} ${text(event.incidentNumber)}: ${text(event.title)}`;
}

/**
 * The card posted to the technicians' channel when an incident is suspected, confirmed or
 * resolved. English, like the hand-over cards; names no user, only counts and the topic.
 */
export function incidentCardAttachment(event: IncidentEvent): {
  contentType: string;
  content: Record<string, unknown>;
} {
  const suspected = event.type === 'incident.suspected';
  const words = Array.isArray(event.words) ? event.words.filter((w) => typeof w === 'string').join(', ') : '';
  const facts = [
    ...(event.topic ? [{ title: 'Topic', value: text(event.topic) }] : []),
    ...(words ? [{ title: 'Words', value: words }] : []),
    ...(typeof event.recent === 'number'
      ? [{ title: 'Reports', value: `${event.recent} recently (baseline ${String(event.baseline ?? 0)})` }]
      : []),
    { title: 'Users linked', value: String(typeof event.linked === 'number' ? event.linked : 0) },
    { title: 'By', value: text(event.by, 'FirstLine') },
  ];
  return {
    contentType: ADAPTIVE_CARD,
    content: {
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.4',
      body: [
        {
          type: 'TextBlock',
          text: incidentHeadline(event),
          weight: 'Bolder',
          size: 'Medium',
          wrap: true,
          color: suspected ? 'Warning' : event.type === 'incident.resolved' ? 'Good' : 'Attention',
        },
        { type: 'FactSet', facts },
        {
          type: 'TextBlock',
          text: suspected
            ? 'A lead can confirm it with a status message for users, or dismiss it, in the console (Incidents).'
            : 'See the console (Incidents) for the status users are told.',
          wrap: true,
        },
      ],
    },
  };
}
