import { TurnContext, type Activity } from 'botbuilder';
import { DirectLineAdapter } from '../../../../src/channels/directline/adapter';
import { LiveActivities } from '../../../../src/channels/directline/live-activities';
import { createDirectLineTestStorage, type TestStorage } from '../../../helpers/directline-test-storage';

describe('DirectLineAdapter', () => {
  let storage: TestStorage;
  let adapter: DirectLineAdapter;
  let signalled: string[];
  let live: LiveActivities;
  let liveSeen: Record<string, unknown>[];

  beforeEach(async () => {
    storage = await createDirectLineTestStorage();
    signalled = [];
    storage.backend.signals.subscribe('conv', () => signalled.push('conv'));
    await storage.backend.directLine.createConversation({
      id: 'conv',
      userId: 'dl_u',
      createdAt: new Date().toISOString(),
    });
    live = new LiveActivities();
    liveSeen = [];
    live.subscribe('conv', (activity) => liveSeen.push(activity));
    adapter = new DirectLineAdapter({
      store: storage.backend.directLine,
      signals: storage.backend.signals,
      live,
      botName: 'Helpdesk',
      serviceUrl: 'https://desk.example/v3/directline',
    });
  });

  afterEach(() => storage.dispose());

  function incoming(text: string): Partial<Activity> {
    return {
      type: 'message',
      id: 'conv|0000000',
      text,
      channelId: 'directline',
      serviceUrl: adapter.serviceUrl,
      conversation: { id: 'conv' } as Activity['conversation'],
      from: { id: 'dl_u', name: '', role: 'user' },
      recipient: adapter.bot,
    };
  }

  test('replies go straight into the log, from the bot, with ids and replyToId, and signal listeners', async () => {
    let responses: unknown;
    await adapter.processIncoming(incoming('hi'), async (context) => {
      responses = await context.sendActivities([{ type: 'typing' }, { type: 'message', text: 'hello back' }]);
    });
    const log = await storage.backend.directLine.listActivities('conv', 0);
    // Typing goes to open streams only; the log keeps the message.
    expect(log.map((r) => r.activity.type)).toEqual(['message']);
    expect(liveSeen).toEqual([
      expect.objectContaining({ type: 'typing', from: expect.objectContaining({ role: 'bot' }) }),
    ]);
    expect(responses).toEqual([{ id: expect.stringMatching(/^conv\|typing-/) }, { id: 'conv|0000000' }]);
    expect(log[0]?.activity).toMatchObject({
      id: 'conv|0000000',
      text: 'hello back',
      from: { id: 'firstline-bot', name: 'Helpdesk', role: 'bot' },
      recipient: { id: 'dl_u', role: 'user' },
      conversation: { id: 'conv' },
      channelId: 'directline',
      serviceUrl: 'https://desk.example/v3/directline',
      replyToId: 'conv|0000000',
    });
    expect(typeof log[0]?.activity.timestamp).toBe('string');
    expect(signalled).toEqual(['conv']);
  });

  test('middleware runs and trace activities are not delivered', async () => {
    const seen: string[] = [];
    adapter.use(async (context, next) => {
      seen.push(context.activity.text ?? '');
      await next();
    });
    await adapter.processIncoming(incoming('with middleware'), async (context) => {
      await context.sendTraceActivity('debug', { secret: 'internal' });
      await context.sendActivity('ok');
    });
    expect(seen).toEqual(['with middleware']);
    const log = await storage.backend.directLine.listActivities('conv', 0);
    expect(log.map((r) => r.activity.text)).toEqual(['ok']);
  });

  test('onTurnError sees a failing turn', async () => {
    const errors: string[] = [];
    adapter.onTurnError = async (_context, error) => {
      errors.push(error.message);
    };
    await adapter.processIncoming(incoming('boom'), async () => {
      throw new Error('boom');
    });
    expect(errors).toEqual(['boom']);
  });

  test('update and delete are refused clearly', async () => {
    const context = new TurnContext(adapter, incoming('x'));
    await expect(context.updateActivity({ id: 'conv|0000000', type: 'message' })).rejects.toThrow(
      /cannot update/,
    );
    await expect(context.deleteActivity('conv|0000000')).rejects.toThrow(/cannot delete/);
  });

  test('continueConversationAsync sends proactively, with either overload', async () => {
    const reference = TurnContext.getConversationReference(incoming('x'));
    await adapter.continueConversationAsync('app', reference, async (context) => {
      expect(context.activity.type).toBe('event');
      await context.sendActivity('first');
    });
    await adapter.continueConversationAsync({} as never, reference, 'audience', async (context) => {
      await context.sendActivity('second');
    });
    const log = await storage.backend.directLine.listActivities('conv', 0);
    expect(log.map((r) => [r.activity.text, (r.activity.recipient as { id: string }).id])).toEqual([
      ['first', 'dl_u'],
      ['second', 'dl_u'],
    ]);
  });
});
