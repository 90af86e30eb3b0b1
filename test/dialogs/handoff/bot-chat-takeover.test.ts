import type { NewTechnician } from '../../../src/technicians';
import { ProductionApp, type ProductionChat } from '../../helpers/production-chat';
import { alwaysOpenSupportFile, visible } from '../chat-harness';

// The whole app as createApp builds it, always open, on a clock the tests set.
const now = { value: new Date('2026-11-23T10:00:00Z') };
let app: ProductionApp;
beforeAll(async () => {
  app = await ProductionApp.start(
    { SUPPORT_CONFIG_FILE: alwaysOpenSupportFile(), RATE_LIMIT_CONVERSATIONS_PER_MINUTE: '10000' },
    () => now.value,
  );
}, 120_000);
afterAll(() => app.stop());

const handoff = () => app.running.app.handoff!;
const takeover = () => handoff().botChats;
const say = async (chat: ProductionChat, text: string) => visible(await chat.send(text));
/** What the user received outside their own turns (technician joined, handed back). */
const received = async (chat: ProductionChat) => visible(await chat.newBotMessages());
/** The live chats technicians may take over, among them this one or not. */
const listed = async (chat: ProductionChat) => {
  const id = await chat.conversationId;
  return (await takeover().list()).filter((c) => c.conversationId === id);
};
const consoleEvents = async () =>
  (await app.running.app.storage.events.list('console', 0, 10_000)).map((e) => e.event);

let technicians = 0;
async function technician(name: string, input: Partial<NewTechnician> = {}) {
  const { technician: created } = await handoff().technicians.create({
    name: `${name} ${++technicians}`,
    skills: ['network'],
    languages: ['en', 'de'],
    availability: 'online',
    ...input,
  });
  return created;
}

describe('a technician takes over a chat the bot is having', () => {
  it('lists the live chat, and taking it over opens a ticket with the case and relays the user', async () => {
    const chat = app.chat();
    await chat.send('my wifi keeps disconnecting');
    const conversationId = await chat.conversationId;
    expect(await listed(chat)).toEqual([
      expect.objectContaining({
        conversationId,
        channelId: 'directline',
        language: 'en',
        turns: 1,
        problem: 'my wifi keeps disconnecting',
      }),
    ]);
    const view = await takeover().view(conversationId);
    expect(view?.transcript.map((e) => e.text)).toContain('my wifi keeps disconnecting');

    const tess = await technician('Tess');
    const result = await takeover().takeOver(conversationId, tess);
    if (!result.ok) throw new Error(`take-over failed: ${result.reason}`);
    expect(result.handoff).toMatchObject({
      state: 'assigned',
      reason: 'technician-picked',
      assignedTo: tess.id,
    });
    expect(await received(chat)).toMatch(
      new RegExp(`\\*\\*${tess.name}\\*\\* from IT support has joined the chat`),
    );
    const ticket = await handoff().tickets.get(result.handoff.ticketId);
    expect(ticket).toMatchObject({ problem: 'my wifi keeps disconnecting', conversationId });
    expect(await listed(chat)).toEqual([]);

    // The user's next message goes to Tess, not to the bot.
    expect(await say(chat, 'it dropped again just now')).toBe('');
    const events = await consoleEvents();
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'handoff.claimed',
        handoffId: result.handoff.id,
        technicianId: tess.id,
      }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'message',
        handoffId: result.handoff.id,
        text: 'it dropped again just now',
      }),
    );
  });

  it('of two technicians taking over at once exactly one gets the chat; the other is told who', async () => {
    const chat = app.chat();
    await chat.send('outlook keeps crashing');
    const conversationId = await chat.conversationId;
    const [anna, ben] = [await technician('Anna'), await technician('Ben')];
    const results = await Promise.all([
      takeover().takeOver(conversationId, anna),
      takeover().takeOver(conversationId, ben),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const lost = results.find((r) => !r.ok);
    const won = results.find((r) => r.ok);
    expect(lost).toMatchObject({ ok: false, reason: 'already-claimed' });
    if (won?.ok) expect(lost).toMatchObject({ claimedBy: won.handoff.assignedTo });
    const tickets = (await handoff().tickets.list()).filter((t) => t.conversationId === conversationId);
    expect(tickets).toHaveLength(1);
  });

  it('handed back, the bot answers again and the chat is listed again after the next message', async () => {
    const chat = app.chat();
    await chat.send('my printer is jammed');
    const tess = await technician('Tess');
    const result = await takeover().takeOver(await chat.conversationId, tess);
    if (!result.ok) throw new Error('take-over failed');
    await chat.newBotMessages();
    await handoff().desk.handBack(result.handoff.id, tess);
    expect(await received(chat)).toMatch(/handed the chat back to me/);
    expect(await listed(chat)).toEqual([]);
    expect(await say(chat, 'my wifi keeps disconnecting')).toMatch(/Wi-Fi|wifi/i);
    expect(await listed(chat)).toEqual([expect.objectContaining({ turns: 2 })]);
  });

  it('handed back mid-flow, the bot starts afresh once: the question before is moot, the next is answered', async () => {
    const chat = app.chat();
    const whichPrinter = /Which printer is it\?/;
    expect(await say(chat, 'my printer is not printing anything')).toMatch(whichPrinter);
    const tess = await technician('Tess');
    const result = await takeover().takeOver(await chat.conversationId, tess);
    if (!result.ok) throw new Error('take-over failed');
    await chat.newBotMessages();
    await handoff().desk.handBack(result.handoff.id, tess);
    expect(await received(chat)).toMatch(/handed the chat back to me/);
    // An answer to the question asked before the take-over is a new message now...
    expect(await say(chat, 'it is the printer on the second floor')).toMatch(whichPrinter);
    // ...and only that once: the flow it started takes the answer to its own question.
    expect(await say(chat, 'it is the printer on the second floor')).toMatch(/What's the problem\?/);
  });

  it('a user who asked for a person meanwhile is claimed from the queue instead', async () => {
    const chat = app.chat();
    await chat.send('my vpn will not connect');
    await chat.click('human');
    await chat.click('handoff-topic-yes');
    const conversationId = await chat.conversationId;
    const queued = await handoff().queue.ownerOf(conversationId);
    expect(queued?.state).toBe('queued');
    expect(await listed(chat)).toEqual([]);
    const tess = await technician('Tess');
    const result = await takeover().takeOver(conversationId, tess);
    expect(result).toMatchObject({ ok: true, handoff: { id: queued?.id, state: 'assigned' } });
  });

  it('an idle chat (no message for 30 minutes) is no longer listed or taken over', async () => {
    const chat = app.chat();
    await chat.send('my screen flickers');
    expect(await listed(chat)).toHaveLength(1);
    now.value = new Date(now.value.getTime() + 31 * 60 * 1000);
    expect(await listed(chat)).toEqual([]);
    const tess = await technician('Tess');
    expect(await takeover().takeOver(await chat.conversationId, tess)).toMatchObject({
      ok: false,
      reason: 'not-found',
    });
    expect(await takeover().takeOver('no-such-conversation', tess)).toMatchObject({
      ok: false,
      reason: 'not-found',
    });
  });

  describe('a chat whose problem the bot had solved (its ticket)', () => {
    const ONEDRIVE = 'OneDrive is not syncing my files';
    const ofChat = async (chat: ProductionChat) =>
      handoff().tickets.ofConversations([await chat.conversationId]);

    it('taken over after the user took the fix back, continues on that ticket', async () => {
      const chat = app.chat();
      expect(await say(chat, ONEDRIVE)).toMatch(/Step 1 of/);
      expect(await say(chat, 'yes')).toMatch(/glad that fixed it/);
      const [botTicket] = await ofChat(chat);
      expect(botTicket).toMatchObject({ status: 'resolved', origin: 'bot-resolved' });
      expect(await say(chat, "no it didn't help")).toMatch(/didn't help after all/);

      const tess = await technician('Tess');
      const result = await takeover().takeOver(await chat.conversationId, tess);
      if (!result.ok) throw new Error(`take-over failed: ${result.reason}`);
      expect(result.handoff.ticketId).toBe(botTicket!.id);
      const [ticket, ...others] = await ofChat(chat);
      expect(others).toEqual([]);
      expect(ticket).toMatchObject({
        number: botTicket!.number,
        status: 'open',
        assignee: { id: tess.id },
        origin: 'a technician took over the conversation',
      });
      expect(ticket!.history!.map((h) => h.change)).toEqual(
        expect.arrayContaining(['handed-over', 'assignee']),
      );
    });

    it('pl: a person asked for after taking the fix back: the same ticket, and the user is told it is open again', async () => {
      const chat = app.chat({ locale: 'pl' });
      expect(await say(chat, 'OneDrive nie synchronizuje moich plików')).toMatch(/Krok 1 z/);
      expect(await say(chat, 'tak')).toMatch(/cieszę się, że już działa/);
      const [botTicket] = await ofChat(chat);
      expect(await say(chat, 'nie, nie pomogło')).toMatch(
        /jednak nie pomogło[\s\S]*porozmawiać z człowiekiem/,
      );
      let reply = await say(chat, 'tak');
      // The bot may first ask which topic it is about (it picks the queue): the guess is right.
      if (/czy chodzi o temat/.test(reply)) reply = await say(chat, 'tak');
      expect(reply).toContain(
        `Twoje zgłoszenie **${botTicket!.number}** jest ponownie otwarte i trafia do technika`,
      );
      expect(reply).not.toMatch(/Utworzyłem zgłoszenie/);
      const [ticket, ...others] = await ofChat(chat);
      expect(others).toEqual([]);
      expect(ticket).toMatchObject({ id: botTicket!.id, status: 'open' });
    });

    it('taken over while the fix stands, opens a second ticket related to it', async () => {
      const chat = app.chat();
      expect(await say(chat, ONEDRIVE)).toMatch(/Step 1 of/);
      expect(await say(chat, 'yes')).toMatch(/glad that fixed it/);
      const [botTicket] = await ofChat(chat);
      const tess = await technician('Tess');
      const result = await takeover().takeOver(await chat.conversationId, tess);
      if (!result.ok) throw new Error(`take-over failed: ${result.reason}`);
      expect(result.handoff.ticketId).not.toBe(botTicket!.id);
      expect(await handoff().tickets.get(result.handoff.ticketId)).toMatchObject({
        relatedTo: botTicket!.id,
        assignee: { id: tess.id },
      });
      expect(await handoff().tickets.get(botTicket!.id)).toMatchObject({ status: 'resolved' });
      expect(
        await handoff().desk.tickets.related((await handoff().tickets.get(result.handoff.ticketId))!),
      ).toEqual({ relatedTo: botTicket!.number });
    });
  });
});
