import { DirectLineUser, startCluster, type Cluster } from '../helpers/instances';
import {
  mongoTestsEnabled,
  resolveMongoTarget,
  startMongoTarget,
  type RunningMongo,
} from '../helpers/mongo-target';

const target = resolveMongoTarget();
const SUITE = 'rate-limits-instances';
const CONVERSATIONS_PER_MINUTE = 4;
const MESSAGES_PER_MINUTE = 5;

jest.setTimeout(120_000);

/**
 * Behind a load balancer a client's requests land on any instance: the budgets must be the
 * deployment's, not each process's, or N instances would allow N times the limit.
 */
if (mongoTestsEnabled(target, SUITE)) {
  describe(`rate limits shared by two instances (${target.kind === 'uri' ? 'MONGODB_URI' : 'FerretDB'})`, () => {
    let mongo: RunningMongo;
    let cluster: Cluster;
    let a: string;
    let b: string;
    const users: DirectLineUser[] = [];

    beforeAll(async () => {
      mongo = await startMongoTarget(target);
      cluster = await startCluster(2, {
        mongoUri: mongo.uri,
        env: {
          RATE_LIMIT_CONVERSATIONS_PER_MINUTE: String(CONVERSATIONS_PER_MINUTE),
          RATE_LIMIT_MESSAGES_PER_MINUTE: String(MESSAGES_PER_MINUTE),
        },
      });
      [a, b] = cluster.instances.map((i) => i.url) as [string, string];
    }, 90_000);

    afterAll(async () => {
      for (const user of users) user.close();
      await cluster?.dispose();
      await mongo?.stop();
    });

    it('new web chats from one address: one budget across A and B, then 429 with Retry-After', async () => {
      const answers: { status: number; retryAfter: string | null }[] = [];
      for (let i = 0; i < 2 * CONVERSATIONS_PER_MINUTE; i++) {
        const res = await fetch(`${i % 2 ? b : a}/api/webchat/token`, { method: 'POST' });
        answers.push({ status: res.status, retryAfter: res.headers.get('retry-after') });
        await res.body?.cancel();
      }
      expect(answers.map((x) => x.status)).toEqual([
        ...Array<number>(CONVERSATIONS_PER_MINUTE).fill(200),
        ...Array<number>(CONVERSATIONS_PER_MINUTE).fill(429),
      ]);
      const wait = Number(answers.at(-1)?.retryAfter);
      expect(wait).toBeGreaterThan(50);
      expect(wait).toBeLessThanOrEqual(60);
    });

    it('messages in one conversation: one budget across A and B; the refused ones are not delivered', async () => {
      const user = await DirectLineUser.start(a);
      users.push(user);
      const results = [];
      for (let i = 0; i < 2 * MESSAGES_PER_MINUTE; i++) {
        user.baseUrl = i % 2 ? b : a;
        results.push(await user.post(`message ${i}`));
      }
      expect(results.map((r) => r.ok)).toEqual([
        ...Array<boolean>(MESSAGES_PER_MINUTE).fill(true),
        ...Array<boolean>(MESSAGES_PER_MINUTE).fill(false),
      ]);
      expect(results.at(-1)).toMatchObject({
        error: expect.stringMatching(/^429: .*Too many messages/) as unknown,
      });
      const texts = (await user.log(b)).filter((x) => x.from?.id !== 'bot').map((x) => x.text);
      expect(texts.filter((t) => t?.startsWith('message '))).toHaveLength(MESSAGES_PER_MINUTE);
    });
  });
} else {
  it.skip(`${SUITE}: no MongoDB-compatible server (see console)`, () => undefined);
}
