import { randomUUID } from 'node:crypto';
import type { StorageBackend, TranscriptEntry } from '../../src/storage/ports';

export interface ContractOptions {
  /** Each makeBackend() call is another instance on the same data (MongoDB): test races between them. */
  multiInstance?: boolean;
}

export type MakeBackend = () => Promise<StorageBackend>;

/** Gives each test fresh ids so tests share one database without seeing each other's data. */
export const uid = (prefix: string): string => `${prefix}-${randomUUID()}`;

export function transcriptEntry(conversationId: string, text: string): TranscriptEntry {
  return {
    conversationId,
    channelId: 'directline',
    direction: 'incoming',
    at: new Date().toISOString(),
    type: 'message',
    from: { id: 'user-1', role: 'user' },
    text,
  };
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
