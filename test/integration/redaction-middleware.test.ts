import {
  ActivityTypes,
  MemoryStorage,
  MemoryTranscriptStore,
  TestAdapter,
  TranscriptLoggerMiddleware,
  type TurnContext,
} from 'botbuilder';
import {
  createRedactionPipeline,
  createRedactor,
  expectNoCanary,
  redactionMiddleware,
  redactionNotice,
  type RedactionFinding,
} from '../../src/privacy';
import { setTurnRedactions, turnRedactions } from '../../src/turn';
import { shippedPrivacy } from '../helpers/shipped-content';

const CANARY = 'Zebra!Canary-4711';

/** A bot that echoes and stores what it sees, the way a careless handler would. */
function setup(options: { redactOutgoing?: boolean } = {}) {
  const transcripts = new MemoryTranscriptStore();
  const storage = new MemoryStorage();
  const seen: unknown[] = [];
  const notified: RedactionFinding[][] = [];
  const adapter = new TestAdapter(async (context: TurnContext) => {
    seen.push(context.activity.text, context.activity.value, turnRedactions(context));
    seen.push(context.activity.channelData, context.activity.speak, context.activity.suggestedActions);
    await storage.write({ [`last:${context.activity.id}`]: { text: context.activity.text } });
    const notice = redactionNotice(turnRedactions(context), 'en', shippedPrivacy().messages);
    if (notice) await context.sendActivity(notice);
    await context.sendActivity(`You said: ${context.activity.text ?? ''}`);
  })
    .use(
      redactionMiddleware(createRedactionPipeline(createRedactor(shippedPrivacy()), { state: storage }), {
        // As the bot wires it: the turn context carries the findings to the secret notice.
        onFindings: (ctx, findings) => {
          notified.push(findings);
          setTurnRedactions(ctx, findings);
        },
        redactOutgoing: options.redactOutgoing,
      }),
    )
    .use(new TranscriptLoggerMiddleware(transcripts));
  return { adapter, transcripts, storage, seen, notified };
}

describe('redactionMiddleware', () => {
  it('removes a typed canary password before the bot, transcript and storage see it', async () => {
    const { adapter, transcripts, storage, seen, notified } = setup();
    await adapter
      .send(`my password is ${CANARY} and VPN fails`)
      .assertReply((reply) => expect(reply.text).toMatch(/removed what looked like a password/))
      .assertReply('You said: my password is [password removed] and VPN fails');
    expect(notified).toHaveLength(1);
    expect(notified[0]?.[0]?.kind).toBe('password');
    expectNoCanary(seen, CANARY);
    const logged = await transcripts.getTranscriptActivities('test', 'Convo1');
    expect(logged.items.length).toBeGreaterThan(0);
    expectNoCanary(logged.items, CANARY);
    expectNoCanary((storage as unknown as { memory: unknown }).memory, CANARY);
  });

  it('redacts Adaptive Card submissions and Teams HTML attachments', async () => {
    const { adapter, seen } = setup();
    await adapter
      .send({
        type: ActivityTypes.Message,
        value: { form: { pin: `PIN: 4821`, note: `password: ${CANARY}` } },
        attachments: [{ contentType: 'text/html', content: `<div>password: ${CANARY}</div>` }],
      })
      .assertReply((reply) => expect(reply.text).toMatch(/password/))
      .assertReply('You said: ');
    expectNoCanary(seen, CANARY);
    expect(JSON.stringify(seen)).not.toContain('4821');
  });

  it('records an empty finding list when nothing was removed, and says nothing', async () => {
    const { adapter, seen, notified } = setup();
    await adapter.send('Outlook will not start').assertReply('You said: Outlook will not start');
    expect(notified).toEqual([]);
    expect(seen[2]).toEqual([]);
  });

  it('removes a password sent on its own after "my password is", and the notice says so', async () => {
    const { adapter, seen, storage } = setup();
    await adapter
      .send('my password is')
      .assertReply('You said: my password is')
      .send(CANARY)
      .assertReply((reply) => expect(reply.text).toMatch(/removed what looked like a password/))
      .assertReply('You said: [password removed]')
      .send('Outlook2016 still fails')
      .assertReply('You said: Outlook2016 still fails');
    expectNoCanary(seen, CANARY);
    expectNoCanary((storage as unknown as { memory: unknown }).memory, CANARY);
  });

  it('redacts channelData, speak, suggested actions and event values too', async () => {
    const { adapter, seen } = setup();
    await adapter
      .send({
        type: ActivityTypes.Event,
        name: 'webchat/join',
        value: { note: `${CANARY} is my password` },
        channelData: { draft: `pw: ${CANARY}` },
        speak: `password: ${CANARY}`,
        suggestedActions: { to: [], actions: [{ type: 'imBack', title: 'x', value: `password: ${CANARY}` }] },
      })
      .assertReply((reply) => expect(reply.text).toMatch(/password/))
      .assertReply('You said: ');
    expectNoCanary(seen, CANARY);
  });

  it('redacts what the bot itself sends', async () => {
    const adapter = new TestAdapter(async (context) => {
      await context.sendActivity(`relayed from technician: card 4532015112830366`);
    }).use(redactionMiddleware(createRedactionPipeline(createRedactor(shippedPrivacy()))));
    await adapter.send('hi').assertReply('relayed from technician: card [card number removed]');
  });
});
