import type { Activity } from 'botbuilder';
import { HandoffError, mayAccess, type Handoff } from '../../../handoff';
import type { Logger } from '../../../logging';
import { isActive, type Technician } from '../../../technicians';
import type { CardView } from './handoff-card';
import { identityOf, plainTextOf, threadRootOf, type CardAction } from './teams-activity';
import type { ThreadStore } from './thread-store';
import type {
  ChannelDirectory,
  ChannelHandoffs,
  TechnicianChannelSettings,
  ChannelTickets,
} from './channel-types';

/** What a button press comes to: the card as it should look now, and/or a line for the presser. */
export interface ActionOutcome {
  view?: CardView;
  message?: string;
}

const NOTE_COMMAND = /^\/note\b\s*/i;
const MAX_TEXT = 4000;

const TEXTS = {
  unknownTechnician:
    'You are not set up as a FirstLine technician (an admin links your Microsoft Entra account). Nothing was changed.',
  otherTenant: 'Only technicians of the service desk’s own organisation can act here. Nothing was changed.',
  disabled: 'Your FirstLine technician account is disabled. Nothing was changed.',
  notFound: 'This hand-over no longer exists.',
  notAllowed:
    'This hand-over needs skills or a language you are not set up for; a lead can claim it or transfer it.',
  noteNeeded: 'Write a short resolution note on the card first, then press Resolve.',
  notThread: 'Hand-overs are posted here as cards: reply in a card’s thread to talk to that user.',
  queued:
    'Nobody has claimed this hand-over yet: press Claim on the card first. Your message was not relayed.',
  ended: 'This hand-over has ended; your message was not relayed.',
  emptyNote: 'Write the note after /note.',
} as const;

/**
 * What technicians do from the channel: buttons on a hand-over's card and messages in its thread.
 * Stateless: every decision reads the hand-over from storage and goes through the core, whose
 * conditional writes make a claim win once whichever instance receives it.
 */
export class ChannelDesk {
  constructor(
    private readonly deps: {
      handoffs: ChannelHandoffs;
      directory: ChannelDirectory;
      tickets: ChannelTickets;
      threads: ThreadStore;
      settings: TechnicianChannelSettings;
      logger: Logger;
    },
  ) {}

  async view(handoff: Handoff): Promise<CardView> {
    const ticket = await this.deps.tickets.get(handoff.ticketId).catch(() => undefined);
    return { handoff, ...(ticket ? { ticket } : {}) };
  }

  async act(action: CardAction, activity: Partial<Activity>): Promise<ActionOutcome> {
    const who = await this.technicianOf(activity);
    if (typeof who === 'string') return { message: who };
    const handoff = await this.deps.handoffs.getHandoff(action.handoffId);
    if (!handoff) return { message: TEXTS.notFound };
    this.deps.logger.info(
      { handoffId: handoff.id, verb: action.verb, technicianId: who.id },
      'teams card action',
    );
    switch (action.verb) {
      case 'claim':
        return this.claim(handoff, who);
      case 'resolve':
        if (!action.note) return { view: await this.view(handoff), message: TEXTS.noteNeeded };
        return this.attempt(handoff, () =>
          this.deps.handoffs.resolve(handoff.id, who, {
            note: action.note ?? '',
            category: handoff.category,
          }),
        );
      case 'handBack':
        return this.attempt(handoff, () => this.deps.handoffs.handBack(handoff.id, who));
      case 'refresh':
        return { view: await this.view(handoff) };
    }
  }

  /** A message in the channel; returns what to answer in the thread, if anything. */
  async threadMessage(activity: Partial<Activity>): Promise<string | undefined> {
    const rootId = threadRootOf(activity);
    const thread = rootId ? await this.deps.threads.byRoot(rootId) : undefined;
    if (!thread) return TEXTS.notThread;
    const who = await this.technicianOf(activity);
    if (typeof who === 'string') return who;
    const handoff = await this.deps.handoffs.getHandoff(thread.id);
    if (!handoff) return TEXTS.notFound;
    const text = plainTextOf(activity).slice(0, MAX_TEXT);
    if (NOTE_COMMAND.test(text)) return this.note(handoff, who, text.replace(NOTE_COMMAND, ''));
    if (!text) return undefined;
    if (handoff.state === 'queued') return TEXTS.queued;
    if (handoff.state !== 'assigned') return TEXTS.ended;
    if (!mayAccess(handoff, who, 'speak')) {
      return `Only ${handoff.assignedToName ?? 'the technician who claimed it'} writes to the user in this hand-over; your message was not relayed. Use /note for an internal note.`;
    }
    try {
      await this.deps.handoffs.sendToUser(handoff.id, who, text);
      return undefined;
    } catch (err) {
      this.deps.logger.warn({ err, handoffId: handoff.id }, 'technician reply from Teams not delivered');
      return err instanceof HandoffError
        ? `Not sent: ${err.message}`
        : 'Not sent: the user’s channel could not be reached. Try again in a moment.';
    }
  }

  private async claim(handoff: Handoff, who: Technician): Promise<ActionOutcome> {
    const result = await this.deps.handoffs.claim(handoff.id, who);
    if (result.ok) return { view: await this.view(result.handoff) };
    const now = (await this.deps.handoffs.getHandoff(handoff.id)) ?? handoff;
    if (result.reason === 'not-allowed') return { view: await this.view(now), message: TEXTS.notAllowed };
    if (result.reason === 'already-claimed' && result.claimedBy !== who.id) {
      const owner = now.assignedToName ?? (await this.nameOf(result.claimedBy));
      return { view: await this.view(now), message: `${owner} already claimed ${now.ticketNumber}.` };
    }
    // Claimed by this technician already, or ended: the card as it is now says so.
    return { view: await this.view(now) };
  }

  private async attempt(handoff: Handoff, change: () => Promise<unknown>): Promise<ActionOutcome> {
    try {
      await change();
    } catch (err) {
      if (!(err instanceof HandoffError)) throw err;
      const now = (await this.deps.handoffs.getHandoff(handoff.id)) ?? handoff;
      return { view: await this.view(now), message: describe(err, now) };
    }
    const now = (await this.deps.handoffs.getHandoff(handoff.id)) ?? handoff;
    return { view: await this.view(now) };
  }

  private async note(handoff: Handoff, who: Technician, text: string): Promise<string> {
    if (!text.trim()) return TEXTS.emptyNote;
    await this.deps.handoffs.addNote(handoff.id, who, text);
    return `Internal note added to ${handoff.ticketNumber} (the user does not see it).`;
  }

  /** The technician behind the Teams account, or the sentence that says why there is none. */
  private async technicianOf(activity: Partial<Activity>): Promise<Technician | string> {
    const identity = identityOf(activity);
    if (!identity) return TEXTS.unknownTechnician;
    const allowed = this.deps.settings.tenantId;
    if (allowed && allowed.toLowerCase() !== identity.tenantId.toLowerCase()) return TEXTS.otherTenant;
    const technician = await this.deps.directory.findByAad(identity.tenantId, identity.objectId);
    if (!technician) return TEXTS.unknownTechnician;
    // Disabling a technician locks them out of the Teams channel as well as the console.
    return isActive(technician) ? technician : TEXTS.disabled;
  }

  private async nameOf(technicianId: string | undefined): Promise<string> {
    const technician = technicianId ? await this.deps.directory.get(technicianId) : undefined;
    return technician?.name ?? 'Another technician';
  }
}

function describe(err: HandoffError, handoff: Handoff): string {
  switch (err.code) {
    case 'not-allowed':
      return `Only ${handoff.assignedToName ?? 'the technician who claimed it'} (or a lead) can do that.`;
    case 'not-assigned':
      return handoff.state === 'queued' ? 'Claim the hand-over first.' : 'This hand-over has ended.';
    default:
      return err.message;
  }
}
