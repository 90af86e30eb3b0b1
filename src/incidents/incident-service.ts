import type { ConsoleEvent } from '../handoff';
import { LANGUAGES, type Lang } from '../i18n/languages';
import type { Logger } from '../logging';
import { fold } from './spike-detector';
import type { IncidentStore } from './incident-store';
import type { IncidentResolution } from './incident-resolution';
import {
  canMove,
  IncidentError,
  MAX_STATUS_MESSAGE_CHARS,
  MAX_TICKETS,
  MAX_TITLE_CHARS,
  MAX_TOPIC_CHARS,
  MAX_WORD_CHARS,
  MAX_WORDS,
  type Incident,
  type IncidentActor,
  type IncidentStatus,
} from './incident-types';

/** What a lead writes when creating or changing an incident (every field optional on a change). */
export interface IncidentInput {
  title?: string;
  /** null removes it. */
  topic?: string | null;
  words?: readonly string[];
  status?: IncidentStatus;
  statusMessages?: Partial<Record<Lang, string>>;
  /** Tickets to link by id or number (resolved together with the incident). */
  linkTicketIds?: readonly string[];
  /** Applied only if the incident is still at this version (409 otherwise). */
  version?: number;
}

export interface IncidentServiceDeps {
  store: IncidentStore;
  events: { emit(event: ConsoleEvent): Promise<number> };
  /** Removes secrets from what leads write (status messages, titles). */
  redact: (text: string) => string;
  /** The id of a ticket by its id or number (links to unknown tickets are refused). */
  ticketId: (idOrNumber: string) => Promise<string | undefined>;
  resolution: IncidentResolution;
  clock: () => Date;
  logger: Logger;
}

export type IncidentEventType =
  | 'incident.suspected'
  | 'incident.confirmed'
  | 'incident.updated'
  | 'incident.resolved'
  | 'incident.dismissed';

/** What leads do with incidents (the console API): create, change status and texts, list. */
export class IncidentService {
  constructor(private readonly deps: IncidentServiceDeps) {}

  list(status?: IncidentStatus): Promise<Incident[]> {
    return this.deps.store.list(status ? [status] : undefined);
  }

  get(id: string): Promise<Incident | undefined> {
    return this.deps.store.get(id);
  }

  async create(input: IncidentInput, by: IncidentActor): Promise<Incident> {
    const title = this.text(input.title ?? '', MAX_TITLE_CHARS);
    if (!title) throw new IncidentError('invalid', 'An incident needs a title.');
    const status = input.status ?? 'suspected';
    if (status !== 'suspected' && status !== 'confirmed')
      throw new IncidentError('invalid', 'A new incident is suspected or confirmed.');
    const topic = input.topic ? this.topic(input.topic) : undefined;
    const words = this.words(input.words ?? []);
    if (!topic && words.length === 0)
      throw new IncidentError('invalid', 'An incident needs a topic or words that problems match by.');
    const statusMessages = this.messages(input.statusMessages ?? {});
    if (status === 'confirmed') this.needsMessage(statusMessages);
    const ticketIds = await this.tickets(input.linkTicketIds ?? []);
    const at = this.deps.clock().toISOString();
    const incident = await this.deps.store.insert({
      title,
      ...(topic ? { topic } : {}),
      words,
      status,
      statusMessages,
      source: 'lead',
      links: [],
      ticketIds,
      createdBy: by,
      createdAt: at,
      updatedAt: at,
      ...(status === 'confirmed' ? { confirmedAt: at } : {}),
    });
    await this.emit(status === 'confirmed' ? 'incident.confirmed' : 'incident.suspected', incident, by);
    return incident;
  }

  async update(id: string, input: IncidentInput, by: IncidentActor): Promise<Incident> {
    const title = input.title === undefined ? undefined : this.text(input.title, MAX_TITLE_CHARS);
    if (title === '') throw new IncidentError('invalid', 'The title cannot be empty.');
    const topic = input.topic === undefined || input.topic === null ? input.topic : this.topic(input.topic);
    const words = input.words && this.words(input.words);
    const messages = input.statusMessages && this.messages(input.statusMessages);
    const linked = await this.tickets(input.linkTicketIds ?? []);
    const at = this.deps.clock().toISOString();
    const { before, after } = await this.deps.store.change(id, (current) => {
      if (input.version !== undefined && input.version !== current.version)
        throw new IncidentError('conflict', 'The incident changed meanwhile; reload it.');
      const status = input.status ?? current.status;
      if (status !== current.status && !canMove(current.status, status))
        throw new IncidentError('conflict', `A ${current.status} incident cannot become ${status}.`);
      // Resolving, the lead's messages say how it was fixed and replace the old status in every
      // language (a language left out must not tell its users the outage is still on).
      const statusMessages =
        status === 'resolved' && current.status !== 'resolved'
          ? (messages ?? {})
          : messages
            ? { ...current.statusMessages, ...messages }
            : current.statusMessages;
      if (status === 'confirmed') this.needsMessage(statusMessages);
      const nextTopic = topic === undefined ? current.topic : (topic ?? undefined);
      const nextWords = words ?? current.words;
      if (!nextTopic && nextWords.length === 0)
        throw new IncidentError('invalid', 'An incident needs a topic or words that problems match by.');
      const ticketIds = [...new Set([...current.ticketIds, ...linked])].slice(0, MAX_TICKETS);
      const moved = status !== current.status;
      return {
        ...(title ? { title } : {}),
        topic: nextTopic,
        words: nextWords,
        status,
        statusMessages,
        ticketIds,
        updatedAt: at,
        ...(moved && status === 'confirmed' ? { confirmedAt: at } : {}),
        ...(moved && (status === 'resolved' || status === 'dismissed') ? { closedAt: at, closedBy: by } : {}),
      };
    });
    if (before.status !== after.status) {
      await this.emit(`incident.${after.status}` as IncidentEventType, after, by);
      // Only the write that moved it resolves: a retried request finds it resolved and stops.
      if (after.status === 'resolved') await this.deps.resolution.resolved(after);
    } else if (before.version !== after.version) {
      await this.emit('incident.updated', after, by);
    }
    return (await this.deps.store.get(id)) ?? after;
  }

  async emit(type: IncidentEventType, incident: Incident, by: IncidentActor): Promise<void> {
    await this.deps.events.emit({
      type,
      incidentId: incident.id,
      incidentNumber: incident.number,
      title: incident.title,
      status: incident.status,
      ...(incident.topic ? { topic: incident.topic } : {}),
      words: incident.words,
      ...(incident.spike ? { recent: incident.spike.recent, baseline: incident.spike.baseline } : {}),
      linked: incident.links.length,
      by: by.name,
    });
  }

  private text(value: string, max: number): string {
    // Control characters out, secrets out, then the limit.
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    const plain = value.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim();
    return this.deps.redact(plain).slice(0, max).trim();
  }

  private topic(value: string): string {
    const topic = value.trim();
    if (!/^[a-z0-9][a-z0-9._-]*$/i.test(topic) || topic.length > MAX_TOPIC_CHARS)
      throw new IncidentError('invalid', 'A topic is a taxonomy id such as "email.outlook".');
    return topic;
  }

  private words(values: readonly string[]): string[] {
    if (values.length > MAX_WORDS) throw new IncidentError('invalid', `At most ${MAX_WORDS} words.`);
    const words = values.map((w) => fold(w.trim()));
    if (words.some((w) => !w || w.length > MAX_WORD_CHARS || /[^\p{L}\p{N}-]/u.test(w)))
      throw new IncidentError('invalid', `A word is one word of at most ${MAX_WORD_CHARS} letters.`);
    return [...new Set(words)];
  }

  private messages(values: Partial<Record<string, string>>): Partial<Record<Lang, string>> {
    const out: Partial<Record<Lang, string>> = {};
    for (const [lang, text] of Object.entries(values)) {
      if (!(LANGUAGES as readonly string[]).includes(lang))
        throw new IncidentError('invalid', `Status messages are in ${LANGUAGES.join(', ')}.`);
      if (typeof text !== 'string' || text.length > MAX_STATUS_MESSAGE_CHARS * 2)
        throw new IncidentError(
          'invalid',
          `A status message has at most ${MAX_STATUS_MESSAGE_CHARS} characters.`,
        );
      const clean = this.text(text, MAX_STATUS_MESSAGE_CHARS);
      if (clean) out[lang as Lang] = clean;
    }
    return out;
  }

  private needsMessage(messages: Partial<Record<Lang, string>>): void {
    if (Object.keys(messages).length === 0)
      throw new IncidentError('invalid', 'Confirming needs a status message for users (en, de, pl or ro).');
  }

  private async tickets(ids: readonly string[]): Promise<string[]> {
    if (ids.length > MAX_TICKETS) throw new IncidentError('invalid', `At most ${MAX_TICKETS} tickets.`);
    const found: string[] = [];
    for (const given of ids) {
      const id = await this.deps.ticketId(given);
      if (!id) throw new IncidentError('invalid', `No ticket "${given.slice(0, 40)}".`);
      found.push(id);
    }
    return [...new Set(found)];
  }
}
