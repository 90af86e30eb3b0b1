import type { Collection, Db } from 'mongodb';
import type { DirectLineConversation, DirectLineRecord, DirectLineStore } from '../ports';
import { rememberedConversations } from '../recently-seen';
import { isDuplicateKey } from './mongo-errors';
import { COLLECTIONS } from './mongo-schema';
import { SequentialInserter } from './sequential-inserter';

interface ConversationDocument {
  _id: string;
  userId: string;
  createdAt: string;
}

interface ActivityDocument {
  conversationId: string;
  index: number;
  /** JSON text: adaptive cards carry "$schema", which MongoDB field names may not. */
  json: string;
}

export class MongoDirectLine implements DirectLineStore {
  private readonly known = rememberedConversations();
  private readonly conversations: Collection<ConversationDocument>;
  private readonly activities: Collection<ActivityDocument>;
  private readonly inserter: SequentialInserter;

  constructor(db: Db) {
    this.conversations = db.collection<ConversationDocument>(COLLECTIONS.dlConversations);
    this.activities = db.collection<ActivityDocument>(COLLECTIONS.dlActivities);
    this.inserter = new SequentialInserter(
      db.collection(COLLECTIONS.dlActivities),
      'conversationId',
      'index',
      0,
      true, // deleted only with their whole conversation
    );
  }

  async createConversation(conversation: DirectLineConversation): Promise<void> {
    try {
      await this.conversations.insertOne({
        _id: conversation.id,
        userId: conversation.userId,
        createdAt: conversation.createdAt,
      });
    } catch (error) {
      if (isDuplicateKey(error))
        throw new Error(`Direct Line conversation ${conversation.id} already exists`);
      throw error;
    }
    this.known.remember(conversation.id, conversation);
  }

  async getConversation(id: string): Promise<DirectLineConversation | undefined> {
    const known = this.known.get(id);
    if (known) return known;
    const doc = await this.conversations.findOne({ _id: id });
    if (!doc) return undefined;
    const conversation = { id: doc._id, userId: doc.userId, createdAt: doc.createdAt };
    this.known.remember(id, conversation);
    return { ...conversation };
  }

  async appendActivity(
    conversationId: string,
    build: (index: number) => Record<string, unknown>,
  ): Promise<DirectLineRecord> {
    let activity: Record<string, unknown> = {};
    const { number } = await this.inserter.insert(conversationId, (index) => {
      activity = build(index);
      return { conversationId, index, json: JSON.stringify(activity) };
    });
    return { conversationId, index: number, activity };
  }

  async conversationsOf(userIds: readonly string[]): Promise<DirectLineConversation[]> {
    if (userIds.length === 0) return [];
    const docs = await this.conversations.find({ userId: { $in: [...userIds] } }).toArray();
    return docs.map((doc) => ({ id: doc._id, userId: doc.userId, createdAt: doc.createdAt }));
  }

  async deleteConversations(conversationIds: readonly string[]): Promise<number> {
    if (conversationIds.length === 0) return 0;
    const ids = [...conversationIds];
    for (const id of ids) this.known.forget(id);
    const { deletedCount } = await this.activities.deleteMany({ conversationId: { $in: ids } });
    await this.conversations.deleteMany({ _id: { $in: ids } });
    for (const id of ids) this.known.forget(id);
    return deletedCount;
  }

  async purge(before: Date): Promise<number> {
    const cutoff = before.toISOString();
    let deleted = 0;
    // Created before the cutoff is necessary for being idle since; the newest activity decides.
    for (const conversation of await this.conversations.find({ createdAt: { $lt: cutoff } }).toArray()) {
      const newest = await this.activities.findOne(
        { conversationId: conversation._id },
        { sort: { index: -1 }, projection: { json: 1 } },
      );
      const stamp = newest ? (JSON.parse(newest.json) as { timestamp?: unknown }).timestamp : undefined;
      const lastAt = typeof stamp === 'string' ? stamp : conversation.createdAt;
      if (lastAt >= cutoff) continue;
      await this.deleteConversations([conversation._id]);
      deleted++;
    }
    return deleted;
  }

  async listActivities(
    conversationId: string,
    fromIndex: number,
    limit?: number,
  ): Promise<DirectLineRecord[]> {
    if (limit !== undefined && limit <= 0) return [];
    const cursor = this.activities
      .find({ conversationId, index: { $gte: fromIndex } }, { projection: { index: 1, json: 1 } })
      .sort({ index: 1 });
    if (limit !== undefined) cursor.limit(Math.floor(limit));
    // Only the gap-free run from fromIndex: with several instances writing one conversation, a
    // MongoDB query (not one snapshot across yields) may see index n before n - 1, and a client
    // whose watermark moved past n - 1 would never get it. Indexes start at 0 with no gaps (see
    // SequentialInserter) and are never deleted one by one, so a gap is always only "not yet".
    const records: DirectLineRecord[] = [];
    let expected = Math.max(0, Math.floor(fromIndex));
    for (const doc of await cursor.toArray()) {
      if (doc.index !== expected) break;
      records.push({
        conversationId,
        index: doc.index,
        activity: JSON.parse(doc.json) as Record<string, unknown>,
      });
      expected++;
    }
    return records;
  }
}
