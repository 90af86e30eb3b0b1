import type { StorageBackend, StoredDocument, TallyGroup } from '../../src/storage/ports';
import { uid } from './contract-helpers';

/** The shape of the insights' case records (src/insights/case-record.ts), as the reports tally it. */
interface CaseDoc extends StoredDocument {
  channelId: string;
  userId: string;
  outcome: string;
  topic?: string;
  day: string;
  openedAt: string;
  updatedAt: string;
  articles: { articleId: string; helped?: boolean }[];
  flows: { flowId: string; lastNodeId?: string; steps: { nodeId: string; result: string }[] }[];
}

const sorted = (groups: TallyGroup[]) =>
  groups.map((g) => [...g.key, g.count]).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));

/**
 * The `cases` collection: on SQLite its tallies come from the flat case_facts tables kept with
 * every write; they must give the same counts as any other collection's, after updates and deletes.
 */
export function describeCaseTalliesContract(get: () => StorageBackend): void {
  describe('case record tallies', () => {
    it('counts the current records, their articles and flow steps, and forgets deleted ones', async () => {
      const cases = get().collection<CaseDoc>('cases');
      const channelId = uid('channel');
      const record = (id: string, day: string, fields: Partial<CaseDoc> = {}) => ({
        id: uid(id),
        channelId,
        userId: 'u1',
        outcome: 'open',
        day,
        openedAt: `${day}T10:00:00.000Z`,
        updatedAt: `${day}T10:05:00.000Z`,
        articles: [],
        flows: [],
        ...fields,
      });
      const a = await cases.insert(
        record('a', '2031-03-01', {
          topic: 'wifi',
          articles: [{ articleId: 'kb1', helped: true }, { articleId: 'kb2' }],
          flows: [
            {
              flowId: 'f1',
              lastNodeId: 'n2',
              steps: [
                { nodeId: 'n1', result: 'failed' },
                { nodeId: 'n1', result: 'worked' },
                { nodeId: 'n2', result: 'answered' },
              ],
            },
          ],
        }),
      );
      const b = await cases.insert(
        record('b', '2031-03-02', {
          articles: [{ articleId: 'kb1', helped: false }],
          flows: [{ flowId: 'f1', lastNodeId: 'n1', steps: [{ nodeId: 'n1', result: 'failed' }] }],
        }),
      );
      const c = await cases.insert(record('c', '2031-03-02', { outcome: 'ticket' }));
      await cases.insert(record('d', '2031-04-01', { outcome: 'ticket' }));
      // b's outcome and articles change; only the current version counts.
      await cases.update(
        b.id,
        {},
        { outcome: 'resolved-confirmed', articles: [{ articleId: 'kb3', helped: true }] },
      );
      expect(await cases.delete(c.id)).toBe(true);
      const where = { channelId };
      const march = [{ field: 'openedAt' as const, from: '2031-03-01', to: '2031-04-01' }];
      expect(
        sorted(await cases.tally({ where, ranges: march, groupBy: ['outcome', 'day', 'topic'] })),
      ).toEqual([
        ['open', '2031-03-01', 'wifi', 1],
        ['resolved-confirmed', '2031-03-02', null, 1],
      ]);
      const articles = await cases.tally({
        where,
        ranges: march,
        unwind: ['articles'],
        groupBy: ['articles.articleId', 'articles.helped', 'outcome'],
      });
      expect(sorted(articles)).toEqual([
        ['kb1', true, 'open', 1],
        ['kb2', null, 'open', 1],
        ['kb3', true, 'resolved-confirmed', 1],
      ]);
      const steps = await cases.tally({
        where,
        ranges: march,
        unwind: ['flows', 'flows.steps'],
        groupBy: ['flows.flowId', 'flows.steps.nodeId'],
      });
      expect(sorted(steps)).toEqual([
        ['f1', 'n1', 2],
        ['f1', 'n2', 1],
      ]);
      const dropped = await cases.tally({
        where: { ...where, outcome: 'open' },
        ranges: [...march, { field: 'updatedAt', to: '2031-03-01T10:05:00.001Z' }],
        unwind: ['flows'],
        groupBy: ['flows.flowId', 'flows.lastNodeId'],
      });
      expect(sorted(dropped)).toEqual([['f1', 'n2', 1]]);
      // A field the flat tables do not hold is still counted (from the record itself).
      expect(
        sorted(await cases.tally({ where: { ...where, outcome: 'open' }, groupBy: ['userId'] })),
      ).toEqual([['u1', 1]]);
      await cases.delete(a.id);
      await cases.delete(b.id);
      expect(sorted(await cases.tally({ where, groupBy: ['outcome'] }))).toEqual([['ticket', 1]]);
    });
  });
}
