import { WaitUpdates } from '../../../src/handoff';
import { silentLogger } from '../../../src/logging';
import { ConversationOwners } from '../../../src/handoff/conversation-owners';
import type { Technician } from '../../../src/technicians';
import { buttons } from '../chat-harness';
import { handoffApp, type UserInChat } from './production-handoff';

const WAIT = 'handoff-wait';
const LEAVE = 'handoff-leave-message';
const CONTINUE = 'handoff-continue-with-bot';

// The whole app as createApp builds it (always open, a clock the tests set); each test starts
// with an empty queue.
const world = handoffApp({ env: { HANDOFF_WAIT_UPDATE_SECONDS: '86400' } });

describe('a conversation handed over to a technician', () => {
  let anna: Technician;
  beforeAll(async () => {
    anna = await world.onlineTechnician({
      name: 'Anna',
      skills: ['network', 'security'],
      languages: ['en', 'de'],
    });
  });

  async function queued(chat: UserInChat, text = 'talk to a human') {
    await chat.sayInsisting(text);
    const handoff = await world.handoff().queue.ownerOf(await chat.conversationId);
    if (!handoff) throw new Error('not queued');
    return handoff;
  }

  async function claimed(chat: UserInChat, text?: string) {
    const handoff = await queued(chat, text);
    const claim = await world.handoff().desk.claim(handoff.id, anna);
    if (!claim.ok) throw new Error(claim.reason);
    return claim.handoff;
  }

  it('reads where the conversation stands once per turn: answered by the bot, waiting, with a technician', async () => {
    // Counted where the hand-over asks, above any read cache the storage keeps per turn.
    const reads = jest.spyOn(ConversationOwners.prototype, 'get');
    const ownerReads = () => reads.mock.calls.length;
    try {
      const chat = world.chat();
      await chat.send('hello');
      reads.mockClear();
      expect(await chat.say('my wifi keeps disconnecting')).not.toBe('');
      expect(ownerReads()).toBe(1);
      const handoff = await queued(chat);
      reads.mockClear();
      expect(await chat.say('the printer on floor 2 too')).toMatch(/added that to your request/);
      expect(ownerReads()).toBe(1);
      expect((await world.handoff().desk.claim(handoff.id, anna)).ok).toBe(true);
      expect(await chat.received()).toMatch(/Anna/);
      reads.mockClear();
      expect(await chat.send('are you there?')).toEqual([]);
      expect(ownerReads()).toBe(1);
    } finally {
      reads.mockRestore();
    }
  });

  it('offers to wait, leave a message or keep chatting, as buttons where cards show', async () => {
    const chat = world.chat();
    const replies = await chat.insist('I want to talk to a person');
    expect(buttons(replies).map((b) => b.value)).toEqual([WAIT, LEAVE, CONTINUE]);
    expect(await chat.click(WAIT)).toMatch(/you keep your place\. You're number 1 in the queue/);
  });

  it('en: the bot stays silent while a technician has the conversation; messages go to the console', async () => {
    const chat = world.chat();
    const handoff = await claimed(chat);
    expect(await chat.received()).toMatch(/\*\*Anna\*\* from IT support has joined the chat/);
    for (const text of [
      'my printer is broken',
      'help',
      'start over',
      'deutsch',
      'this is useless!!! nothing works!!!',
    ]) {
      expect(await chat.send(text)).toEqual([]);
    }
    const fromUser = (await world.consoleEvents()).filter(
      (e) => e.type === 'message' && e.from === 'user' && e.handoffId === handoff.id,
    );
    expect(fromUser.map((e) => e.text)).toEqual([
      'my printer is broken',
      'help',
      'start over',
      'deutsch',
      'this is useless!!! nothing works!!!',
    ]);
    expect(fromUser.every((e) => e.handoffId === handoff.id)).toBe(true);
  });

  it('a web chat page reloaded during the hand-over is not greeted over the technician', async () => {
    const chat = world.chat();
    await claimed(chat);
    expect(await chat.received()).toMatch(/has joined the chat/);
    expect(await chat.send({ type: 'event', name: 'webchat/join', value: { locale: 'en' } })).toEqual([]);
    const fresh = world.chat();
    expect(await fresh.say({ type: 'event', name: 'webchat/join', value: { locale: 'en' } })).toMatch(
      /I'm FirstLine/,
    );
  });

  it('de: the technician reaches the user, and the transcript names the technician', async () => {
    const chat = world.chat('de');
    const handoff = await claimed(chat, 'Ich möchte mit einem Mitarbeiter sprechen');
    expect(await chat.received()).toMatch(/\*\*Anna\*\* vom IT-Support ist dem Chat beigetreten/);
    await world.handoff().desk.sendToUser(handoff.id, anna, 'Hallo, ich schaue mir das an.');
    // Web chat shows the technician as the sender: the words come without a name in front.
    expect(await chat.receivedMessages()).toEqual([
      expect.objectContaining({
        text: 'Hallo, ich schaue mir das an.',
        from: expect.objectContaining({ name: 'Anna' }) as unknown,
      }),
    ]);
    // The technician's typing is not stored: it reaches the page over the live stream only
    // (test/integration/handoff-directline.test.ts).
    const transcript = await world.storage().transcripts.list(await chat.conversationId);
    const fromAnna = transcript.filter((e) => e.from.role === 'technician');
    expect(fromAnna).toEqual([
      expect.objectContaining({
        text: 'Hallo, ich schaue mir das an.',
        from: expect.objectContaining({ name: 'Anna' }) as unknown,
      }),
    ]);
    // Not recorded twice (once more as the bot) and no proactive pseudo-message from the user.
    expect(transcript.filter((e) => e.text?.includes('Hallo, ich schaue'))).toHaveLength(1);
    expect(transcript.some((e) => e.type === 'event' && e.from.role === 'user')).toBe(false);
  });

  it('only the assigned technician can write to the user', async () => {
    const chat = world.chat();
    const handoff = await claimed(chat);
    const ben = await world.onlineTechnician({ name: 'Ben', skills: ['network'], languages: ['en'] });
    await expect(world.handoff().desk.sendToUser(handoff.id, ben, 'hi')).rejects.toMatchObject({
      code: 'not-allowed',
    });
  });

  it.each([
    ['en', 'talk to a human', /handed the chat back to me/],
    ['pl', 'chcę porozmawiać z konsultantem', /przekazał rozmowę z powrotem do mnie/],
  ])('%s: hand back – the user is told and the bot answers again', async (lang, ask, told) => {
    const chat = world.chat(lang);
    const handoff = await claimed(chat, ask);
    await chat.received();
    await world.handoff().desk.handBack(handoff.id, anna);
    expect(await chat.received()).toMatch(told);
    expect(await world.handoff().queue.ownerOf(await chat.conversationId)).toBeUndefined();
    expect(await chat.say('my outlook keeps crashing')).not.toBe('');
    const events = await world.consoleEvents();
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'handoff.returned', handoffId: handoff.id }),
    );
    expect(await world.handoff().desk.getHandoff(handoff.id)).toMatchObject({
      state: 'returned',
      endReason: 'returned-to-bot',
    });
  });

  it('en: resolve – the user is told, rates with a button and adds a comment', async () => {
    const chat = world.chat();
    const handoff = await claimed(chat);
    await chat.received();
    await world.handoff().desk.resolve(handoff.id, anna, { note: 'Reset the adapter', category: 'network' });
    const pushed = await chat.receivedMessages();
    expect(pushed[0]?.text).toMatch(/\*\*Anna\*\* has marked ticket \*\*HD-\d+\*\* as resolved/);
    expect(buttons(pushed).map((b) => b.title)).toEqual(['1', '2', '3', '4', '5', 'Skip']);
    expect(await chat.click('5')).toMatch(/Thank you for rating/);
    expect(await chat.say('quick and friendly')).toMatch(/passed your comment on/);
    const ticket = await world.handoff().tickets.get(handoff.ticketId);
    expect(ticket).toMatchObject({
      status: 'resolved',
      resolution: { note: 'Reset the adapter', category: 'network', by: 'Anna' },
      rating: { score: 5, comment: 'quick and friendly' },
    });
    // The next message is a new problem again.
    expect(await chat.say('my outlook keeps crashing')).toMatch(/Outlook/i);
  });

  it('de: a typed rating counts, "nein" skips the comment', async () => {
    const chat = world.chat('de');
    const handoff = await claimed(chat, 'Ich möchte mit einem Mitarbeiter sprechen');
    await chat.received();
    await world.handoff().desk.resolve(handoff.id, anna, { note: 'ok', category: 'other' });
    expect(await chat.received()).toMatch(
      /als gelöst markiert[\s\S]*Wie zufrieden sind Sie[\s\S]*\[1\][\s\S]*\[Überspringen\]/,
    );
    expect(await chat.say('4')).toMatch(/Danke für Ihre Bewertung/);
    expect(await chat.say('nein')).toMatch(/Wenn noch etwas ist/);
    expect((await world.handoff().tickets.get(handoff.ticketId))?.rating).toMatchObject({ score: 4 });
    expect((await world.handoff().tickets.get(handoff.ticketId))?.rating?.comment).toBeUndefined();
  });

  it('en: a new problem instead of a rating is answered, not taken as a rating', async () => {
    const chat = world.chat();
    const handoff = await claimed(chat);
    await world.handoff().desk.resolve(handoff.id, anna, { note: 'ok', category: 'other' });
    await chat.received();
    expect(await chat.say('my outlook keeps crashing')).toMatch(/Outlook/i);
    expect((await world.handoff().tickets.get(handoff.ticketId))?.rating).toBeUndefined();
  });

  it('en: leave a message – the ticket stays open, the bot is free, and the answer arrives later', async () => {
    const chat = world.chat();
    await chat.sayInsisting('talk to a human');
    expect(await chat.click(LEAVE)).toMatch(/ticket \*\*HD-\d+\*\* stays open[\s\S]*answer in this chat/);
    const handoff = await world.handoff().queue.ownerOf(await chat.conversationId);
    expect(handoff).toMatchObject({ state: 'queued', userWaitingMode: 'left-message' });
    expect(await chat.say('my outlook keeps crashing')).toMatch(/Outlook/i);
    const claim = await world.handoff().desk.claim(handoff!.id, anna);
    expect(claim.ok).toBe(true);
    await world.handoff().desk.sendToUser(handoff!.id, anna, 'Your mailbox is fixed.');
    expect(await chat.received()).toMatch(
      // Web chat shows the technician as the sender: the words come without a name in front.
      /Anna\*\* from IT support has joined[\s\S]*---\nYour mailbox is fixed\./,
    );
    expect(await world.handoff().tickets.get(handoff!.ticketId)).toMatchObject({
      status: 'open',
      assignee: { id: anna.id, name: anna.name },
    });
  });

  it('en: while waiting, messages are added to the request; "keep chatting" lets the bot answer', async () => {
    const chat = world.chat();
    await chat.sayInsisting('talk to a human');
    expect(await chat.say('my screen went black after the update')).toMatch(/added that to your request/);
    expect(await chat.say('3')).toMatch(/keep your place in the queue/);
    expect(await chat.say('my outlook keeps crashing')).toMatch(/Outlook/i);
    const handoff = await world.handoff().queue.ownerOf(await chat.conversationId);
    const texts = (await world.consoleEvents())
      .filter((e) => e.type === 'message' && e.handoffId === handoff?.id)
      .map((e) => e.text);
    expect(texts).toEqual(['my screen went black after the update', 'my outlook keeps crashing']);
    expect(await chat.say('talk to a human')).toMatch(
      /already waiting for a technician \(ticket \*\*HD-\d+\*\*\)/,
    );
    expect(await world.handoff().queue.ownerOf(await chat.conversationId)).toMatchObject({
      userWaitingMode: 'waiting',
    });
  });

  it('ro: "start over" while waiting leaves the queue; the ticket stays open', async () => {
    const chat = world.chat('ro');
    const handoff = await queued(chat, 'vreau să vorbesc cu un tehnician');
    expect(await chat.say('de la capăt')).toMatch(
      /v-am scos din coadă\. Tichetul \*\*HD-\d+\*\* rămâne deschis/,
    );
    expect(await world.handoff().desk.getHandoff(handoff.id)).toMatchObject({
      state: 'abandoned',
      endReason: 'user-cancelled',
    });
    // Nobody took it: it stays new and unassigned in the worklist, with a note saying why.
    const ticket = await world.handoff().tickets.get(handoff.ticketId);
    expect(ticket).toMatchObject({ status: 'new' });
    expect(ticket?.assignee).toBeUndefined();
    expect(ticket?.notes.map((n) => n.text).join('\n')).toMatch(/stopped waiting/);
  });

  it('tells waiting users where they stand, once per interval, from one instance only', async () => {
    const chat = world.chat();
    await queued(chat);
    const updates = [1, 2].map(
      () =>
        new WaitUpdates({
          queue: world.handoff().queue,
          storage: world.storage(),
          intervalMs: 120_000,
          logger: silentLogger(),
          clock: () => world.now.value,
        }),
    );
    expect(await updates[0]!.tick()).toBe(0);
    world.now.value = new Date(world.now.value.getTime() + 121_000);
    const told = (await Promise.all(updates.map((u) => u.tick()))).reduce((a, b) => a + b, 0);
    expect(told).toBe(1);
    expect(await chat.received()).toMatch(
      /Thanks for waiting: ticket \*\*HD-\d+\*\* is still in the queue\. You're number 1/,
    );
    expect(await updates[0]!.tick()).toBe(0);
    expect(await chat.received()).toBe('');
  });

  it('tells a user who waits long less and less often: after 2, 4, 8, 16 and 32 minutes in an hour', async () => {
    // Past the lease the previous test's instances hold, so this one runs the updates.
    world.now.value = new Date(world.now.value.getTime() + 10 * 60_000);
    const chat = world.chat();
    const handoff = await queued(chat);
    const queuedAt = Date.parse(handoff.queuedAt);
    const updates = new WaitUpdates({
      queue: world.handoff().queue,
      storage: world.storage(),
      intervalMs: 120_000,
      logger: silentLogger(),
      clock: () => world.now.value,
    });
    const toldAtMinute: number[] = [];
    for (let minute = 1; minute <= 60; minute++) {
      world.now.value = new Date(queuedAt + minute * 60_000);
      if ((await updates.tick()) > 0) toldAtMinute.push(minute);
    }
    expect(toldAtMinute).toEqual([2, 4, 8, 16, 32]);
  });
});
