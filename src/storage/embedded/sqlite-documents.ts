import type Database from 'better-sqlite3';
import {
  bodyOf,
  checkCollectionName,
  checkLimit,
  cloneBody,
  conditions,
  patchEntries,
  sortKeys,
  toDocument,
  type Condition,
  type Scalar,
} from '../document-rules';
import { checkRanges, checkTally, scopeOf, type CheckedRange } from '../document-tally';
import {
  DuplicateKeyError,
  type DocumentCollection,
  type FindQuery,
  type StoredDocument,
  type TallyGroup,
  type TallyQuery,
  type Where,
} from '../ports';
import type { ReadDocuments } from '../turn-reads';
import { eachCommitsAlone, type Writes } from './group-commit';
import { sqlLimit } from './sqlite-transcripts';
import type { SqliteDocumentIndex } from './sqlite-worklist';

interface Row {
  id: string;
  version: number;
  body: string;
}

type Param = string | number | null;

/**
 * One row per document in the `documents` table, the body as JSON. A conditional update is one
 * UPDATE statement whose WHERE carries the caller's condition (json_extract on the body), so
 * SQLite's write lock makes it a compare-and-set across connections and processes.
 */
export class SqliteDocuments<T extends StoredDocument> implements DocumentCollection<T> {
  private readonly insertRow: Database.Statement<[string, string, string]>;
  private readonly selectRow: Database.Statement<[string, string], Row>;
  private readonly deleteRow: Database.Statement<[string, string]>;
  /** Statements by SQL text: callers use a handful of query shapes, each prepared once. */
  private readonly prepared = new Map<string, Database.Statement<Param[], Row>>();
  private readonly tallies = new Map<string, Database.Statement<Param[], Record<string, unknown>>>();

  constructor(
    private readonly db: Database.Database,
    private readonly name: string,
    /** Kept in step with every write, in the write's own transaction (the tickets' worklist). */
    private readonly index?: SqliteDocumentIndex,
    private readonly writes: Writes = eachCommitsAlone,
  ) {
    checkCollectionName(name);
    this.insertRow = db.prepare('INSERT INTO documents (collection, id, version, body) VALUES (?, ?, 1, ?)');
    this.selectRow = db.prepare('SELECT id, version, body FROM documents WHERE collection = ? AND id = ?');
    this.deleteRow = db.prepare('DELETE FROM documents WHERE collection = ? AND id = ?');
  }

  async insert(document: Omit<T, 'version'>): Promise<T> {
    const body = cloneBody(bodyOf(document as Record<string, unknown>));
    const id = (document as { id: string }).id;
    try {
      await this.inStep(() => {
        this.insertRow.run(this.name, id, JSON.stringify(body));
        this.index?.written?.(id, 1, body);
      });
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
        throw new DuplicateKeyError(this.name, id);
      }
      throw error;
    }
    return toDocument<T>(id, 1, body);
  }

  async get(id: string): Promise<T | undefined> {
    const row = this.selectRow.get(this.name, id);
    return row ? fromRow<T>(row) : undefined;
  }

  async update(
    id: string,
    where: Where<T>,
    patch: Partial<Omit<T, 'id' | 'version'>>,
  ): Promise<T | undefined> {
    const { sql: setSql, params: setParams } = bodyUpdate(patch as Record<string, unknown>);
    const { sql: whereSql, params: whereParams } = whereClause(conditions(where));
    const sql =
      `UPDATE documents SET version = version + 1, body = ${setSql} ` +
      `WHERE collection = ? AND id = ?${whereSql} RETURNING id, version, body`;
    return this.inStep(() => {
      const row = this.statement(sql).get(...setParams, this.name, id, ...whereParams);
      if (!row) return undefined;
      const document = fromRow<T>(row);
      this.index?.written?.(id, row.version, document as unknown as Record<string, unknown>);
      return document;
    });
  }

  async find(query: FindQuery<T> = {}): Promise<T[]> {
    const where = whereClause(conditions(query.where));
    const ranges = rangeClause(checkRanges(query.ranges));
    const whereSql = where.sql + ranges.sql;
    const params = [...where.params, ...ranges.params];
    const order = sortKeys(query)
      .map(({ field, direction }) => `${fieldSql(field)} ${direction === 1 ? 'ASC' : 'DESC'}`)
      .concat('id ASC')
      .join(', ');
    const sql =
      `SELECT id, version, body FROM documents WHERE collection = ?${whereSql} ` +
      `ORDER BY ${order} LIMIT ?`;
    const rows = this.statement(sql).all(this.name, ...params, sqlLimit(checkLimit(query.limit)));
    return rows.map((row) => fromRow<T>(row));
  }

  async tally(query: TallyQuery<T>): Promise<TallyGroup[]> {
    const checked = checkTally(query);
    const flat = this.index?.tally?.(checked, conditions(query.where), checkRanges(query.ranges));
    if (flat) return flat;
    const { unwind, groupBy } = checked;
    const where = whereClause(conditions(query.where), 'd.');
    const ranges = rangeClause(checkRanges(query.ranges), 'd.');
    // Each unwound array is a json_each over the element of the array it lies in.
    const joins = unwind.map((path, i) => {
      const outer = unwind[i - 1];
      const source = outer ? `u${i - 1}.value` : 'd.body';
      return `, json_each(${source}, '${jsonPath(outer ? path.slice(outer.length) : path)}') AS u${i}`;
    });
    // '->' keeps JSON types (true stays true, not 1); the values are parsed back below.
    const keys = groupBy.map((path, i) => {
      const scope = scopeOf(path, unwind);
      const source = scope < 0 ? 'd.body' : `u${scope}.value`;
      const rest = scope < 0 ? path : path.slice(unwind[scope]!.length);
      return `(${source} -> '${jsonPath(rest)}') AS k${i}`;
    });
    // Without unwinding each document is one row, counted without the DISTINCT's sort.
    const counted = unwind.length === 0 ? 'COUNT(*)' : 'COUNT(DISTINCT d.id)';
    const sql =
      `SELECT ${keys.join(', ')}, ${counted} AS n FROM documents AS d${joins.join('')} ` +
      `WHERE d.collection = ?${where.sql}${ranges.sql} ` +
      `GROUP BY ${groupBy.map((_, i) => `k${i}`).join(', ')}`;
    const rows = this.tallyStatement(sql).all(this.name, ...where.params, ...ranges.params);
    return rows.map((row) => ({
      key: groupBy.map((_, i) => {
        const value = row[`k${i}`];
        return typeof value === 'string' ? (JSON.parse(value) as string | number | boolean | null) : null;
      }),
      count: Number(row.n),
    }));
  }

  async delete(id: string): Promise<boolean> {
    return this.inStep(() => {
      const deleted = this.deleteRow.run(this.name, id).changes > 0;
      if (deleted) this.index?.deleted?.(id);
      return deleted;
    });
  }

  /** One transaction with the index's write when the index writes; one statement otherwise. */
  private inStep<R>(write: () => R): Promise<R> {
    return this.writes.run(this.index?.written ? () => this.db.transaction(write).immediate() : write);
  }

  private tallyStatement(sql: string): Database.Statement<Param[], Record<string, unknown>> {
    let statement = this.tallies.get(sql);
    if (!statement) {
      statement = this.db.prepare<Param[], Record<string, unknown>>(sql);
      this.tallies.set(sql, statement);
    }
    return statement;
  }

  private statement(sql: string): Database.Statement<Param[], Row> {
    let statement = this.prepared.get(sql);
    if (!statement) {
      statement = this.db.prepare<Param[], Row>(sql);
      this.prepared.set(sql, statement);
    }
    return statement;
  }
}

/**
 * Documents of any collections in one SELECT (the per-turn read cache fetches a turn's records
 * together), in the order asked; undefined for those that do not exist.
 */
export function readDocuments(db: Database.Database): ReadDocuments {
  const statements = new Map<number, Database.Statement<string[], Row & { collection: string }>>();
  return async (refs) => {
    let statement = statements.get(refs.length);
    if (!statement) {
      const pairs = refs.map(() => '(?, ?)').join(', ');
      statement = db.prepare<string[], Row & { collection: string }>(
        `SELECT collection, id, version, body FROM documents WHERE (collection, id) IN (VALUES ${pairs})`,
      );
      statements.set(refs.length, statement);
    }
    const rows = statement.all(...refs.flatMap((ref) => [ref.collection, ref.id]));
    const found = new Map(rows.map((row) => [`${row.collection}\u0000${row.id}`, row]));
    return refs.map((ref) => {
      const row = found.get(`${ref.collection}\u0000${ref.id}`);
      return row ? fromRow(row) : undefined;
    });
  };
}

function fromRow<T extends StoredDocument>(row: Row): T {
  return toDocument<T>(row.id, row.version, JSON.parse(row.body) as Record<string, unknown>);
}

/** id and version live in columns; every other field in the JSON body. */
function fieldSql(field: string, table = ''): string {
  if (field === 'id' || field === 'version') return `${table}${field}`;
  return `json_extract(${table}body, '$.${field}')`;
}

/** A checked path (identifiers only) as a JSON path. */
function jsonPath(path: readonly string[]): string {
  return `$.${path.join('.')}`;
}

/**
 * Half-open ranges on strings only: SQLite orders every number before every string and NULL
 * (absent) matches no comparison, so `>= ''` keeps strings alone without reading the type.
 */
function rangeClause(ranges: readonly CheckedRange[], table = ''): { sql: string; params: Param[] } {
  let sql = '';
  const params: Param[] = [];
  for (const { field, from, to } of ranges) {
    const column = fieldSql(field, table);
    sql += ` AND ${column} >= ?`;
    params.push(from ?? '');
    if (to !== undefined) {
      sql += ` AND ${column} < ?`;
      params.push(to);
    }
  }
  return { sql, params };
}

/** JSON booleans come out of json_extract as 1 and 0. */
function toParam(value: Scalar): Param {
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

function whereClause(where: Condition[], table = ''): { sql: string; params: Param[] } {
  let sql = '';
  const params: Param[] = [];
  for (const { field, values } of where) {
    const column = fieldSql(field, table);
    const present = values.filter((value): value is Exclude<Scalar, null> => value !== null);
    const parts: string[] = [];
    if (present.length > 0) {
      parts.push(`${column} IN (${present.map(() => '?').join(', ')})`);
      params.push(...present.map(toParam));
    }
    // json_extract gives NULL both for JSON null and for an absent field, as MongoDB's null does.
    if (present.length < values.length) parts.push(`${column} IS NULL`);
    if (parts.length === 0) parts.push('0');
    sql += ` AND (${parts.join(' OR ')})`;
  }
  return { sql, params };
}

/** json_set for replaced fields (json(?) keeps objects as objects), json_remove for undefined. */
function bodyUpdate(patch: Record<string, unknown>): { sql: string; params: Param[] } {
  const entries = patchEntries(patch);
  const set = entries.filter(([, value]) => value !== undefined);
  const removed = entries.filter(([, value]) => value === undefined);
  let sql = 'body';
  const params: Param[] = [];
  if (set.length > 0) {
    sql = `json_set(${sql}, ${set.map(([field]) => `'$.${field}', json(?)`).join(', ')})`;
    params.push(...set.map(([, value]) => JSON.stringify(value)));
  }
  if (removed.length > 0) {
    sql = `json_remove(${sql}, ${removed.map(([field]) => `'$.${field}'`).join(', ')})`;
  }
  return { sql, params };
}
