import { AppError } from '../../errors';
import type { ConsoleDeskAccess, Handoff, HandoffAccess, Technician } from './ports';

/**
 * The hand-over desk's access rule (`src/handoff/desk-access.ts`, the one place it is written) as
 * the console answers it: whatever the viewer may not see is "not found", so ids of other
 * people's work do not even confirm their existence.
 */
export class ConsoleAccess {
  constructor(private readonly desk: ConsoleDeskAccess) {}

  async handoff(id: string, viewer: Technician, access: Exclude<HandoffAccess, 'speak'>): Promise<Handoff> {
    const handoff = await this.desk.handoff(id, viewer, access);
    if (!handoff) throw notFound('handoff');
    return handoff;
  }

  /** Throws 404 unless the viewer may see the ticket (its transcript, notes and attachments). */
  async ticket(ticketId: string, viewer: Technician): Promise<void> {
    if (!(await this.desk.mayReadTicket(ticketId, viewer))) throw notFound('ticket');
  }

  /**
   * Throws 404 unless the viewer may see the conversation, or with 'claim' step into it. The
   * caller still checks that it exists.
   */
  async conversation(
    conversationId: string,
    viewer: Technician,
    access: 'read' | 'claim' = 'read',
  ): Promise<void> {
    if (!(await this.desk.mayViewConversation(conversationId, viewer, access)))
      throw notFound('conversation');
  }

  mayViewConversation(conversationId: string, viewer: Technician): Promise<boolean> {
    return this.desk.mayViewConversation(conversationId, viewer);
  }
}

export function notFound(what: string): AppError {
  return new AppError('NotFound', `No such ${what}.`);
}
