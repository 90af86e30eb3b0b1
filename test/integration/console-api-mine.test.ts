import { api, startConsoleHarness, type ConsoleHarness } from '../unit/console/console-harness';

describe('console API: my hand-overs', () => {
  let h: ConsoleHarness;
  beforeAll(async () => {
    h = await startConsoleHarness();
  });
  afterAll(() => h.stop());

  it('lists the live hand-overs assigned to the caller and nobody else', async () => {
    const ada = await h.addTechnician('technician', { name: 'Ada' });
    const ben = await h.addTechnician('technician', { name: 'Ben' });
    const first = await h.queueHandoff();
    const second = await h.queueHandoff();
    const third = await h.queueHandoff();
    for (const [handoff, tech] of [
      [first, ada],
      [second, ben],
      [third, ada],
    ] as const) {
      expect(
        (await api(`${h.url}/api/console/handoffs/${handoff.id}/claim`, tech.token, 'POST')).status,
      ).toBe(200);
    }
    const mine = await api(`${h.url}/api/console/my-handoffs`, ada.token, 'GET');
    expect(mine.status).toBe(200);
    const ids = (mine.body.handoffs as { id: string }[]).map((x) => x.id);
    expect(ids).toEqual([first.id, third.id]);

    await api(`${h.url}/api/console/handoffs/${first.id}/hand-back`, ada.token, 'POST');
    const after = await api(`${h.url}/api/console/my-handoffs`, ada.token, 'GET');
    expect((after.body.handoffs as { id: string }[]).map((x) => x.id)).toEqual([third.id]);
    expect((await api(`${h.url}/api/console/my-handoffs`, undefined, 'GET')).status).toBe(401);
  });
});
