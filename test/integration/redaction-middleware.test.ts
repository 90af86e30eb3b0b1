import {
  ActivityTypes,
  MemoryStorage,
  MemoryTranscriptStore,
  TestAdapter,
  TranscriptLoggerMiddleware,
  type TurnContext,
} from 'botbuilder';
import {
  createRedactor,
  expectNoCanary,
  redactionMiddleware,
  redactionNotice,
  REDACTION_FINDINGS_KEY,
  turnRedactionFindings,
  type RedactionFinding,
} from '../../src/privacy';

const CANARY = 'Zebra!Canary-4711';

/** A bot that echoes and stores what it sees, the way a careless handler would. */
function setup(options: { redactOutgoing?: boolean } = {}) {
  const transcripts = new MemoryTranscriptStore();
  const storage = new MemoryStorage();
  const seen: unknown[] = [];
  const notified: RedactionFinding[][] = [];
  const adapter = new TestAdapter(async (context: TurnContext) => {
    seen.push(context.activity.text, context.activity.value, turnRedactionFindings(context));
    await storage.write({ [`last:${context.activity.id}`]: { text: context.activity.text } });
    const notice = redactionNotice(turnRedactionFindings(context), 'en');
    if (notice) await context.sendActivity(notice);
    await context.sendActivity(`You said: ${context.activity.text ?? ''}`);
  })
    .use(
      redactionMiddleware(createRedactor(), {
        onFindings: (_ctx, findings) => void notified.push(findings),
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
    expect(typeof REDACTION_FINDINGS_KEY).toBe('symbol');
  });

  it('can redact what the bot itself sends', async () => {
    const adapter = new TestAdapter(async (context) => {
      await context.sendActivity(`relayed from technician: card 4532015112830366`);
    }).use(redactionMiddleware(createRedactor(), { redactOutgoing: true }));
    await adapter.send('hi').assertReply('relayed from technician: card [card number removed]');
  });
});
