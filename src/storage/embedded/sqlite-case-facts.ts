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
  /** The outer array's fields each row carries a copy of (migration 12). */
  parentCopies?: Record<string, Column>;
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
    parentCopies: { flowId: text('flow_id') },
  },
};
/** The record's fields every array row carries a copy of (migration 12), named as in case_facts. */
const CASE_COPIES: Record<string, Column> = {
  outcome: FACT_COLUMNS.outcome!,
  topic: FACT_COLUMNS.topic!,
  language: FACT_COLUMNS.language!,
  channelId: FACT_COLUMNS.channelId!,
  openedAt: FACT_COLUMNS.openedAt!,
};

/** As json_extract stores a scalar: booleans as 1 and 0, objects and arrays not at all. */
function scalar(value: unknown): Param {
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return null;
}

/**
 * The case records flat (migration 8): `case_facts` (a row per record, a column per field the
 * reports count by, a covering index on openedAt) and a child table per unwound array, whose rows
 * carry copies of their case's fields (migration 12). Triggers on `documents` (migrations 9, 12)
 * keep them in step inside each write of a record (one statement, atomic with its rows, only
 * changed rows written), so this index only reads them: a report's
 * tallies group indexed columns instead of parsing every record's JSON; a tally this shape cannot
 * answer falls back to the JSON.
 */
export class SqliteCaseFacts implements SqliteDocumentIndex {
  private readonly tallies = new Map<string, Database.Statement<Param[], unknown[]>>();

  private readonly changes: Database.Statement<[], number>;
  private lastSelection?: { asked: string; version: string; selected: Selection };

  constructor(private readonly db: Database.Database) {
    this.changes = db.prepare<[], number>('SELECT total_changes()').pluck(true);
  }

  /**
   * How many cases the filters select, and the first and last of their row numbers. A report's
   * array tallies share their filters, so the last answer is kept until the database changes
   * (this connection's changes, or another's commit: data_version).
   */
  private selection(filters: { sql: string; params: Param[] }): Selection {
    const asked = JSON.stringify([filters.sql, filters.params]);
    const version = `${this.dataVersion()}/${this.changes.get()}`;
    if (this.lastSelection?.asked === asked && this.lastSelection.version === version)
      return this.lastSelection.selected;
    const sql = `SELECT COUNT(*), MIN(f.row), MAX(f.row) FROM case_facts AS f WHERE 1${filters.sql}`;
    let statement = this.tallies.get(sql);
    if (!statement) {
      statement = this.db.prepare<Param[], unknown[]>(sql).raw(true);
      this.tallies.set(sql, statement);
    }
    const [count, low, high] = statement.get(...filters.params) as [number, number | null, number | null];
    const selected = { count, low: low ?? 0, high: high ?? 0 };
    this.lastSelection = { asked, version, selected };
    return selected;
  }

  private dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

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
    // The same keys read from the innermost array's own row and its copies, where it has them all.
    const deepest = arrays.at(-1);
    let copiedKeySql: string[] | undefined = deepest ? [] : undefined;
    for (const path of query.groupBy) {
      const scope = scopeOf(path, query.unwind);
      const rest = scope < 0 ? path : path.slice(query.unwind[scope]!.length);
      const owner = scope < 0 ? undefined : arrays[scope]!;
      const column = rest.length === 1 ? (owner ? owner.columns : FACT_COLUMNS)[rest[0]!] : undefined;
      if (!column || !Object.hasOwn(owner ? owner.columns : FACT_COLUMNS, rest[0]!)) return undefined;
      keys.push(column);
      keySql.push(`${owner ? owner.alias : 'f'}.${column.name} AS k${keySql.length}`);
      if (copiedKeySql && deepest) {
        const copies =
          owner === deepest
            ? deepest.columns
            : owner === undefined
              ? CASE_COPIES
              : owner === arrays.at(-2)
                ? (deepest.parentCopies ?? {})
                : {};
        const copy = Object.hasOwn(copies, rest[0]!) ? copies[rest[0]!] : undefined;
        if (copy) copiedKeySql.push(`${deepest.alias}.${copy.name} AS k${copiedKeySql.length}`);
        else copiedKeySql = undefined;
      }
    }
    const filters = factFilters(where, ranges);
    if (!filters) return undefined;
    const groups = keys.map((_, i) => `k${i}`);
    const copiedFilters = deepest ? factFilters(where, ranges, deepest.alias, CASE_COPIES) : undefined;
    let sql: string;
    let splitByDay = false;
    if (deepest && copiedKeySql && copiedFilters) {
      // Every key and filter is on the innermost array's rows (migration 12's copies): its tally
      // index lists them in the order a report groups them, so SQLite reads that one index in
      // order, without joining each row's case or sorting: on 100,000 cases a whole report's CPU
      // time went from 0.48 to about 0.25 s (articles, flows and both flow-step tallies).
      sql =
        `SELECT ${copiedKeySql.join(', ')}, COUNT(DISTINCT ${deepest.alias}.case_row) AS n ` +
        `FROM ${deepest.table} AS ${deepest.alias} WHERE 1${copiedFilters.sql} GROUP BY ${groups.join(', ')}`;
      filters.params = copiedFilters.params;
    } else if (arrays.length === 0) {
      // Grouped by the day the case opened first: case_facts_by_day (migration 11; and
      // case_facts_by_day_kind, migration 12, for topic, language and channel) hands SQLite
      // the rows in that order, so a report's main tally (some 64,000 groups of 100,000 cases)
      // streams instead of sorting every row; groups split by day are added up below.
      const opened = ranges.find((range) => range.field === 'openedAt');
      const byDay = opened ? dayBounds(opened) : undefined;
      sql =
        `SELECT ${keySql.join(', ')}, COUNT(*) AS n FROM case_facts AS f WHERE 1${byDay?.sql ?? ''}${filters.sql} ` +
        `GROUP BY ${[...(byDay ? [OPENED_DAY] : []), ...groups].join(', ')}`;
      filters.params.unshift(...(byDay?.params ?? []));
      splitByDay = byDay !== undefined;
    } else {
      // When most of the cases numbered between the first and the last selected are selected,
      // the array rows of that span are read in order, each with its case (and flow) by key:
      // cheaper than looking up each case's rows (measured on 100,000 cases: flows 0.07 ->
      // 0.04 s, articles 0.2 -> 0.14 s, flow steps 0.17 -> 0.09 s per tally). Cases are numbered
      // as they are recorded, so a month of a year's records is about that month's rows. A few
      // cases spread over the span (one topic) are looked up one by one as before.
      const selected = this.selection(filters);
      if (selected.count === 0) return [];
      const fromArrays = selected.count * 4 >= selected.high - selected.low + 1;
      const first = arrays[0]!;
      const joins = arrays.map((array, i) => {
        const outer = i === 0 ? undefined : arrays[i - 1]!.alias;
        const on = outer
          ? `${array.alias}.case_row = ${outer}.case_row AND ${array.alias}.flow_index = ${outer}.flow_index`
          : `${array.alias}.case_row = f.row`;
        return fromArrays && i === 0
          ? `${array.table} AS ${array.alias} CROSS JOIN case_facts AS f ON f.row = ${array.alias}.case_row`
          : ` CROSS JOIN ${array.table} AS ${array.alias} ON ${on}`;
      });
      const span = fromArrays ? ` AND ${first.alias}.case_row BETWEEN ? AND ?` : '';
      sql =
        `SELECT ${keySql.join(', ')}, COUNT(DISTINCT f.row) AS n FROM ${fromArrays ? '' : 'case_facts AS f'}` +
        `${joins.join('')} WHERE 1${span}${filters.sql} GROUP BY ${groups.join(', ')}`;
      if (fromArrays) filters.params.unshift(selected.low, selected.high);
    }
    let statement = this.tallies.get(sql);
    if (!statement) {
      // Rows as arrays: a report's main tally has tens of thousands of groups.
      statement = this.db.prepare<Param[], unknown[]>(sql).raw(true);
      this.tallies.set(sql, statement);
    }
    const groupsFound = statement.all(...filters.params).map((row) => ({
      key: keys.map((column, i) => {
        const value = row[i];
        if (value === null || value === undefined) return null;
        if (column.kind === 'boolean' && (value === 0 || value === 1)) return value === 1;
        return value as string | number;
      }),
      count: Number(row[keys.length]),
    }));
    return splitByDay ? addedUp(groupsFound) : groupsFound;
  }
}

/** The cases a tally's filters select: how many, and the span of their row numbers. */
interface Selection {
  count: number;
  low: number;
  high: number;
}

/** One group per key: the groups of one key on different days added up. */
function addedUp(groups: TallyGroup[]): TallyGroup[] {
  const byKey = new Map<string, TallyGroup>();
  for (const group of groups) {
    const id = JSON.stringify(group.key);
    const found = byKey.get(id);
    if (found) found.count += group.count;
    else byKey.set(id, group);
  }
  return [...byKey.values()];
}

/** The UTC day a case opened, as case_facts_by_day indexes it. */
const OPENED_DAY = 'substr(f.opened_at, 1, 10)';

/**
 * The range of openedAt as a range of its first ten characters (the day of an ISO time): a
 * string at or after `from` starts at or after from's start, one before `to` at or before to's.
 */
function dayBounds({ from, to }: CheckedRange): { sql: string; params: Param[] } {
  const params: Param[] = [(from ?? '').slice(0, 10)];
  let sql = ` AND ${OPENED_DAY} >= ?`;
  if (to !== undefined) {
    sql += ` AND ${OPENED_DAY} <= ?`;
    params.push(to.slice(0, 10));
  }
  return { sql, params };
}

/** The tally's where and ranges on case_facts' columns, or undefined when one names another field. */
function factFilters(
  where: Condition[],
  ranges: CheckedRange[],
  alias = 'f',
  columns = FACT_COLUMNS,
): { sql: string; params: Param[] } | undefined {
  let sql = '';
  const params: Param[] = [];
  for (const { field, values } of where) {
    if (!Object.hasOwn(columns, field)) return undefined;
    const column = `${alias}.${columns[field]!.name}`;
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
    if (!Object.hasOwn(columns, field)) return undefined;
    const column = `${alias}.${columns[field]!.name}`;
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
