import Database from 'better-sqlite3';
import { migrate } from '../../../src/storage/embedded/migrations';
import { SqliteCaseFacts } from '../../../src/storage/embedded/sqlite-case-facts';
import { SqliteDocuments } from '../../../src/storage/embedded/sqlite-documents';
import type { StoredDocument } from '../../../src/storage/ports';

interface CaseDoc extends StoredDocument {
  outcome: string;
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
});
