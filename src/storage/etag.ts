import { randomBytes } from 'node:crypto';

/**
 * A fresh eTag for every write. Random rather than a counter so eTags never repeat after a
 * restart, a delete, or across instances sharing one database.
 */
export function newETag(): string {
  return randomBytes(12).toString('base64url');
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
