import type { FindQuery, StoredDocument, Where } from './ports';

/**
 * The rules both backends share for document collections: which field names and values a query
 * may use, how a patch changes a body, and how a stored body becomes a document again. SQLite
 * evaluates `where` in SQL and MongoDB in JavaScript against the latest revision, so the meaning
 * is defined once here and the contract tests hold both to it.
 */

export type Scalar = string | number | boolean | null;
/** A document without id and version: what backends store. */
export type Body = Record<string, unknown>;

/** A where clause reduced to field → accepted values (an equality is a list of one). */
export type Condition = { field: string; values: Scalar[] };

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const COLLECTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const RESERVED = new Set(['id', 'version']);

export function checkCollectionName(name: string): string {
  if (!COLLECTION_NAME.test(name)) throw new TypeError(`Storage: invalid collection name "${name}"`);
  return name;
}

export function checkFieldName(field: string): string {
  // Field names reach SQL JSON paths and MongoDB paths: identifiers only, nothing to escape.
  if (!FIELD_NAME.test(field)) throw new TypeError(`Storage: invalid field name "${field}"`);
  return field;
}

export function isScalar(value: unknown): value is Scalar {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

function toScalar(field: string, value: unknown): Scalar {
  if (value === undefined) return null;
  if (!isScalar(value)) {
    throw new TypeError(`Storage: where.${field} must be a string, number, boolean or null`);
  }
  return value;
}

function isInClause(value: unknown): value is { in: readonly unknown[] } {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as { in?: unknown }).in) &&
    Object.keys(value).length === 1
  );
}

export function conditions<T>(where: Where<T> | undefined): Condition[] {
  const result: Condition[] = [];
  for (const [field, value] of Object.entries(where ?? {})) {
    checkFieldName(field);
    const values = isInClause(value) ? [...value.in] : [value];
    result.push({ field, values: values.map((v) => toScalar(field, v)) });
  }
  return result;
}

/** Same semantics as the SQL and MongoDB renderings: strict equality, null matches absent. */
export function matches(document: Body, where: Condition[]): boolean {
  return where.every(({ field, values }) => {
    const actual = document[field];
    return values.some((expected) =>
      expected === null ? actual === null || actual === undefined : actual === expected,
    );
  });
}

export interface SortKey {
  field: string;
  direction: 1 | -1;
}

export function sortKeys<T>(query: FindQuery<T>): SortKey[] {
  const keys = (query.orderBy ?? []).map(({ field, direction }) => ({
    field: checkFieldName(field),
    direction: direction === 'desc' ? (-1 as const) : (1 as const),
  }));
  return keys;
}

export function checkLimit(limit: number | undefined): number | undefined {
  if (limit === undefined) return undefined;
  if (!Number.isFinite(limit) || limit < 0) throw new TypeError('Storage: limit must be >= 0');
  return Math.floor(limit);
}

/** Patch fields other than id and version, checked; the SQL backend builds JSON paths from them. */
export function patchEntries(patch: Record<string, unknown>): [string, unknown][] {
  return Object.entries(patch)
    .filter(([field]) => !RESERVED.has(field))
    .map(([field, value]) => [checkFieldName(field), value]);
}

/** The fields of a new document to store: everything but id and version. */
export function bodyOf(document: Record<string, unknown>): Body {
  if (typeof document.id !== 'string' || document.id === '') {
    throw new TypeError('Storage: a document needs a non-empty string id');
  }
  const body: Body = {};
  for (const [field, value] of Object.entries(document)) {
    if (RESERVED.has(field) || value === undefined) continue;
    body[field] = value;
  }
  return body;
}

/** A patch applied to a body: top-level replace, `undefined` removes, id/version are ignored. */
export function applyPatch(body: Body, patch: Record<string, unknown>): Body {
  const next: Body = { ...body };
  for (const [field, value] of patchEntries(patch)) {
    if (value === undefined) delete next[field];
    else next[field] = value;
  }
  return next;
}

export function toDocument<T extends StoredDocument>(id: string, version: number, body: Body): T {
  return { id, ...body, version } as unknown as T;
}

/** JSON round trip, so a returned document never shares objects with the caller's input. */
export function cloneBody(body: Body): Body {
  return JSON.parse(JSON.stringify(body)) as Body;
}
