import { FakeConnector, connectorActivity } from '../helpers/fake-connector';
import { startApp, type RunningApp } from '../helpers/in-process-app';

const BOT = { id: '28:firstline-bot', name: 'FirstLine' };
const MENTION = '<at>FirstLine</at>';

function mention(text = MENTION) {
  return { type: 'mention', text, mentioned: BOT };
}

/**
 * Team channels and group chats through POST /api/messages and the local Bot Connector: the bot
 * answers what mentions it (understood without the mention), presses on its cards and replies in
 * threads it answers in, and stays out of everything else. The post returns when the turn is over,
 * so what the connector holds then is all the bot said.
 */
describe('Teams: mentions in team channels and group chats', () => {
  let running: RunningApp;
  const connector = new FakeConnector();
  let serviceUrl: string;

  beforeAll(async () => {
    serviceUrl = await connector.start();
    running = await startApp();
  });
  afterAll(async () => {
    await running.stop();
    await connector.stop();
  });

  async function post(overrides: Record<string, unknown>): Promise<void> {
    const res = await fetch(`${running.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(connectorActivity(serviceUrl, overrides)),
    });
    expect(res.status).toBe(200);
  }

  function repliesIn(conversationId: string): string[] {
    const path = `/v3/conversations/${encodeURIComponent(conversationId)}/activities`;
    return connector.received
      .filter((r) => r.activity.type === 'message' && r.path.startsWith(path))
      .map((r) => r.activity.text ?? '');
  }

  function userTranscript(conversationId: string) {
    return running.app.storage.transcripts
      .list(conversationId)
      .then((entries) => entries.filter((e) => e.direction === 'incoming').map((e) => e.text));
  }

  it('in a channel, "<at>FirstLine</at> help" is understood as "help"; unmentioned posts get nothing', async () => {
    const root = { id: '19:general@thread.tacv2;messageid=1001', conversationType: 'channel' };
    await post({ conversation: root, text: 'anyone know when lunch is?' });
    expect(repliesIn(root.id)).toEqual([]);
    expect(await userTranscript(root.id)).toEqual([]);

    await post({ conversation: root, text: `${MENTION} help`, entities: [mention()] });
    const [answer] = repliesIn(root.id);
    // The same answer a 1:1 chat gets for "help": the mention did not change what was understood.
    const personal = { id: 'a:mentions-personal', conversationType: 'personal' };
    await post({ conversation: personal, text: 'help' });
    expect(answer).toBeDefined();
    expect(answer).toBe(repliesIn(personal.id)[0]);
    expect(await userTranscript(root.id)).toEqual(['help']);
  });

  it('keeps answering in a channel thread it answers in, without a mention', async () => {
    const thread = { id: '19:general@thread.tacv2;messageid=2002', conversationType: 'channel' };
    await post({
      conversation: thread,
      text: `${MENTION} my vpn keeps disconnecting`,
      entities: [mention()],
    });
    const first = repliesIn(thread.id).length;
    expect(first).toBeGreaterThan(0);
    await post({ conversation: thread, text: 'it started this morning' });
    expect(repliesIn(thread.id).length).toBeGreaterThan(first);

    // Another thread in the same channel, never mentioned: not the bot's business.
    const other = { id: '19:general@thread.tacv2;messageid=3003', conversationType: 'channel' };
    await post({ conversation: other, text: 'my vpn keeps disconnecting' });
    expect(repliesIn(other.id)).toEqual([]);
  });

  it('in a group chat answers only when mentioned, and takes presses on its cards', async () => {
    const group = { id: '19:group-chat@thread.v2', conversationType: 'groupChat' };
    await post({ conversation: group, text: 'did you see the game?' });
    expect(repliesIn(group.id)).toEqual([]);
    await post({
      conversation: group,
      text: `Hi ${MENTION}, my printer is jammed`,
      entities: [mention()],
    });
    const asked = repliesIn(group.id).length;
    expect(asked).toBeGreaterThan(0);
    expect(await userTranscript(group.id)).toEqual(['Hi, my printer is jammed']);
    await post({ conversation: group, text: '', value: { firstlineChoice: 'anything' } });
    expect(repliesIn(group.id).length).toBeGreaterThan(asked);
  });

  it('leaves 1:1 chats as they are', async () => {
    const personal = { id: 'a:mentions-personal-2', conversationType: 'personal' };
    await post({ conversation: personal, text: 'hello' });
    expect(repliesIn(personal.id).length).toBeGreaterThan(0);
  });
});
