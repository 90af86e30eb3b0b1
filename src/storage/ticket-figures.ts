/**
 * A ticket's figures for the technicians' side of the insights (src/insights): when it was first
 * responded to and first resolved, whether it was reopened, its rating and SLA marks. Derived from
 * the ticket document on every write of the `tickets` collection and kept in its worklist row
 * (worklist.ts), so a report over 20,000 tickets reads a few columns instead of parsing each one.
 * The rules live here, below src/sla and src/insights, which both read them; a change to them
 * raises WORKLIST_ROW_VERSION (worklist.ts), so stored rows are derived again.
 */

export interface TicketFigures {
  /** Resolved by the bot itself (src/followup) and still resolved or closed: no technicians' work. */
  byBot: boolean;
  firstResponseAt: string | null;
  firstResolvedAt: string | null;
  /** Taken from resolved or closed back into work. */
  reopened: boolean;
  /** The user's 1–5 rating. */
  rating: number | null;
  firstResponseDueAt: string | null;
  resolutionDueAt: string | null;
  /** The SLA clock is stopped (pending on the user, on hold). */
  slaPaused: boolean;
  /** The target the SLA scheduler marked breached (`first-response` or `resolution`). */
  breachedFor: string | null;
}

/** A ticket's figures with what a report selects them by (see TicketWorklist.figures). */
export interface TicketFiguresRow extends TicketFigures {
  createdAt: string;
}

const CLOSED_STATES = new Set(['resolved', 'closed']);

type Body = Record<string, unknown>;
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const obj = (value: unknown): Body => (value !== null && typeof value === 'object' ? (value as Body) : {});
const list = (value: unknown): Body[] => (Array.isArray(value) ? value.map(obj) : []);

/** The figures of one ticket document (any shape: a malformed one gets blanks, never an error). */
export function ticketFigures(ticket: Body): TicketFigures {
  const sla = obj(ticket.sla);
  const score = obj(ticket.rating).score;
  return {
    byBot: obj(ticket.resolution).byBot !== undefined && CLOSED_STATES.has(str(ticket.status) ?? ''),
    firstResponseAt: firstResponseAt(ticket) ?? null,
    firstResolvedAt: firstResolutionAt(ticket) ?? null,
    reopened: wasReopened(ticket),
    rating: typeof score === 'number' ? score : null,
    firstResponseDueAt: str(sla.firstResponseDueAt) ?? null,
    resolutionDueAt: str(sla.resolutionDueAt) ?? null,
    slaPaused: sla.pausedAt !== undefined,
    breachedFor: str(sla.breachedFor) ?? null,
  };
}

/**
 * The first technician response: a public reply by a technician, or a technician taking the
 * ticket themselves (a claim or pick-up), or the time the SLA already keeps for it.
 */
export function firstResponseAt(ticket: Body): string | undefined {
  const byTechnician = (entry: Body) => obj(entry.by).kind === 'technician';
  const candidates = [
    obj(ticket.sla).firstRespondedAt,
    ...list(ticket.replies)
      .filter(byTechnician)
      .map((reply) => reply.at),
    ...list(ticket.history)
      .filter(
        (entry) =>
          byTechnician(entry) &&
          (entry.change === 'reply' ||
            (entry.change === 'assignee' &&
              (entry.to === obj(entry.by).id || entry.to === obj(entry.by).name))),
      )
      .map((entry) => entry.at),
  ].filter((at): at is string => typeof at === 'string');
  return candidates.sort()[0];
}

/** A history line written by the bot (src/followup records and takes back its own fixes as the bot). */
const byTheBot = (entry: Body): boolean => obj(entry.by).kind === 'bot';

/**
 * When the ticket was first resolved: its first move to resolved (a reopened one may be resolved
 * again). The bot's own fix, taken back by the user and handed over on the same ticket, is no
 * resolution of the desk's work: the technician's later one is the first.
 */
export function firstResolutionAt(ticket: Body): string | undefined {
  const moves = list(ticket.history)
    .filter((entry) => entry.change === 'status' && entry.to === 'resolved' && !byTheBot(entry))
    .map((entry) => entry.at);
  const resolution = obj(ticket.resolution);
  const current = ticket.resolution && resolution.byBot === undefined ? [resolution.at] : [];
  return [...moves, ...current].filter((at): at is string => typeof at === 'string').sort()[0];
}

/**
 * Taken back from resolved or closed into work (the user said the fix did not hold, or a
 * technician reopened it); not when the resolution taken back was the bot's own fix.
 */
export function wasReopened(ticket: Body): boolean {
  let botFix = false;
  return list(ticket.history).some((entry) => {
    if (entry.change !== 'status') return false;
    const to = str(entry.to) ?? '';
    if (to === 'resolved') botFix = byTheBot(entry);
    const reopened = CLOSED_STATES.has(str(entry.from) ?? '') && to !== '' && !CLOSED_STATES.has(to);
    return reopened && !botFix;
  });
}
