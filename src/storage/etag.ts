import { randomFillSync } from 'node:crypto';

const ETAG_BYTES = 12;
/** Random bytes for this many eTags are drawn at once: each draw is a call into OpenSSL. */
const ETAGS_PER_DRAW = 256;
const entropy = Buffer.alloc(ETAG_BYTES * ETAGS_PER_DRAW);
let used = ETAGS_PER_DRAW;

/**
 * A fresh eTag for every write. Random rather than a counter so eTags never repeat after a
 * restart, a delete, or across instances sharing one database. 12 random bytes, base64url.
 */
export function newETag(): string {
  if (used === ETAGS_PER_DRAW) {
    randomFillSync(entropy);
    used = 0;
  }
  const start = ETAG_BYTES * used++;
  return entropy.toString('base64url', start, start + ETAG_BYTES);
}

export function eTagConflict(key: string): Error {
  return new Error(`Storage: error writing "${key}" due to eTag conflict.`);
}

/** botbuilder semantics: no eTag or '*' means "overwrite whatever is there". */
export function isUnconditional(eTag: unknown): boolean {
  return eTag === undefined || eTag === null || eTag === '' || eTag === '*';
}

/** The stored JSON of a botbuilder item: everything except its eTag. */
export function serializeItem(item: unknown): string {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    throw new TypeError('Storage: a bot state item must be an object');
  }
  const { eTag: _eTag, ...rest } = item as Record<string, unknown>;
  return JSON.stringify(rest);
}

export function deserializeItem(json: string, eTag: string): Record<string, unknown> {
  return { ...(JSON.parse(json) as Record<string, unknown>), eTag };
}
