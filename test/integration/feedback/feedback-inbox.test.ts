import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { contentWithTeamContact } from '../../helpers/feedback-content';
import { startApp, type RunningApp } from '../../helpers/in-process-app';
import { WebhookReceiver } from '../../helpers/webhook-receiver';
import { api } from '../../unit/console/console-harness';
import { WebChatUser } from '../conversation/web-chat-user';

jest.setTimeout(120_000);

/** The console's Feedback inbox over the real app: access, filters, status workflow, deliveries. */
describe('Feedback inbox (listFeedback, updateFeedback)', () => {
  let now = Date.parse('2027-03-01T09:00:00.000Z');
  const clock = () => new Date(now);
  const receiver = new WebhookReceiver();
  let running: RunningApp;
  let contentDir: string;
  let lead: string;
  let admin: string;
  let technician: string;

  beforeAll(async () => {
    const url = await receiver.start();
    contentDir = contentWithTeamContact('network-team', { webhook: { url, secret: 'network-hook' } });
    running = await startApp(
      {
        CONTENT_DIR: contentDir,
        FEEDBACK_WEBHOOK_SECRETS: `network-hook=${randomBytes(32).toString('hex')}`,
        FEEDBACK_DELIVERY_INTERVAL_SECONDS: '3600',
      },
      undefined,
      clock,
    );
    const technicians = running.app.handoff!.technicians;
    const create = async (role: 'technician' | 'lead' | 'admin') =>
      (await technicians.create({ name: role, role, skills: [], languages: ['en'], availability: 'online' }))
        .token;
    [lead, admin, technician] = [await create('lead'), await create('admin'), await create('technician')];
    const user = await WebChatUser.start(running.url);
    await user.say('my vpn does not connect');
    await user.say('the VPN guide was useless');
    await user.say('the printer steps were great');
    user.end();
    await running.app.idle();
  });

  afterAll(async () => {
    await running?.stop();
    await receiver.stop();
    fs.rmSync(contentDir, { recursive: true, force: true });
  });

  const list = (token: string | undefined, query = '') =>
    api(`${running.url}/api/console/feedback${query}`, token, 'GET');
  const update = (token: string | undefined, id: string, body: unknown) =>
    api(`${running.url}/api/console/feedback/${id}`, token, 'PATCH', body);
  type Item = Record<string, unknown> & { id: string; deliveries: Record<string, unknown>[] };
  const items = (body: Record<string, unknown>) => body.items as Item[];

  it('is for leads and admins: 401 without credentials, 403 for a technician', async () => {
    expect((await list(undefined)).status).toBe(401);
    expect((await list(technician)).status).toBe(403);
    expect((await update(technician, 'any', { status: 'done' })).status).toBe(403);
    expect((await list(admin)).status).toBe(200);
  });

  it('lists feedback by topic and team without who said it, with how each delivery went', async () => {
    const { status, body } = await list(lead);
    expect(status).toBe(200);
    // Both remarks were made at the same moment of the test's clock: found by topic, not by order.
    const all = items(body);
    expect(all).toHaveLength(2);
    const printer = all.find((item) => item.topic === 'printer');
    const vpn = all.find((item) => item.topic === 'network.vpn');
    expect(vpn).toMatchObject({
      topic: 'network.vpn',
      team: 'network-team',
      source: 'chat',
      sentiment: 'negative',
      status: 'new',
      deliveries: [{ channel: 'webhook', state: 'pending', attempts: 0 }],
    });
    // Workplace services have no way set in the shipped taxonomy: the inbox only.
    expect(printer).toMatchObject({
      topic: 'printer',
      team: 'workplace-team',
      sentiment: 'positive',
      deliveries: [],
    });
    expect(vpn).not.toHaveProperty('userId');
    expect(vpn).not.toHaveProperty('conversationId');

    await running.app.feedback.job.runNow();
    const after = items((await list(lead, '?team=network-team')).body);
    expect(after.map((i) => i.deliveries)).toEqual([
      [expect.objectContaining({ state: 'sent', attempts: 1 })],
    ]);
    expect(receiver.accepted).toHaveLength(1);
  });

  it('moves an item new → acknowledged → done, only forwards; bad input is a 4xx', async () => {
    const [vpn] = items((await list(lead, '?topic=network.vpn')).body);
    expect((await update(lead, vpn!.id, { status: 'new' })).status).toBe(400);
    expect((await update(lead, vpn!.id, { status: 'closed' })).status).toBe(400);
    expect((await update(lead, 'no-such-feedback', { status: 'done' })).status).toBe(404);
    now += 60_000;
    const acknowledged = await update(lead, vpn!.id, { status: 'acknowledged' });
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body.feedback).toMatchObject({
      status: 'acknowledged',
      statusAt: clock().toISOString(),
    });
    expect((await update(admin, vpn!.id, { status: 'acknowledged' })).status).toBe(409);
    expect((await update(admin, vpn!.id, { status: 'done' })).status).toBe(200);
    expect((await update(lead, vpn!.id, { status: 'acknowledged' })).status).toBe(409);

    expect(items((await list(lead, '?status=done')).body).map((i) => i.id)).toEqual([vpn!.id]);
    expect(items((await list(lead, '?status=new')).body).map((i) => i.topic)).toEqual(['printer']);
    expect((await list(lead, '?status=closed')).status).toBe(400);
    expect((await list(lead, '?limit=0')).status).toBe(400);
    expect((await list(lead, '?source=email')).status).toBe(400);
  });
});
