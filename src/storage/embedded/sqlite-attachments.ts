import type Database from 'better-sqlite3';
import { DuplicateKeyError, type AttachmentRecord, type AttachmentStore } from '../ports';

import { eachCommitsAlone, type Writes } from './group-commit';

const TABLE = 'attachments';

/** Files in the `attachments` table (migration 4): the record as JSON, the bytes as a BLOB. */
export class SqliteAttachments implements AttachmentStore {
  constructor(
    private readonly db: Database.Database,
    private readonly writes: Writes = eachCommitsAlone,
  ) {}

  async put(record: AttachmentRecord, content: Buffer): Promise<void> {
    try {
      await this.writes.run(() =>
        this.db
          .prepare(
            `INSERT INTO ${TABLE} (id, conversation_id, user_id, created_at, record, content) VALUES (?, ?, ?, ?, ?, ?)`,
          )
          .run(
            record.id,
            record.conversationId,
            record.userId,
            record.createdAt,
            JSON.stringify(record),
            content,
          ),
      );
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
        throw new DuplicateKeyError(TABLE, record.id);
      throw error;
    }
  }

  async get(id: string): Promise<AttachmentRecord | undefined> {
    const row = this.db
      .prepare<[string], { record: string }>(`SELECT record FROM ${TABLE} WHERE id = ?`)
      .get(id);
    return row ? (JSON.parse(row.record) as AttachmentRecord) : undefined;
  }

  async read(id: string): Promise<Buffer | undefined> {
    const row = this.db
      .prepare<[string], { content: Buffer }>(`SELECT content FROM ${TABLE} WHERE id = ?`)
      .get(id);
    return row?.content;
  }

  async listByConversation(conversationId: string): Promise<AttachmentRecord[]> {
    return this.list('conversation_id = ?', conversationId);
  }

  async listByUser(userId: string): Promise<AttachmentRecord[]> {
    return this.list('user_id = ?', userId);
  }

  async deleteByConversation(conversationId: string): Promise<number> {
    return this.writes.run(
      () => this.db.prepare(`DELETE FROM ${TABLE} WHERE conversation_id = ?`).run(conversationId).changes,
    );
  }

  async deleteByUser(userId: string): Promise<number> {
    return this.writes.run(
      () => this.db.prepare(`DELETE FROM ${TABLE} WHERE user_id = ?`).run(userId).changes,
    );
  }

  async purge(before: Date): Promise<number> {
    return this.writes.run(
      () => this.db.prepare(`DELETE FROM ${TABLE} WHERE created_at < ?`).run(before.toISOString()).changes,
    );
  }

  private list(where: string, value: string): AttachmentRecord[] {
    const rows = this.db
      .prepare<[string], { record: string }>(
        `SELECT record FROM ${TABLE} WHERE ${where} ORDER BY created_at, id`,
      )
      .all(value);
    return rows.map((row) => JSON.parse(row.record) as AttachmentRecord);
  }
}
