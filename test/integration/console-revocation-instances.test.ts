import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { msUntilEnded, openFeed, signIn, statusWithCookie } from '../helpers/console-session';
import { startCluster, type Cluster } from '../helpers/instances';
import {
  mongoTestsEnabled,
  resolveMongoTarget,
  startMongoTarget,
  type RunningMongo,
} from '../helpers/mongo-target';
import type { SseReader } from '../unit/console/sse-reader';

const target = resolveMongoTarget();
const SUITE = 'console-revocation-instances';
const STREAM_END_LIMIT_MS = 5000;
const ROOT = path.join(__dirname, '../..');

jest.setTimeout(120_000);

/**
 * Revocation is decided by what storage says, not by the instance that revoked: a session signed
 * in on A and a live feed open on B both stop when the token is rotated on A or the technician is
 * disabled from the command line (issue 12, finding 2, behind a load balancer).
 */
if (mongoTestsEnabled(target, SUITE)) {
  describe(`revocation across two instances (${target.kind === 'uri' ? 'MONGODB_URI' : 'FerretDB'})`, () => {
    let mongo: RunningMongo;
    let cluster: Cluster;
    let a: string;
    let b: string;
    let admin: string;
    const feeds: SseReader[] = [];

    beforeAll(async () => {
      mongo = await startMongoTarget(target);
      cluster = await startCluster(2, { mongoUri: mongo.uri });
      [a, b] = cluster.instances.map((i) => i.url) as [string, string];
      admin = (await cluster.addTechnician('Root', 'admin')).token;
    }, 90_000);
    afterAll(async () => {
      await Promise.all(feeds.map((f) => f.close()));
      await cluster?.dispose();
      await mongo?.stop();
    });

    async function signedInWithFeed(name: string) {
      const technician = await cluster.addTechnician(name, 'technician');
      const session = await signIn(a, technician.token);
      const feed = await openFeed(b, session);
      feeds.push(feed);
      expect(feed.status).toBe(200);
      expect(await statusWithCookie(b, '/api/console/me', session)).toBe(200);
      return { technician, session, feed };
    }

    it('a token rotated on A ends the session and the open stream on B', async () => {
      const { technician, session, feed } = await signedInWithFeed('Rita');
      const res = await fetch(`${a}/api/console/technicians/${technician.id}/token`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}` },
      });
      expect(res.status).toBe(200);
      const at = Date.now();
      expect(await statusWithCookie(b, '/api/console/me', session)).toBe(401);
      expect(await msUntilEnded(feed, at, STREAM_END_LIMIT_MS)).toBeLessThan(STREAM_END_LIMIT_MS);
    });

    it('`technicians disable` from the command line ends the session and the stream on B', async () => {
      const { technician, session, feed } = await signedInWithFeed('Dora');
      await promisify(execFile)(
        process.execPath,
        [path.join(ROOT, 'bin', 'firstline.js'), 'technicians', 'disable', technician.id],
        { cwd: ROOT, env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', ...cluster.env } },
      );
      const at = Date.now();
      expect(await statusWithCookie(b, '/api/console/me', session)).toBe(401);
      expect(await msUntilEnded(feed, at, STREAM_END_LIMIT_MS)).toBeLessThan(STREAM_END_LIMIT_MS);
      const bearer = await fetch(`${a}/api/console/me`, {
        headers: { authorization: `Bearer ${technician.token}` },
      });
      expect(bearer.status).toBe(401);
    });
  });
}
