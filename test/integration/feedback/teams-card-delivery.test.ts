import fs from 'node:fs';
import type { OutboxItem } from '../../../src/feedback';
import { contentWithTeamContact } from '../../helpers/feedback-content';
import { FakeTeamsConnector } from '../../helpers/fake-teams-connector';
import { startApp, type RunningApp } from '../../helpers/in-process-app';
import { WebChatUser } from '../conversation/web-chat-user';

jest.setTimeout(120_000);

const TECHNICIANS = '19:5f4e3d2c1b0a99887766aabb9d8c7b6a@thread.tacv2';
const NETWORK = '19:0a1b2c3d4e5f60718293a4b5c6d7e8f9@thread.tacv2';
const TENANT = 'b3a1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

/** A team reached by a Teams channel gets a card there (a new thread), through the same outbox. */
describe('feedback to the owning team as a Teams card', () => {
  const connector = new FakeTeamsConnector();
  let running: RunningApp;
  let contentDir: string;

  beforeAll(async () => {
    const serviceUrl = await connector.start();
    contentDir = contentWithTeamContact('network-team', { teamsChannel: NETWORK });
    running = await startApp({
      CONTENT_DIR: contentDir,
      TEAMS_TECHNICIANS_CHANNEL_ID: TECHNICIANS,
      TEAMS_TECHNICIANS_SERVICE_URL: serviceUrl,
      TEAMS_TENANT_ID: TENANT,
      FEEDBACK_DELIVERY_INTERVAL_SECONDS: '3600',
    });
  });

  afterAll(async () => {
    await running?.stop();
    await connector.stop();
    fs.rmSync(contentDir, { recursive: true, force: true });
  });

  it("posts one card in the team's channel with the remark and its topic", async () => {
    const user = await WebChatUser.start(running.url);
    await user.say('my vpn does not connect');
    await user.say('the VPN guide was useless');
    user.end();
    await running.app.idle();

    expect(await running.app.feedback.job.runNow()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await running.app.feedback.job.runNow()).toEqual({ sent: 0, retried: 0, failed: 0 });
    const cards = connector.threads.filter((t) => t.parameters.channelData?.channel?.id === NETWORK);
    expect(cards).toHaveLength(1);
    expect(cards[0]!.parameters.tenantId).toBe(TENANT);
    const content = JSON.stringify(cards[0]!.parameters.activity?.attachments?.[0]?.content);
    expect(content).toContain('Feedback on VPN');
    expect(content).toContain('the VPN guide was useless');
    const [item] = await running.app.storage.collection<OutboxItem>('feedback_outbox').find();
    expect(item).toMatchObject({ channel: 'teams', target: NETWORK, state: 'sent' });
  });
});
