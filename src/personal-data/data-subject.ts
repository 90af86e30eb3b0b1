import type { StorageBackend, StoredDocument } from '../storage/ports';
import type { TicketUser } from '../tickets';

/**
 * One person as a privacy request reaches them: every id they are known by (the channel user id
 * asked for, plus the Teams/Entra ids and web chat ids found with it), their names, and the
 * conversations, tickets and hand-overs that are theirs.
 */
export interface DataSubject {
  /** The id the request named. */
  requestedId: string;
  userIds: string[];
  names: string[];
  conversationIds: string[];
  ticketIds: string[];
  handoffIds: string[];
}

/** A record with the person it is about, as tickets, hand-overs and bot-chat records keep it. */
type WithUser = StoredDocument & { user?: TicketUser; conversationId?: string; ticketId?: string };

/** Collections whose documents name their user in `user` (`TicketUser`). */
const USER_COLLECTIONS = ['tickets', 'handoffs', 'bot-chats', 'webchat-resume'] as const;

/**
 * Finds everything that belongs to the user with `id`: a channel user id (Teams `29:…`, web chat
 * `dl_…`) or an Entra object id. Ids found on the way (a Teams user's Entra id, say) widen the
 * search until nothing new turns up. Scans whole collections: privacy requests are rare.
 */
export async function findSubject(storage: StorageBackend, id: string): Promise<DataSubject> {
  const userIds = new Set([id]);
  const names = new Set<string>();
  const conversations = new Set<string>();
  const tickets = new Set<string>();
  const handoffs = new Set<string>();
  const documents = new Map<string, WithUser[]>();
  for (const name of USER_COLLECTIONS) documents.set(name, await storage.collection<WithUser>(name).find({}));

  for (let grew = true; grew;) {
    const before = userIds.size;
    for (const [collection, docs] of documents) {
      for (const doc of docs) {
        const user = doc.user;
        if (!user || !(userIds.has(user.id) || (user.aadObjectId && userIds.has(user.aadObjectId)))) continue;
        userIds.add(user.id);
        if (user.aadObjectId) userIds.add(user.aadObjectId);
        if (user.name) names.add(user.name);
        // A bot-chat record's id is its conversation's.
        conversations.add(collection === 'bot-chats' ? doc.id : (doc.conversationId ?? ''));
        if (collection === 'tickets') tickets.add(doc.id);
        if (collection === 'handoffs') {
          handoffs.add(doc.id);
          if (doc.ticketId) tickets.add(doc.ticketId);
        }
      }
    }
    grew = userIds.size > before;
  }
  const ids = [...userIds];
  for (const conversation of await storage.directLine.conversationsOf(ids))
    conversations.add(conversation.id);
  for (const conversation of await storage.transcripts.conversationsWith(ids))
    conversations.add(conversation);
  conversations.delete('');
  // Tickets and hand-overs of those conversations are the subject's too, whoever they name.
  for (const doc of documents.get('tickets') ?? [])
    if (conversations.has(doc.conversationId ?? '')) tickets.add(doc.id);
  for (const doc of documents.get('handoffs') ?? [])
    if (conversations.has(doc.conversationId ?? '')) handoffs.add(doc.id);
  return {
    requestedId: id,
    userIds: ids,
    names: [...names],
    conversationIds: [...conversations],
    ticketIds: [...tickets],
    handoffIds: [...handoffs],
  };
}

/** True when the subject has nothing stored anywhere. */
export function isUnknown(subject: DataSubject): boolean {
  return subject.conversationIds.length === 0 && subject.ticketIds.length === 0 && subject.names.length === 0;
}
