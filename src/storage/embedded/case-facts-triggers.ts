/** The bodies of the triggers that keep the flat case tables (sqlite-case-facts.ts), by migration. */

/**
 * Migration 9's trigger body (as shipped: never edit): writes the flat rows of the case record
 * NEW (its case_facts row and the rows of its articles, flows and flow steps) where they differ
 * from what is stored, and deletes the rows of array elements it no longer has.
 */
export const CASE_ROWS_OF_NEW = `
        INSERT INTO case_facts (id, outcome, day, topic, language, channel_id, opened_at, updated_at)
        VALUES (NEW.id, json_extract(NEW.body, '$.outcome'), json_extract(NEW.body, '$.day'),
          json_extract(NEW.body, '$.topic'), json_extract(NEW.body, '$.language'),
          json_extract(NEW.body, '$.channelId'), json_extract(NEW.body, '$.openedAt'),
          json_extract(NEW.body, '$.updatedAt'))
        ON CONFLICT (id) DO UPDATE SET outcome = excluded.outcome, day = excluded.day,
          topic = excluded.topic, language = excluded.language, channel_id = excluded.channel_id,
          opened_at = excluded.opened_at, updated_at = excluded.updated_at;
        INSERT INTO case_articles (case_row, article_index, article_id, helped)
        SELECT f.row, a.key, json_extract(a.value, '$.articleId'), json_extract(a.value, '$.helped')
        FROM case_facts AS f, json_each(NEW.body, '$.articles') AS a
        WHERE f.id = NEW.id AND json_type(NEW.body, '$.articles') = 'array' AND a.type = 'object'
        ON CONFLICT (case_row, article_index) DO UPDATE SET
          article_id = excluded.article_id, helped = excluded.helped
        WHERE article_id IS NOT excluded.article_id OR helped IS NOT excluded.helped;
        DELETE FROM case_articles
        WHERE case_row = (SELECT row FROM case_facts WHERE id = NEW.id)
          AND article_index NOT IN (
            SELECT a.key FROM json_each(NEW.body, '$.articles') AS a
            WHERE json_type(NEW.body, '$.articles') = 'array' AND a.type = 'object');
        INSERT INTO case_flows (case_row, flow_index, flow_id, last_node_id)
        SELECT f.row, fl.key, json_extract(fl.value, '$.flowId'), json_extract(fl.value, '$.lastNodeId')
        FROM case_facts AS f, json_each(NEW.body, '$.flows') AS fl
        WHERE f.id = NEW.id AND json_type(NEW.body, '$.flows') = 'array' AND fl.type = 'object'
        ON CONFLICT (case_row, flow_index) DO UPDATE SET
          flow_id = excluded.flow_id, last_node_id = excluded.last_node_id
        WHERE flow_id IS NOT excluded.flow_id OR last_node_id IS NOT excluded.last_node_id;
        DELETE FROM case_flows
        WHERE case_row = (SELECT row FROM case_facts WHERE id = NEW.id)
          AND flow_index NOT IN (
            SELECT fl.key FROM json_each(NEW.body, '$.flows') AS fl
            WHERE json_type(NEW.body, '$.flows') = 'array' AND fl.type = 'object');
        INSERT INTO case_flow_steps (case_row, flow_index, step_index, node_id, result)
        SELECT f.row, fl.key, s.key, json_extract(s.value, '$.nodeId'), json_extract(s.value, '$.result')
        FROM case_facts AS f, json_each(NEW.body, '$.flows') AS fl, json_each(fl.value, '$.steps') AS s
        WHERE f.id = NEW.id AND json_type(NEW.body, '$.flows') = 'array' AND fl.type = 'object'
          AND json_type(fl.value, '$.steps') = 'array' AND s.type = 'object'
        ON CONFLICT (case_row, flow_index, step_index) DO UPDATE SET
          node_id = excluded.node_id, result = excluded.result
        WHERE node_id IS NOT excluded.node_id OR result IS NOT excluded.result;
        DELETE FROM case_flow_steps
        WHERE case_row = (SELECT row FROM case_facts WHERE id = NEW.id)
          AND (flow_index, step_index) NOT IN (
            SELECT fl.key, s.key
            FROM json_each(NEW.body, '$.flows') AS fl, json_each(fl.value, '$.steps') AS s
            WHERE json_type(NEW.body, '$.flows') = 'array' AND fl.type = 'object'
              AND json_type(fl.value, '$.steps') = 'array' AND s.type = 'object');
`;

/** The case's own fields each of its array rows carries a copy of (migration 12), as case_facts does. */
const CASE_COPIES = `json_extract(NEW.body, '$.outcome'), json_extract(NEW.body, '$.topic'),
          json_extract(NEW.body, '$.language'), json_extract(NEW.body, '$.channelId'),
          json_extract(NEW.body, '$.openedAt')`;
const CASE_COPIES_CHANGED = `outcome IS NOT excluded.outcome OR topic IS NOT excluded.topic
          OR language IS NOT excluded.language OR channel_id IS NOT excluded.channel_id
          OR opened_at IS NOT excluded.opened_at`;
const CASE_COPIES_SET = `outcome = excluded.outcome, topic = excluded.topic,
          language = excluded.language, channel_id = excluded.channel_id, opened_at = excluded.opened_at`;

/**
 * Migration 12's trigger body (as shipped: never edit): migration 9's, with each array row also
 * carrying the case's outcome, topic, language, channel and opening time (and a step its flow's
 * id), written only when they differ from what the row holds.
 */
export const CASE_ROWS_WITH_COPIES_OF_NEW = `
        INSERT INTO case_facts (id, outcome, day, topic, language, channel_id, opened_at, updated_at)
        VALUES (NEW.id, json_extract(NEW.body, '$.outcome'), json_extract(NEW.body, '$.day'),
          json_extract(NEW.body, '$.topic'), json_extract(NEW.body, '$.language'),
          json_extract(NEW.body, '$.channelId'), json_extract(NEW.body, '$.openedAt'),
          json_extract(NEW.body, '$.updatedAt'))
        ON CONFLICT (id) DO UPDATE SET outcome = excluded.outcome, day = excluded.day,
          topic = excluded.topic, language = excluded.language, channel_id = excluded.channel_id,
          opened_at = excluded.opened_at, updated_at = excluded.updated_at;
        INSERT INTO case_articles (case_row, article_index, article_id, helped,
          outcome, topic, language, channel_id, opened_at)
        SELECT f.row, a.key, json_extract(a.value, '$.articleId'), json_extract(a.value, '$.helped'),
          ${CASE_COPIES}
        FROM case_facts AS f, json_each(NEW.body, '$.articles') AS a
        WHERE f.id = NEW.id AND json_type(NEW.body, '$.articles') = 'array' AND a.type = 'object'
        ON CONFLICT (case_row, article_index) DO UPDATE SET
          article_id = excluded.article_id, helped = excluded.helped, ${CASE_COPIES_SET}
        WHERE article_id IS NOT excluded.article_id OR helped IS NOT excluded.helped
          OR ${CASE_COPIES_CHANGED};
        DELETE FROM case_articles
        WHERE case_row = (SELECT row FROM case_facts WHERE id = NEW.id)
          AND article_index NOT IN (
            SELECT a.key FROM json_each(NEW.body, '$.articles') AS a
            WHERE json_type(NEW.body, '$.articles') = 'array' AND a.type = 'object');
        INSERT INTO case_flows (case_row, flow_index, flow_id, last_node_id,
          outcome, topic, language, channel_id, opened_at)
        SELECT f.row, fl.key, json_extract(fl.value, '$.flowId'), json_extract(fl.value, '$.lastNodeId'),
          ${CASE_COPIES}
        FROM case_facts AS f, json_each(NEW.body, '$.flows') AS fl
        WHERE f.id = NEW.id AND json_type(NEW.body, '$.flows') = 'array' AND fl.type = 'object'
        ON CONFLICT (case_row, flow_index) DO UPDATE SET
          flow_id = excluded.flow_id, last_node_id = excluded.last_node_id, ${CASE_COPIES_SET}
        WHERE flow_id IS NOT excluded.flow_id OR last_node_id IS NOT excluded.last_node_id
          OR ${CASE_COPIES_CHANGED};
        DELETE FROM case_flows
        WHERE case_row = (SELECT row FROM case_facts WHERE id = NEW.id)
          AND flow_index NOT IN (
            SELECT fl.key FROM json_each(NEW.body, '$.flows') AS fl
            WHERE json_type(NEW.body, '$.flows') = 'array' AND fl.type = 'object');
        INSERT INTO case_flow_steps (case_row, flow_index, step_index, node_id, result,
          flow_id, outcome, topic, language, channel_id, opened_at)
        SELECT f.row, fl.key, s.key, json_extract(s.value, '$.nodeId'), json_extract(s.value, '$.result'),
          json_extract(fl.value, '$.flowId'), ${CASE_COPIES}
        FROM case_facts AS f, json_each(NEW.body, '$.flows') AS fl, json_each(fl.value, '$.steps') AS s
        WHERE f.id = NEW.id AND json_type(NEW.body, '$.flows') = 'array' AND fl.type = 'object'
          AND json_type(fl.value, '$.steps') = 'array' AND s.type = 'object'
        ON CONFLICT (case_row, flow_index, step_index) DO UPDATE SET
          node_id = excluded.node_id, result = excluded.result, flow_id = excluded.flow_id, ${CASE_COPIES_SET}
        WHERE node_id IS NOT excluded.node_id OR result IS NOT excluded.result
          OR flow_id IS NOT excluded.flow_id OR ${CASE_COPIES_CHANGED};
        DELETE FROM case_flow_steps
        WHERE case_row = (SELECT row FROM case_facts WHERE id = NEW.id)
          AND (flow_index, step_index) NOT IN (
            SELECT fl.key, s.key
            FROM json_each(NEW.body, '$.flows') AS fl, json_each(fl.value, '$.steps') AS s
            WHERE json_type(NEW.body, '$.flows') = 'array' AND fl.type = 'object'
              AND json_type(fl.value, '$.steps') = 'array' AND s.type = 'object');
`;
