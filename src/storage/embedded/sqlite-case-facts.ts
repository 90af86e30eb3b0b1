import type Database from 'better-sqlite3';
import type { Condition } from '../document-rules';
import { scopeOf, type CheckedRange, type CheckedTally } from '../document-tally';
import type { TallyGroup } from '../ports';
import type { SqliteDocumentIndex } from './sqlite-worklist';

/** The insights' case records (src/insights): the collection this index keeps flat. */
export const CASE_FACTS_COLLECTION = 'cases';

type Param = string | number | null;
type Kind = 'text' | 'boolean';
interface Column {
  name: string;
  kind: Kind;
}
interface ArrayTable {
  table: string;
  alias: string;
  /** The unwound array this one lies in, or undefined for an array of the record itself. */
  parent?: string;
  columns: Record<string, Column>;
}

const text = (name: string): Column => ({ name, kind: 'text' });
/** The record's top-level fields the reports filter, range over and group by. */
const FACT_COLUMNS: Record<string, Column> = {
  outcome: text('outcome'),
  day: text('day'),
  topic: text('topic'),
  language: text('language'),
  channelId: text('channel_id'),
  openedAt: text('opened_at'),
  updatedAt: text('updated_at'),
};
/** The arrays the reports unwind, each a child table (rows in the array's order). */
const ARRAYS: Record<string, ArrayTable> = {
  articles: {
    table: 'case_articles',
    alias: 'a',
    columns: { articleId: text('article_id'), helped: { name: 'helped', kind: 'boolean' } },
  },
  flows: {
    table: 'case_flows',
    alias: 'fl',
    columns: { flowId: text('flow_id'), lastNodeId: text('last_node_id') },
  },
  'flows.steps': {
    table: 'case_flow_steps',
    alias: 's',
    parent: 'flows',
    columns: { nodeId: text('node_id'), result: text('result') },
  },
};

/** As json_extract stores a scalar: booleans as 1 and 0, objects and arrays not at all. */
function scalar(value: unknown): Param {
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return null;
}

/**
 * The case records flat (migration 8): `case_facts` (a row per record, a column per field the
 * reports count by, a covering index on openedAt) and a child table per unwound array. Migration
 * 9's triggers on `documents` keep them in step inside each write of a record (one statement,
 * atomic with its rows, only changed rows written), so this index only reads them: a report's
 * tallies group indexed columns instead of parsing every record's JSON; a tally this shape cannot
 * answer falls back to the JSON.
 */
export class SqliteCaseFacts implements SqliteDocumentIndex {
  private readonly tallies = new Map<string, Database.Statement<Param[], unknown[]>>();

  constructor(private readonly db: Database.Database) {}

  /** The tally from the flat tables, or undefined when it names a field they do not hold. */
  tally(query: CheckedTally, where: Condition[], ranges: CheckedRange[]): TallyGroup[] | undefined {
    const arrays: ArrayTable[] = [];
    for (const [i, path] of query.unwind.entries()) {
      const array = ARRAYS[path.join('.')];
      if (!array || array.parent !== (i === 0 ? undefined : query.unwind[i - 1]!.join('.'))) return undefined;
      arrays.push(array);
    }
    const keys: Column[] = [];
    const keySql: string[] = [];
    for (const path of query.groupBy) {
      const scope = scopeOf(path, query.unwind);
      const rest = scope < 0 ? path : path.slice(query.unwind[scope]!.length);
      const owner = scope < 0 ? undefined : arrays[scope]!;
      const column = rest.length === 1 ? (owner ? owner.columns : FACT_COLUMNS)[rest[0]!] : undefined;
      if (!column || !Object.hasOwn(owner ? owner.columns : FACT_COLUMNS, rest[0]!)) return undefined;
      keys.push(column);
      keySql.push(`${owner ? owner.alias : 'f'}.${column.name} AS k${keySql.length}`);
    }
    const filters = factFilters(where, ranges);
    if (!filters) return undefined;
    const joins = arrays.map((array, i) => {
      const on = i === 0 ? 'f.row' : `${arrays[i - 1]!.alias}.case_row`;
      const sameFlow = i === 0 ? '' : ` AND ${array.alias}.flow_index = ${arrays[i - 1]!.alias}.flow_index`;
      return ` JOIN ${array.table} AS ${array.alias} ON ${array.alias}.case_row = ${on}${sameFlow}`;
    });
    // Without unwinding each record is one row, counted without the DISTINCT's sort.
    const counted = arrays.length === 0 ? 'COUNT(*)' : 'COUNT(DISTINCT f.row)';
    const sql =
      `SELECT ${keySql.join(', ')}, ${counted} AS n FROM case_facts AS f${joins.join('')} ` +
      `WHERE 1${filters.sql} GROUP BY ${keys.map((_, i) => `k${i}`).join(', ')}`;
    let statement = this.tallies.get(sql);
    if (!statement) {
      // Rows as arrays: a report's main tally has tens of thousands of groups.
      statement = this.db.prepare<Param[], unknown[]>(sql).raw(true);
      this.tallies.set(sql, statement);
    }
    return statement.all(...filters.params).map((row) => ({
      key: keys.map((column, i) => {
        const value = row[i];
        if (value === null || value === undefined) return null;
        if (column.kind === 'boolean' && (value === 0 || value === 1)) return value === 1;
        return value as string | number;
      }),
      count: Number(row[keys.length]),
    }));
  }
}

/** The tally's where and ranges on case_facts' columns, or undefined when one names another field. */
function factFilters(
  where: Condition[],
  ranges: CheckedRange[],
): { sql: string; params: Param[] } | undefined {
  let sql = '';
  const params: Param[] = [];
  for (const { field, values } of where) {
    if (!Object.hasOwn(FACT_COLUMNS, field)) return undefined;
    const column = `f.${FACT_COLUMNS[field]!.name}`;
    const present = values.filter((value) => value !== null);
    const parts: string[] = [];
    if (present.length > 0) {
      parts.push(`${column} IN (${present.map(() => '?').join(', ')})`);
      params.push(...present.map(scalar));
    }
    if (present.length < values.length) parts.push(`${column} IS NULL`);
    if (parts.length === 0) parts.push('0');
    sql += ` AND (${parts.join(' OR ')})`;
  }
  for (const { field, from, to } of ranges) {
    if (!Object.hasOwn(FACT_COLUMNS, field)) return undefined;
    const column = `f.${FACT_COLUMNS[field]!.name}`;
    // As on the JSON: strings only (every number sorts before '', NULL matches nothing).
    sql += ` AND ${column} >= ?`;
    params.push(from ?? '');
    if (to !== undefined) {
      sql += ` AND ${column} < ?`;
      params.push(to);
    }
  }
  return { sql, params };
}
