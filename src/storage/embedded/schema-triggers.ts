/*
 * Triggers as the migrations create them (as shipped: never edit). Rebuilding a table drops its
 * triggers, so a migration that rebuilds one creates them again from these same texts: SQLite
 * keeps a trigger's text as written, and an upgraded database then holds exactly what a new one
 * does. Each text is whole lines, indented as a migration's SQL is.
 */

/**
 * Migration 7: a conversation's user and technician lines (bounded) go into its ticket's search
 * row as they are stored, and are emptied when the transcript is deleted (sqlite-worklist.ts).
 */
export const TICKET_SEARCH_TRIGGERS = `      CREATE TRIGGER transcripts_into_ticket_search AFTER INSERT ON transcripts
      WHEN json_extract(NEW.entry, '$.from.role') IN ('user', 'technician')
        AND json_extract(NEW.entry, '$.text') IS NOT NULL
      BEGIN
        UPDATE ticket_search
        SET transcript = substr(transcript || substr(json_extract(NEW.entry, '$.text'), 1, 1000) || char(10), 1, 8000)
        WHERE rowid IN (SELECT rowid FROM ticket_worklist WHERE conversation_id = NEW.conversation_id)
          AND length(transcript) < 8000;
      END;
      CREATE TRIGGER transcripts_out_of_ticket_search AFTER DELETE ON transcripts
      BEGIN
        UPDATE ticket_search SET transcript = ''
        WHERE rowid IN (SELECT rowid FROM ticket_worklist WHERE conversation_id = OLD.conversation_id)
          AND transcript != '';
      END;`;

/**
 * Migrations 9 and 12: a case record's flat rows written inside its own INSERT or UPDATE of
 * `documents`; `rows` is the trigger body of the migration (case-facts-triggers.ts).
 */
export function caseFactsWriteTriggers(rows: string): string {
  return `      CREATE TRIGGER case_facts_on_insert AFTER INSERT ON documents WHEN NEW.collection = 'cases'
      BEGIN
${rows}
      END;
      CREATE TRIGGER case_facts_on_update AFTER UPDATE ON documents WHEN NEW.collection = 'cases'
      BEGIN
${rows}
      END;`;
}

/** Migration 9: a deleted case record takes its flat rows along. */
export const CASE_FACTS_DELETE_TRIGGER = `      CREATE TRIGGER case_facts_on_delete AFTER DELETE ON documents WHEN OLD.collection = 'cases'
      BEGIN
        DELETE FROM case_articles WHERE case_row = (SELECT row FROM case_facts WHERE id = OLD.id);
        DELETE FROM case_flows WHERE case_row = (SELECT row FROM case_facts WHERE id = OLD.id);
        DELETE FROM case_flow_steps WHERE case_row = (SELECT row FROM case_facts WHERE id = OLD.id);
        DELETE FROM case_facts WHERE id = OLD.id;
      END;`;
