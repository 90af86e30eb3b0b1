import { startApp, type RunningApp } from '../helpers/in-process-app';
import { alwaysOpenSupportFile } from '../helpers/support-hours';

interface Session {
  cookie: string;
  csrf: string;
}

interface MeBody {
  technician: {
    availability: string;
    notifications?: { desktop: boolean; sound: boolean; badge: boolean };
    tokenHash?: string;
  };
}

// The real app: availability and notification switches live on the technician record, so they
// outlast the console session that set them.
describe('a technician’s availability and notification switches between sign-ins', () => {
  let running: RunningApp;
  let token: string;

  beforeAll(async () => {
    running = await startApp({ SUPPORT_CONFIG_FILE: alwaysOpenSupportFile() });
    ({ token } = await running.app.handoff!.technicians.create({ name: 'Ada', languages: ['en'] }));
  });
  afterAll(() => running.stop());

  async function signIn(): Promise<Session> {
    const res = await fetch(`${running.url}/api/console/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    expect(res.status).toBe(200);
    const { csrf } = (await res.json()) as { csrf: string };
    return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!, csrf };
  }

  async function call(session: Session, method: string, path: string, body?: unknown) {
    const res = await fetch(`${running.url}${path}`, {
      method,
      headers: {
        cookie: session.cookie,
        'x-firstline-csrf': session.csrf,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as unknown };
  }

  const me = async (session: Session) => (await call(session, 'GET', '/api/console/me')).body as MeBody;

  it('keeps the last availability and switches after signing out and in again', async () => {
    const first = await signIn();
    // Never set: offline, and no switches stored (the page uses its defaults).
    expect((await me(first)).technician).toMatchObject({ availability: 'offline' });
    expect((await me(first)).technician.notifications).toBeUndefined();

    expect(
      (await call(first, 'PUT', '/api/console/me/availability', { availability: 'online' })).status,
    ).toBe(200);
    const switched = await call(first, 'PUT', '/api/console/me/notifications', {
      desktop: true,
      sound: false,
      badge: true,
    });
    expect(switched).toMatchObject({
      status: 200,
      body: { technician: { notifications: { desktop: true, sound: false, badge: true } } },
    });
    expect((await call(first, 'POST', '/api/console/logout', {})).status).toBe(204);
    expect((await call(first, 'GET', '/api/console/me')).status).toBe(401);

    const second = await signIn();
    const again = (await me(second)).technician;
    expect(again).toMatchObject({
      availability: 'online',
      notifications: { desktop: true, sound: false, badge: true },
    });
    expect(again.tokenHash).toBeUndefined();
    // Routing sees it too: the technician counts as online for the queue.
    const online = await running.app.handoff!.technicians.online();
    expect(online.map((t) => t.name)).toContain('Ada');

    await call(second, 'PUT', '/api/console/me/availability', { availability: 'away' });
    const third = await signIn();
    expect((await me(third)).technician.availability).toBe('away');
  });

  it('refuses malformed switches with 400 and keeps what was stored', async () => {
    const session = await signIn();
    const before = (await me(session)).technician.notifications;
    for (const bad of [
      { desktop: 'yes', sound: true, badge: true },
      { desktop: true, sound: true },
      { desktop: true, sound: true, badge: true, volume: 11 },
    ]) {
      const res = await call(session, 'PUT', '/api/console/me/notifications', bad);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'BadArgument' } });
    }
    expect((await me(session)).technician.notifications).toEqual(before);
    const anonymous = await fetch(`${running.url}/api/console/me/notifications`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ desktop: true, sound: true, badge: true }),
    });
    expect(anonymous.status).toBe(401);
  });
});
