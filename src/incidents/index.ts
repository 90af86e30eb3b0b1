import { BotChats, ConsoleEvents, type UpstreamSender } from '../handoff';
import type { Catalogue } from '../i18n';
import type { Logger } from '../logging';
import { LeasedJob } from '../storage';
import type { StorageBackend } from '../storage/ports';
import { ACTIVE_TICKET_STATUSES, type Ticket, type TicketStore } from '../tickets';
import type { WordLists } from '../words';
import { IncidentResolution, type IncidentAwayMail } from './incident-resolution';
import { IncidentService } from './incident-service';
import { IncidentStore } from './incident-store';
import { KnownProblems } from './known-problems';
import { fold, type SpikeSettings } from './spike-detector';
import { SpikeDetector, type SpikePass } from './spike-job';

export { IncidentService, type IncidentInput, type IncidentEventType } from './incident-service';
export {
  eraseIncidentLinks,
  incidentLinksAbout,
  IncidentStore,
  SPIKE_GUARDS_COLLECTION,
  type SpikeGuard,
} from './incident-store';
export { KnownProblems, type DescribedProblem } from './known-problems';
export { findSpikes, contentWords, type Spike, type SpikeSettings } from './spike-detector';
export type { SpikePass } from './spike-job';
export { statusMessageFor, type IncidentAwayMail } from './incident-resolution';
export {
  INCIDENTS_COLLECTION,
  INCIDENT_STATUSES,
  IncidentError,
  MAX_STATUS_MESSAGE_CHARS,
  MAX_TITLE_CHARS,
  MAX_WORDS,
  viewOf,
  type Incident,
  type IncidentActor,
  type IncidentLink,
  type IncidentStatus,
  type IncidentView,
} from './incident-types';

export interface IncidentSettings extends SpikeSettings {
  checkMs: number;
}

export interface Incidents {
  readonly service: IncidentService;
  readonly known: KnownProblems;
  /** The detector's job (tests run a pass with `runNow()`). */
  readonly detector: LeasedJob<SpikePass & { ran: boolean }>;
  start(): void;
  stop(): Promise<void>;
  idle(): Promise<void>;
}

/** The incidents as the composition root wires them, over the app's cases, tickets and console stream. */
export function createIncidents(deps: {
  settings: IncidentSettings;
  storage: StorageBackend;
  catalogue: Pick<Catalogue, 't'>;
  words: WordLists;
  upstream: UpstreamSender;
  tickets: TicketStore;
  redact: (text: string) => string;
  topicLabel: (topic: string) => string;
  /** E-mail to linked users away from the chat when it is resolved (src/mail, with SMTP_URL). */
  mail?: Pick<IncidentAwayMail, 'resolved'>;
  /** Whether the user of a conversation is away from the chat (src/handoff's rule). */
  userAway?: (conversationId: string) => Promise<boolean>;
  /** A ticket the incident resolved, e-mailed to its user if away (src/handoff, as console changes). */
  mailStatusIfAway?: (ticket: Ticket) => Promise<boolean>;
  clock?: () => Date;
  logger: Logger;
}): Incidents {
  const clock = deps.clock ?? (() => new Date());
  const logger = deps.logger.child({ module: 'incidents' });
  const store = new IncidentStore(deps.storage);
  const stopWords = new Set(Object.values(deps.words).flatMap((w) => w.stopWords.map(fold)));
  const known = new KnownProblems({ store, catalogue: deps.catalogue, stopWords, clock, logger });
  const consoleEvents = new ConsoleEvents(deps.storage, clock);
  const tickets = deps.tickets;
  const service = new IncidentService({
    store,
    // Every change goes through an event: this instance's users see it at once.
    events: {
      emit: (event) => {
        known.invalidate();
        return consoleEvents.emit(event);
      },
    },
    redact: deps.redact,
    ticketId: async (idOrNumber) => (await tickets.byIdOrNumber(idOrNumber))?.id,
    resolution: new IncidentResolution({
      store,
      upstream: deps.upstream,
      catalogue: deps.catalogue,
      awayMail: awayMailOf(deps.mail, deps.userAway, deps.storage, clock),
      logger,
      tickets: {
        get: (id) => tickets.get(id),
        activeOf: (conversationIds) => activeTicketsOf(deps.storage, conversationIds),
        resolve: (id, resolution, by, why) => tickets.resolve(id, resolution, by, why),
        ...(deps.mailStatusIfAway ? { mailStatusIfAway: deps.mailStatusIfAway } : {}),
      },
    }),
    clock,
    logger,
  });
  const spikes = new SpikeDetector({
    storage: deps.storage,
    store,
    service,
    settings: deps.settings,
    stopWords,
    topicLabel: deps.topicLabel,
    clock,
    logger,
  });
  const detector = new LeasedJob({
    name: 'incident-spikes',
    storage: deps.storage,
    intervalMs: deps.settings.checkMs,
    clock,
    logger,
    pass: async () => ({ ...(await spikes.pass()), ran: true }),
    skipped: { cases: 0, raised: 0, ran: false },
  });
  return {
    service,
    known,
    detector,
    start: () => detector.start(),
    stop: () => detector.stop(),
    idle: () => detector.idle(),
  };
}

const TICKETS_PER_CONVERSATION = 50;

async function activeTicketsOf(
  storage: Pick<StorageBackend, 'collection'>,
  conversationIds: readonly string[],
): Promise<Ticket[]> {
  const tickets = storage.collection<Ticket>('tickets');
  const found: Ticket[] = [];
  // A batch of ids per query keeps each `in` list small on both backends.
  for (let i = 0; i < conversationIds.length; i += 100) {
    const ids = conversationIds.slice(i, i + 100);
    found.push(
      ...(await tickets.find({
        where: { conversationId: { in: ids }, status: { in: ACTIVE_TICKET_STATUSES } },
        limit: ids.length * TICKETS_PER_CONVERSATION,
      })),
    );
  }
  return found;
}

/**
 * E-mail for linked users who are away: their address is the one the bot last saw verified on
 * their conversation (host site's token, Teams roster), else one they gave on a ticket from it.
 */
function awayMailOf(
  mail: Pick<IncidentAwayMail, 'resolved'> | undefined,
  userAway: ((conversationId: string) => Promise<boolean>) | undefined,
  storage: Pick<StorageBackend, 'collection'>,
  clock: () => Date,
): IncidentAwayMail | undefined {
  if (!mail || !userAway) return undefined;
  const chats = new BotChats(storage, clock);
  const tickets = storage.collection<Ticket>('tickets');
  return {
    userAway,
    resolved: (to, incident) => mail.resolved(to, incident),
    addressOf: async (link) => {
      const user = (await chats.get(link.conversationId))?.user;
      if (user?.email) return { address: user.email, ...(user.name ? { name: user.name } : {}) };
      const given = (
        await tickets.find({
          where: { conversationId: link.conversationId },
          orderBy: [{ field: 'createdAt', direction: 'desc' }],
          limit: TICKETS_PER_CONVERSATION,
        })
      ).find((t) => t.user.email);
      if (!given?.user.email) return undefined;
      return { address: given.user.email, ...(given.user.name ? { name: given.user.name } : {}) };
    },
  };
}
