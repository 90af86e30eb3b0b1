import { FakeConnector, connectorActivity } from '../helpers/fake-connector';
import { startApp, type RunningApp } from '../helpers/in-process-app';

/**
 * A channel that thinks a delivery was lost sends the same activity again: Web Chat re-posts with
 * the same client activity id, Teams and the Azure channels re-send the same activity id. Either
 * way the bot answers once (one mechanism, src/storage/deliveries.ts), on the app as createApp builds it.
 */
describe('a redelivered activity is answered once', () => {
  let running: RunningApp;
  const connector = new FakeConnector();
  let serviceUrl: string;

  beforeAll(async () => {
    serviceUrl = await connector.start();
    running = await startApp({ RATE_LIMIT_MESSAGES_PER_MINUTE: '1000' });
  });
  afterAll(async () => {
    await running.stop();
    await connector.stop();
  });

  it('through Direct Line: the same client activity id posted at once and again later', async () => {
    const started = await fetch(`${running.url}/v3/directline/conversations`, { method: 'POST' });
    const { conversationId, token } = (await started.json()) as { conversationId: string; token: string };
    const activities = `${running.url}/v3/directline/conversations/${conversationId}/activities`;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const body = JSON.stringify({
      type: 'message',
      from: { id: 'someone' },
      text: 'my printer is not printing anything',
      channelData: { clientActivityID: 'web-chat-retry-1' },
    });
    const post = async () => {
      const res = await fetch(activities, { method: 'POST', headers, body });
      expect(res.status).toBe(200);
      return ((await res.json()) as { id: string }).id;
    };

    const ids = await Promise.all([post(), post(), post()]);
    ids.push(await post());
    await running.app.idle();

    expect(new Set(ids).size).toBe(1);
    const log = (await (await fetch(`${activities}?watermark=0`, { headers })).json()) as {
      activities: { id: string; replyToId?: string; from: { role?: string }; type: string }[];
    };
    const fromUser = log.activities.filter((a) => a.from.role === 'user');
    expect(fromUser.map((a) => a.id)).toEqual([ids[0]]);
    const replies = log.activities.filter((a) => a.type === 'message' && a.replyToId === ids[0]);
    expect(replies.length).toBeGreaterThan(0);
    const transcript = await running.app.storage.transcripts.list(conversationId);
    expect(transcript.filter((e) => e.direction === 'incoming' && e.type === 'message')).toHaveLength(1);
    const answered = transcript.filter((e) => e.direction === 'outgoing').length;

    // A redelivery long after the first was answered changes nothing either.
    expect(await post()).toBe(ids[0]);
    await running.app.idle();
    const after = await running.app.storage.transcripts.list(conversationId);
    expect(after.filter((e) => e.direction === 'outgoing')).toHaveLength(answered);
    expect(after.filter((e) => e.direction === 'incoming' && e.type === 'message')).toHaveLength(1);
  });

  it('through /api/messages: the same activity id sent again after it was answered', async () => {
    const activity = JSON.stringify(
      connectorActivity(serviceUrl, { id: 'teams-retry-1', conversation: { id: 'conv-redelivered' } }),
    );
    const post = () =>
      fetch(`${running.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: activity,
      });
    expect((await post()).status).toBe(200);
    await running.app.idle();
    const answered = connector.messages('conv-redelivered').length;
    expect(answered).toBeGreaterThan(0);

    expect((await post()).status).toBe(200);
    await running.app.idle();
    expect(connector.messages('conv-redelivered')).toHaveLength(answered);
    const transcript = await running.app.storage.transcripts.list('conv-redelivered');
    expect(transcript.filter((e) => e.direction === 'incoming' && e.type === 'message')).toHaveLength(1);
  });
});
