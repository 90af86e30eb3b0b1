import Database from 'better-sqlite3';
import { migrate } from '../../../src/storage/embedded/migrations';
import { SqliteCaseFacts } from '../../../src/storage/embedded/sqlite-case-facts';
import { SqliteDocuments } from '../../../src/storage/embedded/sqlite-documents';
import type { StoredDocument } from '../../../src/storage/ports';

interface CaseDoc extends StoredDocument {
  outcome: string;
  topic?: string;
  day: string;
  openedAt: string;
  updatedAt: string;
  articles: { articleId: string; helped?: boolean }[];
  flows: { flowId: string; lastNodeId?: string; steps: { nodeId: string; result: string }[] }[];
}

/**
 * The flat case tables are kept by migration 9's triggers: a record's write is the one statement
 * of its document, and an update writes only the rows that changed (a flow's new step is one
 * insert, not the record's rows deleted and written again).
 */
describe('flat case rows kept by the database', () => {
  let db: Database.Database;
  let statements: string[];
  let cases: SqliteDocuments<CaseDoc>;
  const changes = () => (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  const rows = () => ({
    facts: db.prepare('SELECT id, outcome, updated_at FROM case_facts ORDER BY row').all(),
    articles: db.prepare('SELECT article_index, article_id, helped FROM case_articles').all(),
    flows: db.prepare('SELECT flow_index, flow_id, last_node_id FROM case_flows').all(),
    steps: db
      .prepare('SELECT flow_index, step_index, node_id, result FROM case_flow_steps ORDER BY 1, 2')
      .all(),
  });

  beforeEach(() => {
    statements = [];
    db = new Database(':memory:', { verbose: (sql) => statements.push(String(sql)) });
    migrate(db);
    cases = new SqliteDocuments<CaseDoc>(db, 'cases', new SqliteCaseFacts(db));
    statements = [];
  });
  afterEach(() => db.close());

  const record = {
    id: 'c1',
    outcome: 'open',
    day: '2031-05-01',
    openedAt: '2031-05-01T08:00:00.000Z',
    updatedAt: '2031-05-01T08:00:00.000Z',
    articles: [{ articleId: 'kb1' }],
    flows: [{ flowId: 'f1', lastNodeId: 'n1', steps: [{ nodeId: 'n1', result: 'answered' }] }],
  };

  it('writes a record and its rows in one statement', async () => {
    await cases.insert(record);
    expect(statements).toHaveLength(1);
    expect(rows()).toEqual({
      facts: [{ id: 'c1', outcome: 'open', updated_at: '2031-05-01T08:00:00.000Z' }],
      articles: [{ article_index: 0, article_id: 'kb1', helped: null }],
      flows: [{ flow_index: 0, flow_id: 'f1', last_node_id: 'n1' }],
      steps: [{ flow_index: 0, step_index: 0, node_id: 'n1', result: 'answered' }],
    });
  });

  it('appends a flow step as one row, leaving the unchanged rows alone', async () => {
    await cases.insert(record);
    const before = changes();
    statements = [];
    await cases.update(
      'c1',
      {},
      {
        updatedAt: '2031-05-01T08:01:00.000Z',
        flows: [
          {
            flowId: 'f1',
            lastNodeId: 'n2',
            steps: [
              { nodeId: 'n1', result: 'answered' },
              { nodeId: 'n2', result: 'failed' },
            ],
          },
        ],
      },
    );
    expect(statements).toHaveLength(1);
    // The document, its facts row, the flow's last step and the new step: the article and the
    // first step are not written again.
    expect(changes() - before).toBe(4);
    expect(rows().steps).toEqual([
      { flow_index: 0, step_index: 0, node_id: 'n1', result: 'answered' },
      { flow_index: 0, step_index: 1, node_id: 'n2', result: 'failed' },
    ]);
  });

  it('changes, removes and deletes rows as the record does', async () => {
    await cases.insert({
      ...record,
      articles: [{ articleId: 'kb1' }, { articleId: 'kb2', helped: false }],
      flows: [
        {
          flowId: 'f1',
          lastNodeId: 'n2',
          steps: [
            { nodeId: 'n1', result: 'answered' },
            { nodeId: 'n2', result: 'failed' },
          ],
        },
        { flowId: 'f2', steps: [] },
      ],
    });
    await cases.update(
      'c1',
      {},
      {
        outcome: 'resolved-confirmed',
        articles: [{ articleId: 'kb1', helped: true }],
        flows: [{ flowId: 'f1', lastNodeId: 'n1', steps: [{ nodeId: 'n1', result: 'worked' }] }],
      },
    );
    expect(rows()).toEqual({
      facts: [{ id: 'c1', outcome: 'resolved-confirmed', updated_at: '2031-05-01T08:00:00.000Z' }],
      articles: [{ article_index: 0, article_id: 'kb1', helped: 1 }],
      flows: [{ flow_index: 0, flow_id: 'f1', last_node_id: 'n1' }],
      steps: [{ flow_index: 0, step_index: 0, node_id: 'n1', result: 'worked' }],
    });
    expect(await cases.delete('c1')).toBe(true);
    expect(rows()).toEqual({ facts: [], articles: [], flows: [], steps: [] });
  });

  it('leaves the other collections out', async () => {
    const tickets = new SqliteDocuments<CaseDoc>(db, 'not-cases');
    await tickets.insert(record);
    expect(rows().facts).toEqual([]);
  });

  it('tallies by the day cases opened in the index order (no sorting), adding up a key over days', async () => {
    const at = (id: string, openedAt: string, day = openedAt.slice(0, 10)) =>
      cases.insert({ ...record, id, openedAt, day, updatedAt: openedAt });
    await at('c1', '2031-05-01T08:00:00.000Z');
    await at('c2', '2031-05-02T23:59:59.999Z', '2031-05-01'); // a day field of its own: one key
    await at('c3', '2031-05-03T00:00:00.000Z');
    await at('c4', '2031-05-03T09:00:00.000Z');
    await at('c5', '2031-05-01T10:00:00.000Z');
    statements = [];
    const groups = await cases.tally({
      ranges: [{ field: 'openedAt', from: '2031-05-01T09:00:00.000Z', to: '2031-05-03T09:00:00.000Z' }],
      groupBy: ['outcome', 'day'],
    });
    expect(groups.sort((a, b) => String(a.key[1]).localeCompare(String(b.key[1])))).toEqual([
      { key: ['open', '2031-05-01'], count: 2 },
      { key: ['open', '2031-05-03'], count: 1 },
    ]);
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN ${statements.at(-1)}`)
      .all()
      .map((row) => (row as { detail: string }).detail);
    expect(plan).toEqual([expect.stringContaining('COVERING INDEX case_facts_by_day')]);
  });

  it('counts flow steps the same from the cases or from the step rows, as the JSON says', async () => {
    for (let i = 0; i < 12; i++) {
      const steps = [
        { nodeId: 'n1', result: 'answered' },
        { nodeId: `n${2 + (i % 3)}`, result: i % 2 ? 'failed' : 'worked' },
        ...(i % 4 === 0 ? [{ nodeId: 'n2', result: 'worked' }] : []),
      ];
      await cases.insert({
        ...record,
        id: `c${i}`,
        topic: i === 0 || i === 11 ? 'vpn' : 'wifi',
        flows: [{ flowId: `f${i % 2}`, steps }],
      });
    }
    const json = new SqliteDocuments<CaseDoc>(db, 'cases'); // no index: the JSON itself
    const sorted = (groups: { key: unknown[]; count: number }[]) =>
      groups.map((g) => JSON.stringify(g)).sort();
    // vpn: the first and the last case (each looked up); wifi: the 10 between (read from the step rows).
    for (const topic of ['vpn', 'wifi']) {
      for (const groupBy of [
        ['flows.flowId', 'flows.steps.nodeId'],
        ['flows.steps.nodeId', 'flows.steps.result'],
      ]) {
        const query = { where: { topic }, unwind: ['flows', 'flows.steps'], groupBy };
        expect(sorted(await cases.tally(query))).toEqual(sorted(await json.tally(query)));
      }
    }
  });

  it('tallies arrays from their rows alone, in the order of their tally index, as the JSON says', async () => {
    for (let i = 0; i < 10; i++) {
      await cases.insert({
        ...record,
        id: `c${i}`,
        outcome: i % 3 ? 'open' : 'handed-over',
        topic: i % 2 ? 'vpn' : 'wifi',
        openedAt: `2031-05-0${1 + (i % 3)}T08:00:00.000Z`,
        articles: [
          { articleId: `kb${i % 4}`, ...(i % 2 ? { helped: i % 4 === 1 } : {}) },
          { articleId: 'kb9' },
        ],
        flows: [
          {
            flowId: `f${i % 2}`,
            steps: [
              { nodeId: 'n1', result: 'answered' },
              { nodeId: 'n2', result: 'failed' },
              { nodeId: 'n2', result: i % 3 ? 'worked' : 'failed' },
            ],
          },
        ],
      });
    }
    // A case's outcome, topic and flow change after its rows were written: the copies follow.
    await cases.update(
      'c4',
      {},
      {
        outcome: 'resolved-confirmed',
        topic: 'vpn',
        flows: [{ flowId: 'f9', steps: [{ nodeId: 'n1', result: 'worked' }] }],
      },
    );
    await cases.delete('c5');
    const json = new SqliteDocuments<CaseDoc>(db, 'cases'); // no index: the JSON itself
    const sorted = (groups: { key: unknown[]; count: number }[]) =>
      groups.map((g) => JSON.stringify(g)).sort();
    const opened = [{ field: 'openedAt' as const, from: '2031-05-01T08:00:00.000Z', to: '2031-05-03' }];
    const queries = [
      { unwind: ['articles'], groupBy: ['articles.articleId', 'articles.helped', 'outcome'] },
      { unwind: ['flows'], groupBy: ['flows.flowId', 'outcome'] },
      {
        unwind: ['flows', 'flows.steps'],
        groupBy: ['flows.flowId', 'flows.steps.nodeId', 'flows.steps.result'],
      },
      { unwind: ['flows', 'flows.steps'], groupBy: ['flows.flowId', 'flows.steps.nodeId'] },
    ];
    for (const where of [{}, { topic: 'vpn' }, { outcome: 'open', topic: 'vpn' }]) {
      for (const query of queries) {
        statements = [];
        const tally = { where, ranges: opened, ...query };
        const groups = await cases.tally(tally);
        const sql = statements.at(-1);
        expect(groups.length).toBeGreaterThan(0);
        expect(sorted(groups)).toEqual(sorted(await json.tally(tally)));
        const plan = db
          .prepare(`EXPLAIN QUERY PLAN ${sql}`)
          .all()
          .map((row) => (row as { detail: string }).detail)
          .join('; ');
        expect(plan).toMatch(/^SCAN \w+ USING (COVERING )?INDEX case_(articles|flows|flow_steps)_tally/);
        expect(plan).not.toMatch(/GROUP BY|case_facts/);
      }
    }
  });
});
