import type { Activity } from 'botbuilder';
import { FakeConnector, connectorActivity } from '../../helpers/fake-connector';
import { adaptiveCards, readable, ticketWorld } from './ticket-world';

// Teams through POST /api/messages and a local Bot Connector, on the whole app: the post returns
// when the turn is over, so what the connector holds then is all the bot said.
const world = ticketWorld();
const connector = new FakeConnector();
let serviceUrl: string;
beforeAll(async () => {
  serviceUrl = await connector.start();
});
afterAll(() => connector.stop());

const BOT = { id: '28:firstline-bot', name: 'FirstLine' };
const ANA = { id: '29:ticket-user', name: 'Ana Popescu', aadObjectId: 'aad-ticket-user' };
const PERSONAL = { id: 'a:ticket-user-personal', conversationType: 'personal', tenantId: 'tenant-1' };

async function post(text: string, overrides: Record<string, unknown> = {}): Promise<Partial<Activity>[]> {
  const conversation = (overrides.conversation as { id: string } | undefined) ?? PERSONAL;
  const before = connector.messages(conversation.id).length;
  const res = await fetch(`${world.app().url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(
      connectorActivity(serviceUrl, { from: ANA, conversation: PERSONAL, text, ...overrides }),
    ),
  });
  expect(res.status).toBe(200);
  return connector
    .messages(conversation.id)
    .slice(before)
    .map((r) => r.activity as Partial<Activity>);
}

describe('tickets in Teams', () => {
  it('shows the status and "my tickets" as Adaptive Cards in a 1:1 chat', async () => {
    const ticket = await world.ticketOf({ id: ANA.id, channelId: 'msteams', aadObjectId: ANA.aadObjectId });
    const status = await post(`status of ${ticket.number}`);
    expect(status).toHaveLength(1);
    expect(adaptiveCards(status[0]!)).toHaveLength(1);
    expect(readable(status)).toContain(`**${ticket.number}** The printer on floor 2 prints blank pages`);
    const mine = readable(await post('my tickets'));
    expect(mine.split('\n')[0]).toBe('Your tickets');
    expect(mine).toContain(ticket.number);
  });

  it('knows the user by their Entra account too; a web chat user never sees a Teams ticket', async () => {
    // Opened under another Teams id of the same person (e.g. another bot registration).
    const ticket = await world.ticketOf({
      id: '29:older-id',
      channelId: 'msteams',
      aadObjectId: ANA.aadObjectId,
    });
    expect(readable(await post(`status of ${ticket.number}`))).toContain(`**${ticket.number}**`);
    const stranger = { ...ANA, id: '29:someone-else', aadObjectId: 'aad-someone-else' };
    expect(readable(await post(`status of ${ticket.number}`, { from: stranger }))).toBe(
      `I can't find a ticket ${ticket.number} of yours. Write "my tickets" to see the ones you have.`,
    );
    expect(readable(await world.chat().send(`status of ${ticket.number}`))).toBe(
      `I can't find a ticket ${ticket.number} of yours. Write "my tickets" to see the ones you have.`,
    );
  });

  it('passes a comment straight on to the technician who has the ticket live', async () => {
    const reference = {
      conversation: { ...PERSONAL, isGroup: false, name: '' },
      serviceUrl,
      channelId: 'msteams',
      user: ANA,
      bot: BOT,
    };
    const { handoff, ticket } = await world.handoff().queue.request({
      reference,
      user: { id: ANA.id, name: ANA.name, aadObjectId: ANA.aadObjectId },
      language: 'en',
      channelId: 'msteams',
      reason: 'user-asked',
      category: 'printer',
    });
    const anna = await world.onlineTechnician({
      name: 'Anna Kowalczyk',
      skills: ['workplace'],
      languages: ['en'],
    });
    expect((await world.handoff().desk.claim(handoff.id, anna)).ok).toBe(true);

    // In a group chat, @mentioned: another conversation than the one the technician is in.
    const group = { id: '19:ticket-group@thread.v2', conversationType: 'groupChat', tenantId: 'tenant-1' };
    const replies = await post(`<at>FirstLine</at> add to ${ticket.number}: the printer now shows error 50`, {
      conversation: group,
      entities: [{ type: 'mention', text: '<at>FirstLine</at>', mentioned: BOT }],
    });
    expect(readable(replies)).toBe(
      `Done, I've added that to ticket **${ticket.number}** and passed it straight on to Anna, who is handling it.`,
    );
    const events = await world.consoleEvents();
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'message',
        handoffId: handoff.id,
        from: 'user',
        text: 'the printer now shows error 50',
      }),
    );
    const stored = await world.store().get(ticket.id);
    expect(stored?.replies?.map((r) => [r.by.kind, r.text])).toEqual([
      ['user', 'the printer now shows error 50'],
    ]);
  });
});
