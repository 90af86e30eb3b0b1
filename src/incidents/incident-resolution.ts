import type { Activity } from 'botbuilder';
import type { UpstreamSender } from '../handoff';
import type { Catalogue } from '../i18n';
import type { Lang } from '../i18n/languages';
import type { Logger } from '../logging';
import type { Ticket, TicketActor, TicketResolution } from '../tickets';
import type { IncidentStore } from './incident-store';
import type { Incident, IncidentLink } from './incident-types';

/** The tickets an incident's resolution resolves too. */
export interface IncidentTickets {
  get(id: string): Promise<Ticket | undefined>;
  /** The still active tickets opened from these conversations. */
  activeOf(conversationIds: readonly string[]): Promise<Ticket[]>;
  resolve(
    id: string,
    resolution: Omit<TicketResolution, 'at'>,
    by: TicketActor,
    why: string,
  ): Promise<Ticket>;
  /** The resolved ticket's new status, e-mailed to its user if away (as console changes are). */
  mailStatusIfAway?(ticket: Ticket): Promise<boolean>;
}

/** E-mail to linked users who are away from the chat (src/mail's IncidentMail, with SMTP_URL). */
export interface IncidentAwayMail {
  /** The user of this conversation is not in the chat now (src/handoff's rule for ticket replies). */
  userAway(conversationId: string): Promise<boolean>;
  /** The address known for the user of this conversation (verified identity, Teams roster, or given). */
  addressOf(link: IncidentLink): Promise<{ address: string; name?: string } | undefined>;
  /** True when sent; never rejects. */
  resolved(
    to: { address: string; language: Lang; name?: string },
    incident: { number: string; title: string; status: string },
  ): Promise<boolean>;
}

export interface IncidentResolutionDeps {
  store: IncidentStore;
  /** How users' conversations are reached outside their turn (as ticket replies reach them). */
  upstream: UpstreamSender;
  catalogue: Pick<Catalogue, 't'>;
  tickets: IncidentTickets;
  /** Undefined: no e-mail (no SMTP_URL). */
  awayMail?: IncidentAwayMail;
  logger: Logger;
}

type Told = Pick<IncidentLink, 'notified' | 'emailed'>;

const SYSTEM: TicketActor = { kind: 'system', name: 'FirstLine' };

/** The status message in the user's language, else English, else any the lead wrote. */
export function statusMessageFor(incident: Pick<Incident, 'statusMessages'>, language: Lang): string {
  const messages = incident.statusMessages;
  return messages[language] ?? messages.en ?? Object.values(messages)[0] ?? '';
}

/**
 * What follows an incident's resolution: every linked user is told in their conversation (live
 * in an open chat, kept in a web chat's log for when they come back, a proactive message in Teams:
 * the paths ticket replies take), a user away from the chat with a known address is e-mailed too
 * (as ticket replies are), and its tickets, linked or opened from linked conversations,
 * are resolved with a history line naming the incident. Called once, by the write that resolved it.
 */
export class IncidentResolution {
  constructor(private readonly deps: IncidentResolutionDeps) {}

  async resolved(incident: Incident): Promise<{ notified: number; emailed: number; tickets: number }> {
    const results = new Map<string, Told>();
    for (const link of incident.links) {
      if (link.notified) continue;
      // Whether they are away is read before the chat is told (telling them is no sign of them).
      const away = await this.awayWithMail(link);
      const notified = await this.notify(incident, link);
      const emailed = away ? await this.email(incident, link) : false;
      results.set(link.conversationId, { notified, ...(emailed ? { emailed } : {}) });
    }
    if (results.size > 0) {
      await this.deps.store
        .change(incident.id, (current) => ({
          links: current.links.map((l) =>
            results.has(l.conversationId) ? { ...l, ...results.get(l.conversationId) } : l,
          ),
        }))
        .catch((err: unknown) => this.deps.logger.warn({ err }, 'incident: delivery results not recorded'));
    }
    const emailedAbout = new Set([...results].filter(([, told]) => told.emailed).map(([id]) => id));
    const tickets = await this.resolveTickets(incident, emailedAbout);
    const told = [...results.values()];
    const notified = told.filter((r) => r.notified === 'delivered').length;
    const emailed = told.filter((r) => r.emailed).length;
    this.deps.logger.info({ incident: incident.number, notified, emailed, tickets }, 'incident resolved');
    return { notified, emailed, tickets };
  }

  private async awayWithMail(link: IncidentLink): Promise<boolean> {
    const mail = this.deps.awayMail;
    if (!mail) return false;
    try {
      return await mail.userAway(link.conversationId);
    } catch (err) {
      this.deps.logger.warn({ err }, 'incident: whether a linked user is away could not be read');
      return false;
    }
  }

  /** The resolution by e-mail to a user away from the chat, when an address is known for them. */
  private async email(incident: Incident, link: IncidentLink): Promise<boolean> {
    const mail = this.deps.awayMail;
    const to = await mail?.addressOf(link).catch((err: unknown) => {
      this.deps.logger.warn({ err }, 'incident: the address of a linked user could not be read');
      return undefined;
    });
    if (!mail || !to) return false;
    const status = statusMessageFor(incident, link.language);
    return mail.resolved(
      { ...to, language: link.language },
      { number: incident.number, title: incident.title, status },
    );
  }

  private async notify(incident: Incident, link: IncidentLink): Promise<IncidentLink['notified']> {
    if (!link.reference?.conversation?.id) return 'undelivered';
    const status = statusMessageFor(incident, link.language);
    const text = this.deps.catalogue.t(link.language, 'incident.resolved', { title: incident.title, status });
    const activity: Partial<Activity> = { type: 'message', text, locale: link.language };
    try {
      await this.deps.upstream.send(link.reference, [activity]);
      return 'delivered';
    } catch (err) {
      this.deps.logger.warn({ err, incident: incident.number }, 'incident resolution did not reach a user');
      return 'undelivered';
    }
  }

  /**
   * Resolves the incident's tickets; a user away from the chat is e-mailed the ticket's new status
   * unless the incident's own e-mail just reached them about that conversation.
   */
  private async resolveTickets(incident: Incident, emailedAbout: ReadonlySet<string>): Promise<number> {
    const linked = await Promise.all(incident.ticketIds.map((id) => this.deps.tickets.get(id)));
    const fromConversations = await this.deps.tickets.activeOf(incident.links.map((l) => l.conversationId));
    const tickets = new Map<string, Ticket>();
    for (const ticket of [...linked, ...fromConversations]) if (ticket) tickets.set(ticket.id, ticket);
    let resolved = 0;
    for (const ticket of tickets.values()) {
      if (ticket.status === 'resolved' || ticket.status === 'closed') continue;
      try {
        const done = await this.deps.tickets.resolve(
          ticket.id,
          {
            note: `Resolved with incident ${incident.number}: ${incident.title}`,
            category: 'incident',
            by: 'FirstLine',
          },
          SYSTEM,
          `incident ${incident.number} resolved`,
        );
        resolved++;
        if (!emailedAbout.has(done.conversationId)) await this.deps.tickets.mailStatusIfAway?.(done);
      } catch (err) {
        this.deps.logger.warn({ err, ticket: ticket.number }, 'a ticket of a resolved incident stayed open');
      }
    }
    return resolved;
  }
}
