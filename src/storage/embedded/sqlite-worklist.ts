import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { toDocument, type Condition } from '../document-rules';
import type { CheckedRange, CheckedTally } from '../document-tally';
import type { StoredDocument, TallyGroup, TicketFiguresQuery, TicketWorklist, WorklistQuery } from '../ports';
import type { TicketFigures, TicketFiguresRow } from '../ticket-figures';
import {
  MAX_INDEXED_LINE_CHARS,
  MAX_INDEXED_TRANSCRIPT_CHARS,
  NO_DUE_TIME,
  WORKLIST_COLLECTION,
  WORKLIST_ROW_VERSION,
  sortField,
  worklistRow,
  type WorklistRow,
} from '../worklist';

/** Told of every write of a collection inside the write's own transaction. */
export interface SqliteDocumentIndex {
  /** Absent when the database keeps the index itself (triggers). */
  written?(id: string, version: number, body: Record<string, unknown>): void;
  deleted?(id: string): void;
  /** The tally from the index's own tables, or undefined when they cannot answer it. */
  tally?(query: CheckedTally, where: Condition[], ranges: CheckedRange[]): TallyGroup[] | undefined;
}

type Param = string | number | null;

const COLUMNS: Record<string, keyof WorklistRow> = {
  number: 'number',
  status: 'status',
  assignee_id: 'assigneeId',
  team: 'team',
  priority: 'priority',
  language: 'language',
  category: 'category',
  channel_id: 'channelId',
  type: 'type',
  user_id: 'userId',
  conversation_id: 'conversationId',
  created_at: 'createdAt',
  updated_at: 'updatedAt',
  priority_key: 'priorityKey',
  due_key: 'dueKey',
};
/** The ticket's figures (migration 10), booleans as 1 and 0. */
const FIGURE_COLUMNS: Record<string, keyof TicketFigures> = {
  by_bot: 'byBot',
  first_response_at: 'firstResponseAt',
  first_resolved_at: 'firstResolvedAt',
  reopened: 'reopened',
  rating: 'rating',
  first_response_due_at: 'firstResponseDueAt',
  resolution_due_at: 'resolutionDueAt',
  sla_paused: 'slaPaused',
  breached_for: 'breachedFor',
};
const SORT_COLUMNS = {
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  priorityKey: 'priority_key',
  dueKey: 'due_key',
} as const;
const MAX_PREPARED = 200;
/** A search matching at most this many tickets is read from its matches, then sorted. */
const FEW_MATCHES = 5000;

/** Where a page starts: SQLite's own choice, the search's matches, the sort's or the due index. */
type Route = 'planner' | 'search' | 'sort' | 'due';

/** Every word must be there, as a word or the start of one ("print" finds "printer"). */
function matchOf(terms: readonly string[]): string {
  return terms.map((term) => `"${term.replaceAll('"', '""')}"*`).join(' AND ');
}

/**
 * The worklist on SQLite: `ticket_worklist` (one row per ticket, a column per filter, an index
 * per sort) and the FTS5 table `ticket_search` (same rowid: the ticket's text and its
 * conversation's transcript), written in the same transaction as the ticket (see
 * SqliteDocuments) and, for transcript lines, by the triggers of migration 7.
 */
export class SqliteWorklist implements TicketWorklist, SqliteDocumentIndex {
  private readonly byId: Database.Statement<[string], { rowid: number; sig: string }>;
  private readonly insertRow: Database.Statement<Param[]>;
  private readonly updateRow: Database.Statement<Param[]>;
  private readonly insertSearch: Database.Statement<[number | bigint, string, string]>;
  private readonly updateSearch: Database.Statement<[string, number]>;
  private readonly deleteSearch: Database.Statement<[number]>;
  private readonly deleteRow: Database.Statement<[number]>;
  private readonly transcriptLines: Database.Statement<[number, string], { text: string }>;
  private readonly prepared = new Map<string, Database.Statement<Param[], unknown>>();

  constructor(private readonly db: Database.Database) {
    const names = [...Object.keys(COLUMNS), 'figures_v', ...Object.keys(FIGURE_COLUMNS)];
    this.byId = db.prepare('SELECT rowid, sig FROM ticket_worklist WHERE id = ?');
    this.insertRow = db.prepare<Param[]>(
      `INSERT INTO ticket_worklist (id, version, skills, sig, ${names.join(', ')}) ` +
        `VALUES (${['?', '?', '?', '?', ...names.map(() => '?')].join(', ')})`,
    );
    this.updateRow = db.prepare<Param[]>(
      `UPDATE ticket_worklist SET version = ?, skills = ?, sig = ?, ${names.map((n) => `${n} = ?`).join(', ')} ` +
        'WHERE id = ?',
    );
    this.insertSearch = db.prepare('INSERT INTO ticket_search (rowid, ticket, transcript) VALUES (?, ?, ?)');
    this.updateSearch = db.prepare('UPDATE ticket_search SET ticket = ? WHERE rowid = ?');
    this.deleteSearch = db.prepare('DELETE FROM ticket_search WHERE rowid = ?');
    this.deleteRow = db.prepare('DELETE FROM ticket_worklist WHERE rowid = ?');
    this.transcriptLines = db.prepare(
      "SELECT substr(json_extract(entry, '$.text'), 1, ?) AS text FROM transcripts " +
        "WHERE conversation_id = ? AND json_extract(entry, '$.from.role') IN ('user', 'technician') " +
        "AND json_extract(entry, '$.text') IS NOT NULL ORDER BY seq LIMIT 500",
    );
  }

  written(id: string, version: number, body: Record<string, unknown>): void {
    const row = worklistRow(id, version, body);
    const skills = row.skills.length > 0 ? `|${row.skills.join('|')}|` : '';
    const sig = createHash('sha256').update(row.text).digest('base64url').slice(0, 16);
    const values = [
      ...Object.values(COLUMNS).map((field) => row[field] as Param),
      WORKLIST_ROW_VERSION,
      ...Object.values(FIGURE_COLUMNS).map((field) => {
        const value = row.figures[field];
        return typeof value === 'boolean' ? Number(value) : value;
      }),
    ];
    const existing = this.byId.get(id);
    if (!existing) {
      const { lastInsertRowid } = this.insertRow.run(id, version, skills, sig, ...values);
      this.insertSearch.run(lastInsertRowid, row.text, this.transcriptOf(row.conversationId));
      return;
    }
    this.updateRow.run(version, skills, sig, ...values, id);
    if (existing.sig !== sig) this.updateSearch.run(row.text, existing.rowid);
  }

  deleted(id: string): void {
    const existing = this.byId.get(id);
    if (!existing) return;
    this.deleteSearch.run(existing.rowid);
    this.deleteRow.run(existing.rowid);
  }

  /**
   * Indexes the tickets that have no row yet, or whose row an older FirstLine derived (the
   * backfill of migration 10; `figures_v` holds WORKLIST_ROW_VERSION, named when only the figures
   * were derived); returns how many.
   */
  indexMissing(): number {
    const missing = this.db.prepare<[string, number], { id: string; version: number; body: string }>(
      'SELECT id, version, body FROM documents d WHERE collection = ? ' +
        'AND NOT EXISTS (SELECT 1 FROM ticket_worklist w WHERE w.id = d.id AND w.figures_v >= ?)',
    );
    return this.db
      .transaction(() => {
        const rows = missing.all(WORKLIST_COLLECTION, WORKLIST_ROW_VERSION);
        for (const row of rows)
          this.written(row.id, row.version, JSON.parse(row.body) as Record<string, unknown>);
        return rows.length;
      })
      .immediate();
  }

  async find<T extends StoredDocument>(query: WorklistQuery): Promise<T[]> {
    const { route, matches } = this.route(query);
    const { sql, params } = worklistSql(query, route, matches);
    return this.statement<Row>(sql)
      .all(...params)
      .map((row) => toDocument<T>(row.id, row.version, JSON.parse(row.body) as Record<string, unknown>));
  }

  async figures(query: TicketFiguresQuery): Promise<TicketFiguresRow[]> {
    let where = 'w.created_at >= ? AND w.created_at < ?';
    const params: Param[] = [query.createdFrom, query.createdBefore];
    for (const [column, value] of [
      ['language', query.language],
      ['channel_id', query.channelId],
      ['category', query.category],
    ] as const) {
      if (value === undefined) continue;
      where += ` AND w.${column} = ?`;
      params.push(value);
    }
    // Rows as objects named by the figures' fields (made by the driver, not field by field here).
    const columns = Object.entries(FIGURE_COLUMNS).map(([column, field]) => `w.${column} AS ${field}`);
    const sql = `SELECT w.created_at AS createdAt, ${columns.join(', ')} FROM ticket_worklist w WHERE ${where}`;
    const rows = this.statement<TicketFiguresRow>(sql).all(...params);
    for (const row of rows) {
      row.byBot = (row.byBot as unknown) === 1;
      row.reopened = (row.reopened as unknown) === 1;
      row.slaPaused = (row.slaPaused as unknown) === 1;
    }
    return rows;
  }

  /**
   * Which index the page starts from. SQLite, without statistics, took a filter's index (57,000
   * active tickets of 100,000, then sorted) where walking the sort's index and stopping at the
   * page's end was 30 times faster; so: a selective filter's own index (one user's or one
   * technician's tickets, a number), the search's matches when there are few (read once, here),
   * the due index for the due ones, and otherwise the sort's index.
   */
  private route(query: WorklistQuery): { route: Route; matches?: number[] } {
    const selective = query.userId !== undefined || typeof query.assigneeId === 'string';
    if (selective || query.number !== undefined) return { route: 'planner' };
    if (query.terms && query.terms.length > 0) {
      const matches = this.statement<{ rowid: number }>(
        `SELECT rowid FROM ticket_search WHERE ticket_search MATCH ? LIMIT ${FEW_MATCHES + 1}`,
      )
        .all(matchOf(query.terms))
        .map((row) => row.rowid);
      if (matches.length <= FEW_MATCHES) return { route: 'search', matches };
    }
    return { route: query.dueBefore !== undefined ? 'due' : 'sort' };
  }

  private statement<R>(sql: string): Database.Statement<Param[], R> {
    let statement = this.prepared.get(sql);
    if (!statement) {
      if (this.prepared.size >= MAX_PREPARED) this.prepared.clear();
      statement = this.db.prepare<Param[], unknown>(sql);
      this.prepared.set(sql, statement);
    }
    return statement as Database.Statement<Param[], R>;
  }

  /** The conversation's user and technician lines so far, as a new ticket's search text. */
  private transcriptOf(conversationId: string | null): string {
    if (!conversationId) return '';
    let text = '';
    for (const line of this.transcriptLines.all(MAX_INDEXED_LINE_CHARS, conversationId)) {
      if (text.length >= MAX_INDEXED_TRANSCRIPT_CHARS) break;
      text += `${line.text}\n`;
    }
    return text.slice(0, MAX_INDEXED_TRANSCRIPT_CHARS);
  }
}

/** NOT INDEXED still looks rows up by rowid (the search's matches); INDEXED BY walks that index. */
function hint(query: WorklistQuery, route: Route): string {
  if (route === 'search') return 'NOT INDEXED ';
  if (route === 'due') return 'INDEXED BY ticket_worklist_due ';
  if (route === 'sort') return `INDEXED BY ticket_worklist_${SORT_INDEXES[sortField(query.sort)]} `;
  return '';
}

const SORT_INDEXES = {
  createdAt: 'created',
  updatedAt: 'updated',
  priorityKey: 'priority',
  dueKey: 'due',
} as const;

interface Row {
  id: string;
  version: number;
  body: string;
}

/** The page's SELECT: filters on columns, words through FTS5, then keyset order. */
export function worklistSql(
  query: WorklistQuery,
  route: Route = 'planner',
  /** The search's matches when read already (route 'search'): not searched again. */
  matches?: readonly number[],
): { sql: string; params: Param[] } {
  const where: string[] = [];
  const params: Param[] = [];
  const add = (clause: string, ...values: Param[]) => {
    where.push(clause);
    params.push(...values);
  };
  const anyOf = (column: string, values: readonly string[] | undefined) => {
    if (values === undefined) return;
    if (values.length === 0) add('0');
    else add(`w.${column} IN (${values.map(() => '?').join(', ')})`, ...values);
  };
  const range = (column: string, from: string | undefined, to: string | undefined) => {
    if (from !== undefined) add(`w.${column} >= ?`, from);
    if (to !== undefined) add(`w.${column} <= ?`, to);
  };
  anyOf('status', query.status);
  anyOf('team', query.team);
  anyOf('priority', query.priority);
  anyOf('language', query.language);
  anyOf('category', query.category);
  anyOf('channel_id', query.channelId);
  anyOf('type', query.type);
  if (query.assigneeId === null) add('w.assignee_id IS NULL');
  else if (query.assigneeId !== undefined) add('w.assignee_id = ?', query.assigneeId);
  if (query.userId !== undefined) add('w.user_id = ?', query.userId);
  range('created_at', query.createdFrom, query.createdTo);
  range('updated_at', query.updatedFrom, query.updatedTo);
  if (query.dueBefore !== undefined) add('w.due_key < ? AND w.due_key < ?', query.dueBefore, NO_DUE_TIME);
  if (query.visibleTo && !query.visibleTo.skills.includes('*')) {
    const skills = query.visibleTo.skills;
    add(
      `(w.assignee_id = ? OR w.skills = ''${skills.map(() => ' OR instr(w.skills, ?) > 0').join('')})`,
      query.visibleTo.technicianId,
      ...skills.map((skill) => `|${skill}|`),
    );
  }
  if (query.terms && query.terms.length > 0) {
    const words = matches
      ? 'w.rowid IN (SELECT value FROM json_each(?))'
      : 'w.rowid IN (SELECT rowid FROM ticket_search WHERE ticket_search MATCH ?)';
    const match = matches ? JSON.stringify(matches) : matchOf(query.terms);
    if (query.number) add(`(w.number = ? OR ${words})`, query.number, match);
    else add(words, match);
  } else if (query.number !== undefined) {
    add('w.number = ?', query.number);
  }
  const column = `w.${SORT_COLUMNS[sortField(query.sort)]}`;
  const dir = query.direction === 'asc' ? 'ASC' : 'DESC';
  if (query.after) {
    const op = query.direction === 'asc' ? '>' : '<';
    const { key, id } = query.after;
    add(`(${column} ${op} ? OR (${column} = ? AND w.id ${op} ?))`, key, key, id);
  }
  // The page's ids from the worklist alone, then their documents: CROSS JOIN keeps SQLite from
  // starting at the documents table (it did, and a search took a second on 3,000 tickets).
  const sql =
    `SELECT d.id, d.version, d.body FROM (SELECT w.id, ${column} AS k FROM ticket_worklist w ${hint(query, route)}` +
    `${where.length > 0 ? `WHERE ${where.join(' AND ')} ` : ''}` +
    `ORDER BY ${column} ${dir}, w.id ${dir} LIMIT ?) page ` +
    `CROSS JOIN documents d ON d.collection = '${WORKLIST_COLLECTION}' AND d.id = page.id ` +
    `ORDER BY page.k ${dir}, page.id ${dir}`;
  params.push(query.limit);
  return { sql, params };
}
