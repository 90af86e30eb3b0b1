import { ResumeCredentials } from '../../../src/channels/webchat';
import { loadConfig } from '../../../src/config';
import { AppError } from '../../../src/errors';
import { silentLogger } from '../../../src/logging';
import { RetentionJob, retentionTasks } from '../../../src/personal-data';
import { describeEachBackend } from '../../helpers/each-backend';

const DAY_MS = 24 * 60 * 60 * 1000;
const ADA = { subject: 'intranet-ada', name: 'Ada Lovelace', email: 'ada@contoso.example' };

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return `${err.httpStatus} ${err.code}`;
    throw err;
  }
  throw new Error('expected a refusal');
}

describeEachBackend('web chat resume credentials', (withBackend) => {
  it('are single-use: each return gives the next one, a spent one is refused, one of racing uses wins', async () => {
    await withBackend(async ({ storage, clock }) => {
      const credentials = new ResumeCredentials(storage, { days: 30, clock: () => new Date(clock.now) });
      const first = await credentials.issue('conv-1', 'dl_user1');
      const grant = await credentials.redeem(first);
      expect(grant).toEqual({ conversationId: 'conv-1', userId: 'dl_user1', credential: expect.any(String) });
      expect(grant.credential).not.toBe(first);
      expect(await refusal(credentials.redeem(first))).toBe('401 Unauthorized');
      expect(await refusal(credentials.redeem('made-up'))).toBe('401 Unauthorized');
      expect(await refusal(credentials.redeem(42))).toBe('400 BadArgument');

      const racing = await Promise.allSettled(
        [1, 2, 3, 4, 5].map(() => credentials.redeem(grant.credential)),
      );
      expect(racing.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    });
  });

  it('are bound to their verified user, kept hashed, and carry the identity to the next token', async () => {
    await withBackend(async ({ storage, clock, dumpEverything }) => {
      const credentials = new ResumeCredentials(storage, { days: 30, clock: () => new Date(clock.now) });
      const credential = await credentials.issue('conv-ada', 'dl_ada', ADA);
      const stored = JSON.stringify(await dumpEverything());
      expect(stored).not.toContain(credential);
      // Someone else signed in on that browser: refused, and the credential is not spent by it.
      expect(await refusal(credentials.redeem(credential, 'intranet-bob'))).toBe('401 Unauthorized');
      const grant = await credentials.redeem(credential, 'intranet-ada');
      expect(grant.user).toEqual(ADA);
      expect(await credentials.latestOf('intranet-ada')).toEqual({
        conversationId: 'conv-ada',
        userId: 'dl_ada',
      });
      expect(await credentials.latestOf('intranet-bob')).toBeUndefined();
    });
  });

  it('expire after the retention period from their last use, are purged by the retention job, and can be revoked', async () => {
    await withBackend(async ({ storage, clock }) => {
      const credentials = new ResumeCredentials(storage, { days: 30, clock: () => new Date(clock.now) });
      const start = clock.now;
      const old = await credentials.issue('conv-old', 'dl_old', ADA);
      clock.now = start + 20 * DAY_MS;
      const kept = await credentials.issue('conv-kept', 'dl_kept');
      const otherDevice = await credentials.issue('conv-kept', 'dl_kept');

      clock.now = start + 31 * DAY_MS;
      expect(await credentials.latestOf('intranet-ada')).toBeUndefined();
      const job = new RetentionJob({
        storage,
        tasks: retentionTasks(storage, loadConfig({ NODE_ENV: 'test' }).retention),
        logger: silentLogger(),
        clock: () => new Date(clock.now),
      });
      expect(await job.runNow()).toMatchObject({ webChatResume: 1 });
      expect(await refusal(credentials.redeem(old))).toBe('401 Unauthorized');

      // "Forget this chat" from one device ends every device's way back.
      expect(await credentials.revoke(kept)).toBe(2);
      expect(await refusal(credentials.redeem(otherDevice))).toBe('401 Unauthorized');
    });
  });
});
