import type { TechnicianDesk } from '../../../handoff';
import type { Technician } from '../../../technicians';
import type { Ticket } from '../../../tickets';

/** Where hand-overs are posted and who may act on them from Teams. */
export interface TechnicianChannelSettings {
  /** The technicians' channel, `19:...@thread.tacv2`. */
  channelId: string;
  /** Bot Connector service URL of the team's region. */
  serviceUrl: string;
  /** Only technicians signed in to this Entra tenant may act; undefined: any mapped technician. */
  tenantId?: string;
}

/** The part of the hand-over desk the technicians' channel uses. */
export type ChannelHandoffs = Pick<
  TechnicianDesk,
  'claim' | 'sendToUser' | 'addNote' | 'handBack' | 'resolve' | 'getHandoff' | 'queued'
>;

export interface ChannelDirectory {
  get(id: string): Promise<Technician | undefined>;
  findByAad(tenantId: string, objectId: string): Promise<Technician | undefined>;
}

export interface ChannelTickets {
  get(id: string): Promise<Ticket | undefined>;
}

/** The verbs the card's buttons send. */
export const CARD_VERBS = ['claim', 'resolve', 'handBack', 'refresh'] as const;
export type CardVerb = (typeof CARD_VERBS)[number];
