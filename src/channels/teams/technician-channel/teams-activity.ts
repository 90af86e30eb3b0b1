import type { Activity } from 'botbuilder';
import { CARD_VERBS, type CardVerb } from './channel-types';

/** Name of the invoke Teams sends for an `Action.Execute` (Universal Actions). */
export const CARD_ACTION_INVOKE = 'adaptiveCard/action';

interface TeamsChannelData {
  channel?: { id?: string };
  tenant?: { id?: string };
}

/** A button press on a card, from an `Action.Execute` invoke or an `Action.Submit` message. */
export interface CardAction {
  verb: CardVerb;
  handoffId: string;
  note?: string;
  /** The card's message id, when Teams said which message the button was on. */
  cardId?: string;
}

function channelDataOf(activity: Partial<Activity>): TeamsChannelData {
  const data: unknown = activity.channelData;
  return typeof data === 'object' && data !== null ? (data as TeamsChannelData) : {};
}

/** True for activities from the technicians' channel (any thread in it). */
export function isFromChannel(activity: Partial<Activity>, channelId: string): boolean {
  if (activity.channelId !== 'msteams') return false;
  const fromData = channelDataOf(activity).channel?.id;
  const conversation = activity.conversation?.id?.split(';')[0];
  return fromData === channelId || conversation === channelId;
}

/** The root message of the thread the activity is in, from `19:…@thread.tacv2;messageid=<id>`. */
export function threadRootOf(activity: Partial<Activity>): string | undefined {
  return /;messageid=([^;]+)/.exec(activity.conversation?.id ?? '')?.[1];
}

/** Who clicked or wrote: the Entra identity Teams vouches for. */
export function identityOf(activity: Partial<Activity>): { tenantId: string; objectId: string } | undefined {
  const objectId = activity.from?.aadObjectId;
  const tenantId = channelDataOf(activity).tenant?.id ?? activity.conversation?.tenantId;
  return objectId && tenantId ? { tenantId, objectId } : undefined;
}

/** The pressed button, or undefined when the activity is no card action of ours. */
export function cardActionOf(activity: Partial<Activity>): CardAction | undefined {
  if (activity.type === 'invoke') {
    if (activity.name !== CARD_ACTION_INVOKE) return undefined;
    const action = (activity.value as { action?: { verb?: unknown; data?: unknown } } | undefined)?.action;
    return parseAction(action?.verb, action?.data, activity.replyToId);
  }
  if (activity.type === 'message' && activity.value && typeof activity.value === 'object') {
    const value = activity.value as { verb?: unknown };
    return parseAction(value.verb, value, activity.replyToId);
  }
  return undefined;
}

function parseAction(verb: unknown, data: unknown, cardId: string | undefined): CardAction | undefined {
  if (typeof verb !== 'string' || !(CARD_VERBS as readonly string[]).includes(verb)) return undefined;
  if (typeof data !== 'object' || data === null) return undefined;
  const { handoffId, note } = data as { handoffId?: unknown; note?: unknown };
  if (typeof handoffId !== 'string' || handoffId === '') return undefined;
  return {
    verb: verb as CardVerb,
    handoffId,
    ...(typeof note === 'string' && note.trim() ? { note: note.trim() } : {}),
    ...(cardId ? { cardId } : {}),
  };
}

/**
 * What a technician wrote, as plain text: the bot's @mention (needed for the bot to receive
 * channel messages) removed, other mentions kept as names, Teams' HTML reduced to text.
 */
export function plainTextOf(activity: Partial<Activity>): string {
  let text = activity.text ?? '';
  const botId = activity.recipient?.id;
  for (const entity of activity.entities ?? []) {
    const mention = entity as { type?: string; mentioned?: { id?: string }; text?: string };
    if (mention.type === 'mention' && mention.mentioned?.id === botId && mention.text) {
      text = text.split(mention.text).join(' ');
    }
  }
  return decodeEntities(
    text
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/p>/gi, '\n')
      .replace(/<[^>]*>/g, ''),
  )
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code = Number(name.slice(1));
      return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}
