import type Database from 'better-sqlite3';
import { CASE_ROWS_OF_NEW, CASE_ROWS_WITH_COPIES_OF_NEW } from './case-facts-triggers';
import { CASE_FACTS_DELETE_TRIGGER, caseFactsWriteTriggers, TICKET_SEARCH_TRIGGERS } from './schema-triggers';

/**
 * Schema changes, applied in order at open. Each runs in one transaction together with its
 * schema_version row, so a crash mid-migration leaves the previous version intact.
 * Append new migrations; never edit one that has shipped.
 */
const MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE bot_state (
        key TEXT PRIMARY KEY,
        etag TEXT NOT NULL,
        value TEXT NOT NULL
      );
      CREATE TABLE transcripts (
        conversation_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        at TEXT NOT NULL,
        entry TEXT NOT NULL,
        PRIMARY KEY (conversation_id, seq)
      ) WITHOUT ROWID;
      CREATE TABLE dl_conversations (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE dl_activities (
        conversation_id TEXT NOT NULL,
        idx INTEGER NOT NULL,
        activity TEXT NOT NULL,
        PRIMARY KEY (conversation_id, idx)
      ) WITHOUT ROWID;
      CREATE TABLE idempotency (
        key TEXT PRIMARY KEY,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX idempotency_expires_at ON idempotency (expires_at);
      CREATE TABLE secrets (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    sql: `
      CREATE TABLE documents (
        collection TEXT NOT NULL,
        id TEXT NOT NULL,
        version INTEGER NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (collection, id)
      ) WITHOUT ROWID;
      CREATE TABLE counters (
        name TEXT PRIMARY KEY,
        value INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE events (
        stream TEXT NOT NULL,
        seq INTEGER NOT NULL,
        at TEXT NOT NULL,
        event TEXT NOT NULL,
        PRIMARY KEY (stream, seq)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    // The layout rate-limiter-flexible's RateLimiterSQLite reads and writes (see rate-limits.ts).
    sql: `
      CREATE TABLE rate_limits (
        key TEXT PRIMARY KEY,
        points INTEGER NOT NULL DEFAULT 0,
        expire INTEGER
      );
      CREATE INDEX rate_limits_expire ON rate_limits (expire);
    `,
  },
  {
    version: 4,
    // When each bot state item was last written (ms), for its retention period. Items from before
    // count from the upgrade, so an upgrade never deletes state at once.
    sql: `
      ALTER TABLE bot_state ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
      UPDATE bot_state SET updated_at = CAST(strftime('%s', 'now') AS INTEGER) * 1000;
      CREATE INDEX bot_state_updated_at ON bot_state (updated_at);
    `,
  },
  {
    version: 5,
    // Files users sent; the bytes in one BLOB (they are limited to a few MB).
    sql: `
      CREATE TABLE attachments (
        id TEXT PRIMARY KEY,
        conversation_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        record TEXT NOT NULL,
        content BLOB NOT NULL
      );
      CREATE INDEX attachments_conversation ON attachments (conversation_id, created_at);
      CREATE INDEX attachments_user ON attachments (user_id);
      CREATE INDEX attachments_created_at ON attachments (created_at);
    `,
  },
  {
    version: 6,
    // Deliveries (IdempotencyStore.begin): a key being processed has a lease; NULL means done (as
    // every plain claim is). `attempt` tells a first processing from the retake of a dead one.
    sql: `
      ALTER TABLE idempotency ADD COLUMN lease_until INTEGER;
      ALTER TABLE idempotency ADD COLUMN attempt INTEGER NOT NULL DEFAULT 1;
    `,
  },
  {
    version: 7,
    // The technicians' worklist (sqlite-worklist.ts): a row per ticket with a column per filter and
    // an index per sort, and an FTS5 table with the same rowid for the ticket's words and its
    // conversation's (bounded, user and technician lines). Tickets are indexed by the code writing
    // them; transcript lines by these triggers, so the transcript store needs no change. FTS5's
    // secure-delete removes a deleted ticket's words from the index itself, not only from view.
    sql: `
      CREATE TABLE ticket_worklist (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        version INTEGER NOT NULL,
        number TEXT NOT NULL,
        status TEXT NOT NULL,
        assignee_id TEXT,
        team TEXT,
        priority TEXT NOT NULL,
        language TEXT NOT NULL,
        category TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        type TEXT NOT NULL,
        user_id TEXT,
        conversation_id TEXT,
        skills TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        priority_key TEXT NOT NULL,
        due_key TEXT NOT NULL,
        sig TEXT NOT NULL
      );
      CREATE INDEX ticket_worklist_created ON ticket_worklist (created_at, id);
      CREATE INDEX ticket_worklist_updated ON ticket_worklist (updated_at, id);
      CREATE INDEX ticket_worklist_priority ON ticket_worklist (priority_key, id);
      CREATE INDEX ticket_worklist_due ON ticket_worklist (due_key, id);
      CREATE INDEX ticket_worklist_status ON ticket_worklist (status, created_at);
      CREATE INDEX ticket_worklist_assignee ON ticket_worklist (assignee_id, created_at);
      CREATE INDEX ticket_worklist_user ON ticket_worklist (user_id);
      CREATE INDEX ticket_worklist_conversation ON ticket_worklist (conversation_id);
      CREATE INDEX ticket_worklist_number ON ticket_worklist (number);
      CREATE VIRTUAL TABLE ticket_search USING fts5(
        ticket, transcript, tokenize = 'unicode61 remove_diacritics 0'
      );
      INSERT INTO ticket_search (ticket_search, rank) VALUES ('secure-delete', 1);
${TICKET_SEARCH_TRIGGERS}
    `,
  },
  {
    version: 8,
    // The insights' case records flat (sqlite-case-facts.ts): a row per record with a column per
    // field the reports count by, and a child table per unwound array, so a report groups indexed
    // columns instead of parsing 100,000 JSON bodies. Filled here from the records already stored.
    sql: `
      CREATE TABLE case_facts (
        row INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        outcome, day, topic, language, channel_id, opened_at, updated_at
      );
      CREATE INDEX case_facts_opened ON case_facts (
        opened_at, outcome, day, topic, language, channel_id, updated_at
      );
      CREATE TABLE case_articles (
        case_row INTEGER NOT NULL, article_index INTEGER NOT NULL, article_id, helped,
        PRIMARY KEY (case_row, article_index)
      ) WITHOUT ROWID;
      CREATE TABLE case_flows (
        case_row INTEGER NOT NULL, flow_index INTEGER NOT NULL, flow_id, last_node_id,
        PRIMARY KEY (case_row, flow_index)
      ) WITHOUT ROWID;
      CREATE TABLE case_flow_steps (
        case_row INTEGER NOT NULL, flow_index INTEGER NOT NULL, step_index INTEGER NOT NULL, node_id, result,
        PRIMARY KEY (case_row, flow_index, step_index)
      ) WITHOUT ROWID;
      INSERT INTO case_facts (id, outcome, day, topic, language, channel_id, opened_at, updated_at)
      SELECT id, json_extract(body, '$.outcome'), json_extract(body, '$.day'), json_extract(body, '$.topic'),
        json_extract(body, '$.language'), json_extract(body, '$.channelId'), json_extract(body, '$.openedAt'),
        json_extract(body, '$.updatedAt')
      FROM documents WHERE collection = 'cases';
      INSERT INTO case_articles (case_row, article_index, article_id, helped)
      SELECT f.row, a.key, json_extract(a.value, '$.articleId'), json_extract(a.value, '$.helped')
      FROM case_facts AS f JOIN documents AS d ON d.collection = 'cases' AND d.id = f.id,
        json_each(d.body, '$.articles') AS a
      WHERE json_type(d.body, '$.articles') = 'array' AND a.type = 'object';
      INSERT INTO case_flows (case_row, flow_index, flow_id, last_node_id)
      SELECT f.row, fl.key, json_extract(fl.value, '$.flowId'), json_extract(fl.value, '$.lastNodeId')
      FROM case_facts AS f JOIN documents AS d ON d.collection = 'cases' AND d.id = f.id,
        json_each(d.body, '$.flows') AS fl
      WHERE json_type(d.body, '$.flows') = 'array' AND fl.type = 'object';
      INSERT INTO case_flow_steps (case_row, flow_index, step_index, node_id, result)
      SELECT f.row, fl.key, s.key, json_extract(s.value, '$.nodeId'), json_extract(s.value, '$.result')
      FROM case_facts AS f JOIN documents AS d ON d.collection = 'cases' AND d.id = f.id,
        json_each(d.body, '$.flows') AS fl, json_each(fl.value, '$.steps') AS s
      WHERE json_type(d.body, '$.flows') = 'array' AND fl.type = 'object'
        AND json_type(fl.value, '$.steps') = 'array' AND s.type = 'object';
    `,
  },
  {
    version: 9,
    // The flat case tables kept by the database itself (they were written from JavaScript, 10
    // statements in a transaction for every write of a record): triggers on `documents` run inside
    // the record's own INSERT, UPDATE or DELETE, so a case write is one statement, atomic with its
    // rows. An update writes only what changed: rows for new array elements (a flow's new step),
    // changed values, and deletes only elements that are gone; unchanged rows are not touched.
    // The columns are those of sqlite-case-facts.ts (FACT_COLUMNS, ARRAYS).
    sql: `
${caseFactsWriteTriggers(CASE_ROWS_OF_NEW)}
${CASE_FACTS_DELETE_TRIGGER}
    `,
  },
  {
    version: 10,
    // The tickets' figures the insights count (ticket-figures.ts) in their worklist rows, so a
    // report reads columns instead of parsing every ticket. The rules are code, so the rows are
    // filled at open (SqliteWorklist.indexMissing: figures_v below the current version).
    sql: `
      ALTER TABLE ticket_worklist ADD COLUMN figures_v INTEGER;
      ALTER TABLE ticket_worklist ADD COLUMN by_bot INTEGER;
      ALTER TABLE ticket_worklist ADD COLUMN first_response_at TEXT;
      ALTER TABLE ticket_worklist ADD COLUMN first_resolved_at TEXT;
      ALTER TABLE ticket_worklist ADD COLUMN reopened INTEGER;
      ALTER TABLE ticket_worklist ADD COLUMN rating INTEGER;
      ALTER TABLE ticket_worklist ADD COLUMN first_response_due_at TEXT;
      ALTER TABLE ticket_worklist ADD COLUMN resolution_due_at TEXT;
      ALTER TABLE ticket_worklist ADD COLUMN sla_paused INTEGER;
      ALTER TABLE ticket_worklist ADD COLUMN breached_for TEXT;
    `,
  },
  {
    version: 11,
    // The cases by the day they opened (the first ten characters of openedAt), then the columns a
    // report groups by: a tally grouped by them reads the index in its own order, without sorting
    // (sqlite-case-facts.ts). An expression, so the triggers of migration 9 need no change.
    sql: `
      CREATE INDEX case_facts_by_day ON case_facts (
        substr(opened_at, 1, 10), outcome, day, topic, language, channel_id, opened_at, updated_at
      );
    `,
  },
  {
    version: 12,
    // The report's array tallies without joins or sorting (sqlite-case-facts.ts): each article,
    // flow and flow step row carries a copy of its case's fields a report filters and groups by
    // (and a step its flow's id), kept by the triggers below (migration 9's, writing the copies
    // too), and an index per array in the order a report groups it, then the filters and the
    // case, so a tally reads one index in order. Filled here from the rows already stored. And the
    // cases by day, then topic, language and channel: the report's second tally in index order too.
    sql: `
      ALTER TABLE case_articles ADD COLUMN outcome;
      ALTER TABLE case_articles ADD COLUMN topic;
      ALTER TABLE case_articles ADD COLUMN language;
      ALTER TABLE case_articles ADD COLUMN channel_id;
      ALTER TABLE case_articles ADD COLUMN opened_at;
      ALTER TABLE case_flows ADD COLUMN outcome;
      ALTER TABLE case_flows ADD COLUMN topic;
      ALTER TABLE case_flows ADD COLUMN language;
      ALTER TABLE case_flows ADD COLUMN channel_id;
      ALTER TABLE case_flows ADD COLUMN opened_at;
      ALTER TABLE case_flow_steps ADD COLUMN flow_id;
      ALTER TABLE case_flow_steps ADD COLUMN outcome;
      ALTER TABLE case_flow_steps ADD COLUMN topic;
      ALTER TABLE case_flow_steps ADD COLUMN language;
      ALTER TABLE case_flow_steps ADD COLUMN channel_id;
      ALTER TABLE case_flow_steps ADD COLUMN opened_at;
      UPDATE case_articles SET (outcome, topic, language, channel_id, opened_at) = (
        SELECT f.outcome, f.topic, f.language, f.channel_id, f.opened_at
        FROM case_facts AS f WHERE f.row = case_articles.case_row);
      UPDATE case_flows SET (outcome, topic, language, channel_id, opened_at) = (
        SELECT f.outcome, f.topic, f.language, f.channel_id, f.opened_at
        FROM case_facts AS f WHERE f.row = case_flows.case_row);
      UPDATE case_flow_steps SET (flow_id, outcome, topic, language, channel_id, opened_at) = (
        SELECT fl.flow_id, fl.outcome, fl.topic, fl.language, fl.channel_id, fl.opened_at
        FROM case_flows AS fl
        WHERE fl.case_row = case_flow_steps.case_row AND fl.flow_index = case_flow_steps.flow_index);
      CREATE INDEX case_articles_tally ON case_articles (
        article_id, helped, outcome, opened_at, topic, language, channel_id, case_row
      );
      CREATE INDEX case_flows_tally ON case_flows (
        flow_id, outcome, opened_at, topic, language, channel_id, case_row
      );
      CREATE INDEX case_flow_steps_tally ON case_flow_steps (
        flow_id, node_id, result, opened_at, topic, language, channel_id, case_row
      );
      CREATE INDEX case_facts_by_day_kind ON case_facts (
        substr(opened_at, 1, 10), topic, language, channel_id, outcome, day, opened_at, updated_at
      );
      DROP TRIGGER case_facts_on_insert;
      DROP TRIGGER case_facts_on_update;
${caseFactsWriteTriggers(CASE_ROWS_WITH_COPIES_OF_NEW)}
    `,
  },
  {
    version: 13,
    // The three tables a web chat turn writes most (the Direct Line log, the transcript, the
    // documents) as ordinary rowid tables with their primary key as an index. WITHOUT ROWID keeps
    // whole rows in the key's B-tree, which SQLite advises only for rows far smaller than a page:
    // rows of 0.3 to 2 KB arriving for many conversations at once split leaf pages on almost every
    // insert. Measured with this layout: an insert or update costs less than half the CPU, a
    // read about half, and the file is a quarter to a half smaller. Rebuilding a table drops its
    // triggers, so those of migrations 7, 9 and 12 are created again from the same texts
    // (schema-triggers.ts).
    sql: `
      CREATE TABLE dl_activities_rowid (
        conversation_id TEXT NOT NULL,
        idx INTEGER NOT NULL,
        activity TEXT NOT NULL,
        PRIMARY KEY (conversation_id, idx)
      );
      INSERT INTO dl_activities_rowid (conversation_id, idx, activity)
      SELECT conversation_id, idx, activity FROM dl_activities;
      DROP TABLE dl_activities;
      ALTER TABLE dl_activities_rowid RENAME TO dl_activities;

      CREATE TABLE transcripts_rowid (
        conversation_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        at TEXT NOT NULL,
        entry TEXT NOT NULL,
        PRIMARY KEY (conversation_id, seq)
      );
      INSERT INTO transcripts_rowid (conversation_id, seq, at, entry)
      SELECT conversation_id, seq, at, entry FROM transcripts;
      DROP TABLE transcripts;
      ALTER TABLE transcripts_rowid RENAME TO transcripts;
${TICKET_SEARCH_TRIGGERS}

      CREATE TABLE documents_rowid (
        collection TEXT NOT NULL,
        id TEXT NOT NULL,
        version INTEGER NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (collection, id)
      );
      INSERT INTO documents_rowid (collection, id, version, body)
      SELECT collection, id, version, body FROM documents;
      DROP TABLE documents;
      ALTER TABLE documents_rowid RENAME TO documents;
${caseFactsWriteTriggers(CASE_ROWS_WITH_COPIES_OF_NEW)}
${CASE_FACTS_DELETE_TRIGGER}
    `,
  },
  {
    version: 14,
    // Deliveries whose process died mid-turn (IdempotencyStore.stalled): only rows still being
    // processed have a lease, so a partial index on it stays as small as the turns running now.
    sql: `
      CREATE INDEX idempotency_unfinished ON idempotency (lease_until) WHERE lease_until IS NOT NULL;
    `,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

export function currentSchemaVersion(db: Database.Database): number {
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_version').get() as
    { version: number | null } | undefined;
  return row?.version ?? 0;
}

/**
 * Brings the schema up to date (or up to `target`, which tests use to build an older database); a
 * no-op when it already is. Returns the versions applied.
 */
export function migrate(db: Database.Database, target = LATEST_SCHEMA_VERSION): number[] {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)',
  );
  const applied: number[] = [];
  // IMMEDIATE takes the write lock before reading the version, so two processes opening the same
  // file at once cannot both apply a migration.
  const step = db.transaction((migration: { version: number; sql: string }) => {
    if (currentSchemaVersion(db) >= migration.version) return false;
    db.exec(migration.sql);
    db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)').run(
      migration.version,
      new Date().toISOString(),
    );
    return true;
  });
  const found = currentSchemaVersion(db);
  if (found > LATEST_SCHEMA_VERSION) {
    throw new Error(
      `Storage: the database has schema version ${found}, newer than this FirstLine knows (${LATEST_SCHEMA_VERSION}); ` +
        'upgrade FirstLine instead of downgrading it',
    );
  }
  for (const migration of MIGRATIONS) {
    if (migration.version > target) break;
    if (step.immediate(migration)) applied.push(migration.version);
  }
  return applied;
}
