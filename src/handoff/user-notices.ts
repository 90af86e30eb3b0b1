import type { Activity } from 'botbuilder';
import type { Catalogue, Vars } from '../i18n';
import type { Logger } from '../logging';
import type { Technician } from '../technicians';
import type { Handoff } from './handoff-types';
import { message, positionText, type HandoffPrompts } from './handoff-texts';
import type { UpstreamSender } from './upstream';

/**
 * Marks activities the hand-over already wrote to the transcript (with the technician's role);
 * its `{id, name}` tells channels that can show another sender who is writing.
 */
export const TECHNICIAN_CHANNEL_DATA = 'firstlineTechnician';

/** Channels whose adapter sends technicians' messages under the technician's own name. */
const SHOWS_SENDER = new Set(['directline']);

/**
 * What the user is told about their hand-over, in their language, through their own channel.
 * A notice that cannot be delivered is logged, not thrown: the state change it reports stands.
 */
export class UserNotices {
  constructor(
    private readonly upstream: UpstreamSender,
    private readonly catalogue: Catalogue,
    private readonly logger: Logger,
    private readonly prompts: HandoffPrompts,
  ) {}

  joined(handoff: Handoff, name: string) {
    return this.say(handoff, 'handoff.joined', { name });
  }

  transferredToPerson(handoff: Handoff, name: string) {
    return this.say(handoff, 'handoff.transferred', { name });
  }

  transferredToQueue(handoff: Handoff) {
    return this.say(handoff, 'handoff.transferredQueue', { ticket: handoff.ticketNumber });
  }

  handedBack(handoff: Handoff) {
    return this.say(handoff, 'handoff.handedBack');
  }

  async resolved(handoff: Handoff, name: string) {
    const text = this.catalogue.t(handoff.language, 'handoff.resolved', {
      name,
      ticket: handoff.ticketNumber,
    });
    await this.send(handoff, [
      message(text, handoff.language),
      this.prompts.rating(handoff.language, handoff.channelId),
    ]);
  }

  waitUpdate(handoff: Handoff, position: number, minutes: number | null, nobodyOnline = false) {
    const lines = [
      this.catalogue.t(handoff.language, 'handoff.stillQueued', { ticket: handoff.ticketNumber }),
      positionText(this.catalogue, handoff.language, position, minutes, nobodyOnline),
    ];
    return this.send(handoff, [message(lines.join(' '), handoff.language)]);
  }

  /**
   * The technician's words; a failure is thrown so the console can show it. Typed text also
   * travels as `plainText`, so the web chat shows it exactly as typed (no Markdown, no HTML, no
   * remote images); `markdown` marks trusted Markdown such as an article. Channels that show the
   * sender (Direct Line sets `from` to the technician, see TECHNICIAN_CHANNEL_DATA) get the words
   * alone; elsewhere (Teams shows every bot message under the bot's name) the name leads the text.
   */
  async fromTechnician(
    handoff: Pick<Handoff, 'upstream' | 'channelId' | 'language'>,
    technician: Pick<Technician, 'id' | 'name'>,
    text: string,
    markdown = false,
  ): Promise<void> {
    const sender = { id: technician.id, name: technician.name };
    const shown = SHOWS_SENDER.has(handoff.channelId) ? text : `**${technician.name}:** ${text}`;
    await this.upstream.send(handoff.upstream, [
      {
        ...message(shown, handoff.language),
        channelData: { [TECHNICIAN_CHANNEL_DATA]: markdown ? sender : { ...sender, plainText: text } },
      },
    ]);
  }

  async typing(handoff: Handoff): Promise<void> {
    await this.send(handoff, [{ type: 'typing' }]);
  }

  private say(handoff: Handoff, key: string, vars?: Vars) {
    return this.send(handoff, [message(this.catalogue.t(handoff.language, key, vars), handoff.language)]);
  }

  private async send(handoff: Handoff, activities: Partial<Activity>[]): Promise<void> {
    try {
      await this.upstream.send(handoff.upstream, activities);
    } catch (err) {
      this.logger.warn({ err, handoffId: handoff.id }, 'could not reach the user about their hand-over');
    }
  }
}
