import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectorActivity } from '../helpers/fake-connector';
import { teamsActivity } from '../fixtures/teams/teams-fixtures';
import { FakeTeamsConnector, type CreatedThread } from '../helpers/fake-teams-connector';
import { startApp, type RunningApp } from '../helpers/in-process-app';

const CHANNEL = '19:9d8c7b6a5f4e3d2c1b0a99887766aabb@thread.tacv2';
const TENANT = 'b3a1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const LEAD = { name: 'Lena Fischer', aadObjectId: '6a1b2c3d-0000-4000-8000-00000000b001' };
const USER_CONVERSATION = 'a:1Xy7-personal-chat-with-ana';

/**
 * Two instances of FirstLine on one database, as behind a load balancer: Teams may deliver any
 * activity to either. Nothing the technicians' channel needs may live in one instance's memory.
 */
describe("the Teams technicians' channel across two instances", () => {
  const connector = new FakeTeamsConnector();
  let serviceUrl: string;
  let a: RunningApp;
  let b: RunningApp;
  let thread: CreatedThread;
  let seq = 1_700_000_200_000;

  beforeAll(async () => {
    serviceUrl = await connector.start();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-technician-channel-'));
    const env = {
      DATA_DIR: dataDir,
      TEAMS_TECHNICIANS_CHANNEL_ID: CHANNEL,
      TEAMS_TECHNICIANS_SERVICE_URL: serviceUrl,
      TEAMS_TENANT_ID: TENANT,
      SUPPORT_CONFIG_FILE: path.join(__dirname, '../fixtures/teams/support-always-open.yaml'),
    };
    a = await startApp(env);
    b = await startApp(env);
    await a.app.handoff!.technicians.create({
      name: LEAD.name,
      role: 'lead',
      languages: ['en'],
      availability: 'online',
      aad: { tenantId: TENANT, objectId: LEAD.aadObjectId },
    });
  });
  afterAll(async () => {
    await a.stop();
    await b.stop();
    await connector.stop();
  });

  const post = (app: RunningApp, activity: Record<string, unknown>) =>
    fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });

  const fromUser = (text: string) =>
    connectorActivity(serviceUrl, {
      conversation: { id: USER_CONVERSATION, conversationType: 'personal', tenantId: TENANT },
      channelData: { tenant: { id: TENANT } },
      text,
      locale: 'en-GB',
    });

  const technician = (
    fixture: 'thread-reply.message' | 'card-action-submit.message',
    values: Record<string, string>,
  ) =>
    teamsActivity(fixture, {
      ...LEAD,
      serviceUrl,
      tenantId: TENANT,
      channelId: CHANNEL,
      rootId: thread.activityId,
      messageId: String(seq++),
      ...values,
    });

  /**
   * Turns finished on both instances and the relay caught up; only the lease holder's relay works,
   * so a third pass on `a` mirrors what `b`'s turns stored after `a` went idle.
   */
  const bothIdle = async (): Promise<void> => {
    await a.app.idle();
    await b.app.idle();
    await a.app.idle();
  };
  const userMessages = () => connector.inner.messages(USER_CONVERSATION).map((m) => m.activity.text ?? '');
  const threadLines = () => connector.messages(thread.conversationId).map((m) => m.activity.text ?? '');

  it('posts the card of a Teams user’s hand-over exactly once', async () => {
    // Asked what the problem is first, the user insists on a person.
    expect((await post(a, fromUser('talk to a person'))).status).toBe(200);
    expect((await post(a, fromUser('talk to a person'))).status).toBe(200);
    thread = await connector.waitFor('the card', () => connector.threads[0]);
    await bothIdle();
    expect(connector.threads).toHaveLength(1);
    const handoff = await b.app.handoff!.queue.ownerOf(USER_CONVERSATION);
    expect(handoff?.user).toMatchObject({ name: 'Ana Popescu', tenantId: TENANT });
  });

  it('claims with Action.Submit on the other instance; the card is updated once for everyone', async () => {
    const handoff = (await b.app.handoff!.queue.ownerOf(USER_CONVERSATION))!;
    const submit = technician('card-action-submit.message', {
      data: JSON.stringify({ verb: 'claim', handoffId: handoff.id }),
    });
    expect((await post(b, submit)).status).toBe(200);
    await connector.waitFor('the claimed card', () =>
      connector.updates.find((u) => JSON.stringify(u.activity).includes('Claimed by Lena Fischer.')),
    );
    await connector.waitFor('the user told', () => userMessages().find((t) => t.includes('Lena Fischer')));
    await bothIdle();
    const claimedCards = connector.updates.filter((u) => JSON.stringify(u.activity).includes('Claimed by'));
    expect(claimedCards).toHaveLength(1);
  });

  it('relays replies both ways whichever instance receives them, each once', async () => {
    expect(
      (
        await post(
          a,
          technician('thread-reply.message', { text: 'Which printer is it?', html: 'Which printer is it?' }),
        )
      ).status,
    ).toBe(200);
    await connector.waitFor('the reply at the user', () =>
      userMessages().find((t) => t === '**Lena Fischer:** Which printer is it?'),
    );
    expect((await post(b, fromUser('The one next to the kitchen'))).status).toBe(200);
    await connector.waitFor('the user in the thread', () =>
      threadLines().find((t) => t === 'Ana Popescu (user): The one next to the kitchen'),
    );
    await bothIdle();
    expect(threadLines().filter((t) => t.includes('next to the kitchen'))).toHaveLength(1);
    expect(userMessages().filter((t) => t.includes('Which printer'))).toHaveLength(1);
  });

  it('resolves with Action.Submit: the Teams user is told and the card says so', async () => {
    const handoff = (await a.app.handoff!.queue.ownerOf(USER_CONVERSATION))!;
    const submit = technician('card-action-submit.message', {
      data: JSON.stringify({
        verb: 'resolve',
        handoffId: handoff.id,
        note: 'Cleared the paper jam remotely',
      }),
    });
    expect((await post(a, submit)).status).toBe(200);
    await connector.waitFor('the resolved notice', () =>
      userMessages().find((t) => t.includes('has marked ticket') && t.includes(handoff.ticketNumber)),
    );
    await connector.waitFor('the resolved card', () =>
      connector.updates.find((u) => JSON.stringify(u.activity).includes('Resolved by Lena Fischer.')),
    );
    expect(await a.app.handoff!.queue.ownerOf(USER_CONVERSATION)).toBeUndefined();
  });
});
