import fs from 'node:fs/promises';
import path from 'node:path';
import { DuplicateKeyError, type AttachmentRecord, type AttachmentStore } from './ports';

const PRIVATE_DIR = 0o700;
const PRIVATE_FILE = 0o600;
/** Ids are random base64url; anything else never names a file here. */
const SAFE_ID = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * Files in a folder (`ATTACHMENT_DIR`) instead of the database: `<id>.bin` holds the bytes and
 * `<id>.json` the record, written last so a file is listed only once complete. Listing and purging
 * read every record, which suits the few thousand files a retention period keeps; several
 * instances need the folder shared between them.
 */
export class FolderAttachments implements AttachmentStore {
  private ready: Promise<void> | undefined;

  constructor(private readonly dir: string) {}

  async put(record: AttachmentRecord, content: Buffer): Promise<void> {
    await this.open();
    const { bin, json } = this.paths(record.id);
    try {
      await fs.writeFile(bin, content, { flag: 'wx', mode: PRIVATE_FILE });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST')
        throw new DuplicateKeyError('attachments', record.id);
      throw error;
    }
    await fs.writeFile(json, JSON.stringify(record), { flag: 'wx', mode: PRIVATE_FILE });
  }

  async get(id: string): Promise<AttachmentRecord | undefined> {
    if (!SAFE_ID.test(id)) return undefined;
    return readJson(this.paths(id).json);
  }

  async read(id: string): Promise<Buffer | undefined> {
    if (!(await this.get(id))) return undefined;
    return fs.readFile(this.paths(id).bin).catch(() => undefined);
  }

  async listByConversation(conversationId: string): Promise<AttachmentRecord[]> {
    return (await this.all()).filter((r) => r.conversationId === conversationId);
  }

  async listByUser(userId: string): Promise<AttachmentRecord[]> {
    return (await this.all()).filter((r) => r.userId === userId);
  }

  async deleteByConversation(conversationId: string): Promise<number> {
    return this.remove(await this.listByConversation(conversationId));
  }

  async deleteByUser(userId: string): Promise<number> {
    return this.remove(await this.listByUser(userId));
  }

  async purge(before: Date): Promise<number> {
    const cutoff = before.toISOString();
    return this.remove((await this.all()).filter((r) => r.createdAt < cutoff));
  }

  private open(): Promise<void> {
    this.ready ??= fs.mkdir(this.dir, { recursive: true, mode: PRIVATE_DIR }).then(() => undefined);
    return this.ready;
  }

  private paths(id: string) {
    if (!SAFE_ID.test(id)) throw new Error('Storage: an attachment id must be base64url');
    return { bin: path.join(this.dir, `${id}.bin`), json: path.join(this.dir, `${id}.json`) };
  }

  /** Every complete file's record, oldest first. */
  private async all(): Promise<AttachmentRecord[]> {
    await this.open();
    const names = (await fs.readdir(this.dir)).filter((name) => name.endsWith('.json'));
    const records: AttachmentRecord[] = [];
    for (const name of names) {
      const record = await readJson(path.join(this.dir, name));
      if (record) records.push(record);
    }
    return records.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  /** The record goes first, so a half-deleted file is never listed. */
  private async remove(records: AttachmentRecord[]): Promise<number> {
    let removed = 0;
    for (const record of records) {
      const { bin, json } = this.paths(record.id);
      try {
        await fs.unlink(json);
        removed++;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      await fs.rm(bin, { force: true });
    }
    return removed;
  }
}

async function readJson(file: string): Promise<AttachmentRecord | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as AttachmentRecord;
  } catch {
    return undefined;
  }
}
