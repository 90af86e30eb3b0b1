import type Database from 'better-sqlite3';
import type { DirectLineConversation, DirectLineRecord, DirectLineStore } from '../ports';
import { rememberedConversations } from '../recently-seen';
import { eachCommitsAlone, type Writes } from './group-commit';
import { isPrimaryKeyConflict, NextNumbers } from './next-numbers';
import { sqlLimit } from './sqlite-transcripts';

type Build = (index: number) => Record<string, unknown>;

export class SqliteDirectLine implements DirectLineStore {
  private readonly insertConversation: Database.Statement<[string, string, string]>;
  private readonly selectConversation: Database.Statement<
    [string],
    { id: string; user_id: string; created_at: string }
  >;
  private readonly nextIndex: Database.Statement<[string], { next: number }>;
  private readonly insertActivity: Database.Statement<[string, number, string]>;
  private readonly nextIndexes = new NextNumbers();
  private readonly known = rememberedConversations();
  private readonly selectFrom: Database.Statement<
    [string, number, number],
    { idx: number; activity: string }
  >;

  private readonly deleteActivities: Database.Statement<[string]>;
  private readonly deleteConversation: Database.Statement<[string]>;
  private readonly selectIdle: Database.Statement<[string], { id: string }>;
  private readonly selectOf: Database.Statement<
    [string],
    { id: string; user_id: string; created_at: string }
  >;

  constructor(
    private readonly db: Database.Database,
    private readonly writes: Writes = eachCommitsAlone,
  ) {
    this.insertConversation = db.prepare(
      'INSERT INTO dl_conversations (id, user_id, created_at) VALUES (?, ?, ?)',
    );
    this.selectConversation = db.prepare('SELECT id, user_id, created_at FROM dl_conversations WHERE id = ?');
    this.nextIndex = db.prepare<[string], { next: number }>(
      'SELECT COALESCE(MAX(idx), -1) + 1 AS next FROM dl_activities WHERE conversation_id = ?',
    );
    this.insertActivity = db.prepare(
      'INSERT INTO dl_activities (conversation_id, idx, activity) VALUES (?, ?, ?)',
    );
    this.selectFrom = db.prepare(
      'SELECT idx, activity FROM dl_activities WHERE conversation_id = ? AND idx >= ? ORDER BY idx LIMIT ?',
    );
    this.deleteActivities = db.prepare('DELETE FROM dl_activities WHERE conversation_id = ?');
    this.deleteConversation = db.prepare('DELETE FROM dl_conversations WHERE id = ?');
    this.selectOf = db.prepare(
      'SELECT id, user_id, created_at FROM dl_conversations WHERE user_id IN (SELECT value FROM json_each(?))',
    );
    // The newest activity's server timestamp; a conversation without activities counts from creation.
    this.selectIdle = db.prepare(
      `SELECT c.id FROM dl_conversations AS c
        WHERE COALESCE(
          (SELECT json_extract(a.activity, '$.timestamp') FROM dl_activities AS a
            WHERE a.conversation_id = c.id ORDER BY a.idx DESC LIMIT 1),
          c.created_at) < ?`,
    );
  }

  async conversationsOf(userIds: readonly string[]): Promise<DirectLineConversation[]> {
    if (userIds.length === 0) return [];
    return this.selectOf
      .all(JSON.stringify(userIds))
      .map((row) => ({ id: row.id, userId: row.user_id, createdAt: row.created_at }));
  }

  async deleteConversations(conversationIds: readonly string[]): Promise<number> {
    this.nextIndexes.clear();
    for (const id of conversationIds) this.known.forget(id);
    return this.writes.run(() =>
      this.db
        .transaction(() => {
          let activities = 0;
          for (const id of conversationIds) {
            activities += this.deleteActivities.run(id).changes;
            this.deleteConversation.run(id);
          }
          return activities;
        })
        .immediate(),
    );
  }

  async purge(before: Date): Promise<number> {
    const idle = this.selectIdle.all(before.toISOString()).map((row) => row.id);
    await this.deleteConversations(idle);
    return idle.length;
  }

  async createConversation(conversation: DirectLineConversation): Promise<void> {
    try {
      await this.writes.run(() =>
        this.insertConversation.run(conversation.id, conversation.userId, conversation.createdAt),
      );
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
        throw new Error(`Direct Line conversation ${conversation.id} already exists`);
      }
      throw error;
    }
    this.known.remember(conversation.id, conversation);
  }

  async getConversation(id: string): Promise<DirectLineConversation | undefined> {
    const known = this.known.get(id);
    if (known) return known;
    const row = this.selectConversation.get(id);
    if (!row) return undefined;
    const conversation = { id: row.id, userId: row.user_id, createdAt: row.created_at };
    this.known.remember(id, conversation);
    return conversation;
  }

  /** One INSERT at the remembered next index; the primary key settles a race with another process. */
  async appendActivity(conversationId: string, build: Build): Promise<DirectLineRecord> {
    try {
      return await this.writes.run(() => this.insertNext(conversationId, build));
    } catch (error) {
      // The insert may have been rolled back with its batch: the remembered index is only a hint.
      this.nextIndexes.clear();
      throw error;
    }
  }

  private insertNext(conversationId: string, build: Build): DirectLineRecord {
    let index = this.nextIndexes.get(conversationId) ?? this.readNextIndex(conversationId);
    for (;;) {
      const activity = build(index);
      try {
        this.insertActivity.run(conversationId, index, JSON.stringify(activity));
      } catch (error) {
        if (!isPrimaryKeyConflict(error)) throw error;
        index = this.readNextIndex(conversationId);
        continue;
      }
      this.nextIndexes.set(conversationId, index + 1);
      return { conversationId, index, activity };
    }
  }

  private readNextIndex(conversationId: string): number {
    return this.nextIndex.get(conversationId)?.next ?? 0;
  }

  async listActivities(
    conversationId: string,
    fromIndex: number,
    limit?: number,
  ): Promise<DirectLineRecord[]> {
    return this.selectFrom.all(conversationId, fromIndex, sqlLimit(limit)).map((row) => ({
      conversationId,
      index: row.idx,
      activity: JSON.parse(row.activity) as Record<string, unknown>,
    }));
  }
}
