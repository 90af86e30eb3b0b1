import { run } from '../../src/cli/commands/technicians';
import { startApp, type RunningApp } from '../helpers/in-process-app';

/** Runs the CLI command in this process against the app's data directory, capturing stdout. */
async function cli(app: RunningApp, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = jest
    .spyOn(console, 'error')
    .mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const saved = { ...process.env };
  Object.assign(process.env, {
    NODE_ENV: 'test',
    DATA_DIR: app.dataDir,
    LOG_LEVEL: 'silent',
    MONGODB_URI: '',
  });
  try {
    const code = await run(args);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    process.env = saved;
    log.mockRestore();
    error.mockRestore();
  }
}

describe('firstline technicians (CLI) against the running app', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.stop());

  const me = (token: string) =>
    fetch(`${app.url}/api/console/me`, { headers: { authorization: `Bearer ${token}` } }).then(async (r) => ({
      status: r.status,
      body: (await r.json()) as { technician?: { id: string; name: string; role: string; skills: string[] } },
    }));

  it('add --json prints exactly {id, token}, and the token signs in to /api/console/me', async () => {
    const result = await cli(app, [
      'add',
      'Ada',
      'Lovelace',
      '--role',
      'lead',
      '--skills',
      'VPN,printers',
      '--languages',
      'en,de',
      '--json',
    ]);
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.out) as Record<string, string>;
    expect(Object.keys(printed).sort()).toEqual(['id', 'token']);
    expect(printed.token).toMatch(/^flt_[\w-]{20,}$/);
    const res = await me(printed.token!);
    expect(res.status).toBe(200);
    expect(res.body.technician).toMatchObject({
      id: printed.id,
      name: 'Ada Lovelace',
      role: 'lead',
      skills: ['vpn', 'printers'],
    });
  });

  it('list, set-role and revoke work on the same store', async () => {
    const added = JSON.parse((await cli(app, ['add', 'Grace', '--json'])).out) as {
      id: string;
      token: string;
    };
    const listed = await cli(app, ['list', '--json']);
    const all = JSON.parse(listed.out) as { id: string; role: string }[];
    expect(all.find((t) => t.id === added.id)).toMatchObject({ role: 'technician' });
    expect(listed.out).not.toContain('tokenHash');

    expect((await cli(app, ['set-role', added.id, 'admin'])).code).toBe(0);
    expect((await me(added.token)).body.technician?.role).toBe('admin');

    const revoked = JSON.parse((await cli(app, ['revoke', added.id, '--json'])).out) as {
      id: string;
      token: string;
    };
    expect(revoked.id).toBe(added.id);
    expect((await me(added.token)).status).toBe(401);
    expect((await me(revoked.token)).status).toBe(200);
  });

  it('refuses bad input with a usage error', async () => {
    expect((await cli(app, ['add', 'X', '--role', 'boss'])).code).toBe(2);
    expect((await cli(app, ['add', 'X', '--languages', 'fr'])).code).toBe(2);
    expect((await cli(app, ['add'])).code).toBe(2);
    expect((await cli(app, ['frobnicate'])).code).toBe(2);
    expect((await cli(app, ['set-role', 'no-such-id', 'lead'])).code).toBe(1);
  });

  it('app shutdown ends an open live feed promptly (runs last: it stops the app)', async () => {
    const { token } = JSON.parse((await cli(app, ['add', 'Feed', '--json'])).out) as { token: string };
    const controller = new AbortController();
    const res = await fetch(`${app.url}/api/console/events`, {
      headers: { authorization: `Bearer ${token}` },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    const reading = res.body!.pipeTo(new WritableStream()).catch(() => undefined);
    const started = Date.now();
    await app.stop();
    await reading;
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
