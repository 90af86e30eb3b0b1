import { createHash, randomBytes } from 'node:crypto';
import type { Redactor } from '../privacy';
import type { AttachmentMediaType, AttachmentRecord, AttachmentStore } from '../storage/ports';
import { sniffContent } from './sniff';

/** A file as it arrived, before anything about it is believed. */
export interface IncomingFile {
  name: string;
  /** What the sender claimed; only logged, never trusted. */
  declaredType?: string;
  content: Buffer;
}

/** What a stored file is called in an activity's channelData (`firstlineFiles`). */
export interface FileReference {
  id: string;
  name: string;
  mediaType: AttachmentMediaType;
  size: number;
}

export type RefusalReason =
  'unsupported-type' | 'markup' | 'too-large' | 'download-failed' | 'host-not-allowed';

/** A file that was not kept, and why (`firstlineRefusedFiles`). */
export interface FileRefusal {
  name: string;
  reason: RefusalReason;
}

/** Server-set channelData fields; a client's own values for them are dropped on arrival. */
export const FILES_FIELD = 'firstlineFiles';
export const REFUSED_FILES_FIELD = 'firstlineRefusedFiles';

const MAX_NAME_CHARS = 120;

export interface AttachmentServiceOptions {
  store: AttachmentStore;
  redactor: Pick<Redactor, 'redact'>;
  maxBytes: number;
  clock?: () => Date;
}

/**
 * Decides which files are kept (type from the content, size limit), cleans their names, removes
 * secrets from text files, and stores them with their conversation.
 */
export class AttachmentService {
  constructor(private readonly options: AttachmentServiceOptions) {}

  get maxBytes(): number {
    return this.options.maxBytes;
  }

  async accept(
    owner: { conversationId: string; userId: string; channelId: string },
    files: readonly IncomingFile[],
  ): Promise<{ stored: FileReference[]; refused: FileRefusal[] }> {
    const stored: FileReference[] = [];
    const refused: FileRefusal[] = [];
    for (const file of files) {
      const name = this.cleanName(file.name);
      if (file.content.length > this.options.maxBytes) {
        refused.push({ name, reason: 'too-large' });
        continue;
      }
      const sniffed = sniffContent(file.content);
      if (!sniffed.ok) {
        refused.push({ name, reason: sniffed.reason });
        continue;
      }
      const content = sniffed.mediaType === 'text/plain' ? this.redactText(file.content) : file.content;
      const record: AttachmentRecord = {
        id: randomBytes(18).toString('base64url'),
        ...owner,
        name,
        mediaType: sniffed.mediaType,
        size: content.length,
        sha256: createHash('sha256').update(content).digest('hex'),
        createdAt: this.now().toISOString(),
      };
      await this.options.store.put(record, content);
      stored.push({ id: record.id, name, mediaType: record.mediaType, size: record.size });
    }
    return { stored, refused };
  }

  get(id: string): Promise<AttachmentRecord | undefined> {
    return this.options.store.get(id);
  }

  read(id: string): Promise<Buffer | undefined> {
    return this.options.store.read(id);
  }

  listByConversation(conversationId: string): Promise<AttachmentRecord[]> {
    return this.options.store.listByConversation(conversationId);
  }

  /** The last path segment, without control or bidi characters, shortened, with secrets removed. */
  cleanName(raw: string): string {
    const base = raw.split(/[\\/]/).pop() ?? '';
    const printable = base
      .normalize('NFC')
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069"]/g, '')
      .trim();
    const short = [...printable].slice(0, MAX_NAME_CHARS).join('');
    const name = this.options.redactor.redact(short).text.trim();
    return name === '' || name === '.' || name === '..' ? 'file' : name;
  }

  private redactText(content: Buffer): Buffer {
    const result = this.options.redactor.redact(content.toString('utf8'));
    return result.findings.length === 0 ? content : Buffer.from(result.text, 'utf8');
  }

  private now(): Date {
    return (this.options.clock ?? (() => new Date()))();
  }
}

/** The stored files an activity carries, as the server put them there; [] for anything malformed. */
export function filesOf(activity: { channelData?: unknown }): FileReference[] {
  return listField(activity, FILES_FIELD).flatMap((f) =>
    typeof f.id === 'string' &&
    typeof f.name === 'string' &&
    typeof f.mediaType === 'string' &&
    typeof f.size === 'number'
      ? [{ id: f.id, name: f.name, mediaType: f.mediaType as FileReference['mediaType'], size: f.size }]
      : [],
  );
}

export function refusedFilesOf(activity: { channelData?: unknown }): FileRefusal[] {
  return listField(activity, REFUSED_FILES_FIELD).flatMap((f) =>
    typeof f.name === 'string' && typeof f.reason === 'string'
      ? [{ name: f.name, reason: f.reason as FileRefusal['reason'] }]
      : [],
  );
}

function listField(activity: { channelData?: unknown }, field: string): Record<string, unknown>[] {
  const data = activity.channelData;
  if (!data || typeof data !== 'object') return [];
  const list = (data as Record<string, unknown>)[field];
  return Array.isArray(list)
    ? list.filter((f): f is Record<string, unknown> => !!f && typeof f === 'object')
    : [];
}

/** channelData without the fields only the server may set. */
export function withoutServerFileFields<T extends { channelData?: unknown }>(activity: T): T {
  const data = activity.channelData;
  if (!data || typeof data !== 'object') return activity;
  if (!(FILES_FIELD in data) && !(REFUSED_FILES_FIELD in data)) return activity;
  const { [FILES_FIELD]: _files, [REFUSED_FILES_FIELD]: _refused, ...rest } = data as Record<string, unknown>;
  return { ...activity, channelData: rest };
}
