import type { ConversationReference } from 'botbuilder';
import type { Technician } from '../technicians';
import type { Ticket, TicketReply } from '../tickets';
import type { HandoffRecords } from './handoff-records';
import type { Handoff } from './handoff-types';
import { message } from './handoff-texts';

/** How a technician's reply reached the user (recorded on the reply). */
export type ReplyDelivery = NonNullable<TicketReply['delivery']>;

/** Channels whose conversation keeps what the bot posts for when the user comes back. */
const KEPT_FOR_RETURN = new Set(['directline', 'webchat']);

/** Channels with no conversation to post into: tickets opened by e-mail are answered by e-mail. */
const WITHOUT_CHAT = new Set(['email']);

/** Every hand-over of one ticket is far below this. */
const HANDOFFS_PER_TICKET = 1000;

/**
 * Delivers a technician's public reply on a ticket to the user, through the conversation the
 * ticket came from, whether or not the chat is still going:
 * - `live`: a hand-over owns the conversation, or the user wrote within the live window: the
 *   reply appears in the chat they have open;
 * - `proactive`: Teams (and other Bot Framework channels): a proactive message from the stored
 *   conversation reference, which Teams shows as a new message in the user's chat with the bot;
 * - `on-return`: web chat: the reply is posted into the Direct Line conversation, whose log keeps
 *   it; the page shows it when the user reconnects (resume from their watermark);
 * - `undelivered`: no way back to the conversation (no reference, conversation gone, channel
 *   refused); the reply stays on the ticket and the technician sees that it did not arrive;
 * - `email`: no way back to the conversation, but e-mailed (a user away from the chat who has an
 *   address is e-mailed in the other non-live cases too; the chat delivery is what is recorded).
 * Delivered replies are written to the transcript with the technician's role, as live messages are.
 */
export class TicketReplyDelivery {
  constructor(private readonly records: HandoffRecords) {}

  async deliver(
    ticket: Ticket,
    technician: Pick<Technician, 'id' | 'name'>,
    text: string,
  ): Promise<ReplyDelivery> {
    const inChat = await this.deliverInChat(ticket, technician, text);
    const mail = this.records.deps.awayMail;
    if (!mail || !ticket.user.email || !(await this.userAway(ticket))) return inChat;
    // Away from the chat: also by e-mail (the chat keeps the reply for their return too).
    const mailed = await mail.reply(ticket, technician, text);
    return mailed && inChat === 'undelivered' ? 'email' : inChat;
  }

  /** True when the user is not in the chat now (HandoffRecords.userAway). */
  userAway(ticket: Ticket): Promise<boolean> {
    return this.records.userAway(ticket.conversationId);
  }

  private async deliverInChat(
    ticket: Ticket,
    technician: Pick<Technician, 'id' | 'name'>,
    text: string,
  ): Promise<ReplyDelivery> {
    if (WITHOUT_CHAT.has(ticket.channelId)) return 'undelivered';
    const live = await this.records.ownerOf(ticket.conversationId);
    const reference = live?.upstream ?? ticket.upstream ?? (await this.lastReference(ticket));
    if (!reference?.conversation?.id) return 'undelivered';
    const delivery = live ? 'live' : await this.whenNotLive(ticket);
    const target = { upstream: reference, channelId: ticket.channelId, language: ticket.language };
    try {
      if (!live) {
        // Out of the live chat the user needs to know which of their problems this is about.
        await this.records.deps.upstream.send(reference, [
          message(
            this.records.deps.catalogue.t(ticket.language, 'ticket.replyLead', { ticket: ticket.number }),
            ticket.language,
          ),
        ]);
      }
      await this.records.notices.fromTechnician(target, technician, text);
    } catch (err) {
      this.records.logger.warn(
        { err, ticket: ticket.number },
        'a reply on a ticket could not reach the user',
      );
      return 'undelivered';
    }
    if (live) {
      // The technician who has the live conversation sees the reply in it, as their own messages.
      await this.records.events.emit({
        type: 'message',
        handoffId: live.id,
        ticketNumber: live.ticketNumber,
        from: 'technician',
        technicianId: technician.id,
        name: technician.name,
        text,
      });
    }
    await this.records.deps.storage.transcripts.append({
      conversationId: ticket.conversationId,
      channelId: ticket.channelId,
      direction: 'outgoing',
      at: this.records.clock().toISOString(),
      type: 'message',
      from: { id: technician.id, name: technician.name, role: 'technician' },
      text,
    });
    return delivery;
  }

  /** Live when the user wrote within the live window; otherwise by what the channel can do. */
  private async whenNotLive(ticket: Ticket): Promise<ReplyDelivery> {
    if (await this.records.chattedRecently(ticket.conversationId)) return 'live';
    return KEPT_FOR_RETURN.has(ticket.channelId) ? 'on-return' : 'proactive';
  }

  /**
   * Tickets stored before they kept their reference: the latest hand-over's, or for the built-in
   * web chat one made from the conversation id (its adapter needs nothing else).
   */
  private async lastReference(ticket: Ticket): Promise<Partial<ConversationReference> | undefined> {
    const handoffs: Handoff[] = await this.records.handoffs.find({
      where: { ticketId: ticket.id },
      orderBy: [{ field: 'queuedAt', direction: 'desc' }],
      limit: HANDOFFS_PER_TICKET,
    });
    const withReference = handoffs.find((h) => h.upstream?.conversation?.id);
    if (withReference) return withReference.upstream;
    if (ticket.channelId !== 'directline' || !ticket.conversationId) return undefined;
    return {
      channelId: 'directline',
      conversation: { id: ticket.conversationId } as ConversationReference['conversation'],
      user: { id: ticket.user.id, name: ticket.user.name ?? '' },
    };
  }
}
