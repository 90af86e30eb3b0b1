import { Binary, type Collection, type Db, type Filter } from 'mongodb';
import { DuplicateKeyError, type AttachmentRecord, type AttachmentStore } from '../ports';
import { COLLECTIONS } from './mongo-schema';
import { isDuplicateKey } from './mongo-errors';

/** Like GridFS: small enough for any server's document limit and FerretDB's SQLite rows. */
export const ATTACHMENT_CHUNK_BYTES = 255 * 1024;

interface AttachmentDocument extends AttachmentRecord {
  _id: string;
  /** How many chunks hold the content; the record is written last, so a reader never sees a partial file. */
  chunks: number;
}

interface ChunkDocument {
  /** `<attachment id>:<n>`, so each chunk is found by `_id` (the one query FerretDB pushes down). */
  _id: string;
  attachmentId: string;
  n: number;
  data: Binary;
}

/**
 * Files in two collections, GridFS style: the record in `attachments`, the bytes in
 * `attachment_chunks` of 255 KB. Chunks are written first and the record last, so a file is
 * visible only when complete; deleting removes the record first, then its chunks.
 */
export class MongoAttachments implements AttachmentStore {
  private readonly records: Collection<AttachmentDocument>;
  private readonly chunks: Collection<ChunkDocument>;

  constructor(db: Db) {
    this.records = db.collection<AttachmentDocument>(COLLECTIONS.attachments);
    this.chunks = db.collection<ChunkDocument>(COLLECTIONS.attachmentChunks);
  }

  async put(record: AttachmentRecord, content: Buffer): Promise<void> {
    if (await this.records.findOne({ _id: record.id }, { projection: { _id: 1 } }))
      throw new DuplicateKeyError(COLLECTIONS.attachments, record.id);
    const count = Math.max(1, Math.ceil(content.length / ATTACHMENT_CHUNK_BYTES));
    const docs: ChunkDocument[] = [];
    for (let n = 0; n < count; n++) {
      const part = content.subarray(n * ATTACHMENT_CHUNK_BYTES, (n + 1) * ATTACHMENT_CHUNK_BYTES);
      docs.push({ _id: `${record.id}:${n}`, attachmentId: record.id, n, data: new Binary(part) });
    }
    try {
      // One insert per chunk keeps each command small; ordered so a failure stops at once.
      for (const doc of docs) await this.chunks.insertOne(doc);
      await this.records.insertOne({ _id: record.id, ...record, chunks: count });
    } catch (error) {
      if (isDuplicateKey(error)) throw new DuplicateKeyError(COLLECTIONS.attachments, record.id);
      await this.chunks.deleteMany({ attachmentId: record.id }).catch(() => undefined);
      throw error;
    }
  }

  async get(id: string): Promise<AttachmentRecord | undefined> {
    const doc = await this.records.findOne({ _id: id });
    return doc ? toRecord(doc) : undefined;
  }

  async read(id: string): Promise<Buffer | undefined> {
    const doc = await this.records.findOne({ _id: id }, { projection: { chunks: 1 } });
    if (!doc) return undefined;
    const parts: Buffer[] = [];
    for (let n = 0; n < doc.chunks; n++) {
      const chunk = await this.chunks.findOne({ _id: `${id}:${n}` });
      if (!chunk) return undefined;
      parts.push(Buffer.from(chunk.data.buffer));
    }
    return Buffer.concat(parts);
  }

  async listByConversation(conversationId: string): Promise<AttachmentRecord[]> {
    return this.list({ conversationId });
  }

  async listByUser(userId: string): Promise<AttachmentRecord[]> {
    return this.list({ userId });
  }

  async deleteByConversation(conversationId: string): Promise<number> {
    return this.deleteWhere({ conversationId });
  }

  async deleteByUser(userId: string): Promise<number> {
    return this.deleteWhere({ userId });
  }

  async purge(before: Date): Promise<number> {
    return this.deleteWhere({ createdAt: { $lt: before.toISOString() } });
  }

  private async list(filter: Filter<AttachmentDocument>): Promise<AttachmentRecord[]> {
    const docs = await this.records.find(filter).sort({ createdAt: 1, _id: 1 }).toArray();
    return docs.map(toRecord);
  }

  private async deleteWhere(filter: Filter<AttachmentDocument>): Promise<number> {
    const ids = (await this.records.find(filter, { projection: { _id: 1 } }).toArray()).map((d) => d._id);
    if (ids.length === 0) return 0;
    const { deletedCount } = await this.records.deleteMany({ _id: { $in: ids } });
    await this.chunks.deleteMany({ attachmentId: { $in: ids } });
    return deletedCount;
  }
}

function toRecord(doc: AttachmentDocument): AttachmentRecord {
  const { _id: _key, chunks: _chunks, ...record } = doc;
  return record;
}
