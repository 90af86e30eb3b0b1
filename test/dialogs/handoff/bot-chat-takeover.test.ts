import { consoleEvents, createWorld, HandoffChat, onlineTechnician } from './handoff-chat';

describe('a technician takes over a chat the bot is having', () => {
  let world: ReturnType<typeof createWorld>;
  beforeEach(() => {
    world = createWorld();
  });
  afterEach(() => world.close());

  const technician = (name: string) =>
    onlineTechnician(world, { name, skills: ['network'], languages: ['en', 'de'] });

  it('lists the live chat, and taking it over opens a ticket with the case and relays the user', async () => {
    const chat = new HandoffChat(world);
    await chat.say('my wifi keeps disconnecting');
    const [listed] = await world.takeover.list();
    expect(listed).toMatchObject({
      conversationId: chat.conversationId,
      channelId: 'test',
      language: 'en',
      turns: 1,
      problem: 'my wifi keeps disconnecting',
    });
    const view = await world.takeover.view(chat.conversationId);
    expect(view?.transcript.map((e) => e.text)).toContain('my wifi keeps disconnecting');

    const tess = await technician('Tess');
    const result = await world.takeover.takeOver(chat.conversationId, tess);
    if (!result.ok) throw new Error(`take-over failed: ${result.reason}`);
    expect(result.handoff).toMatchObject({
      state: 'assigned',
      reason: 'technician-picked',
      assignedTo: tess.id,
    });
    expect(chat.received()).toMatch(/\*\*Tess\*\* from IT support has joined the chat/);
    const ticket = await world.tickets.get(result.handoff.ticketId);
    expect(ticket).toMatchObject({
      problem: 'my wifi keeps disconnecting',
      conversationId: chat.conversationId,
    });
    expect(await world.takeover.list()).toEqual([]);

    // The user's next message goes to Tess, not to the bot.
    expect(await chat.say('it dropped again just now')).toBe('');
    const events = await consoleEvents(world);
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
    const chat = new HandoffChat(world);
    await chat.say('outlook keeps crashing');
    const [anna, ben] = [await technician('Anna'), await technician('Ben')];
    const results = await Promise.all([
      world.takeover.takeOver(chat.conversationId, anna),
      world.takeover.takeOver(chat.conversationId, ben),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const lost = results.find((r) => !r.ok);
    const won = results.find((r) => r.ok);
    expect(lost).toMatchObject({ ok: false, reason: 'already-claimed' });
    if (won?.ok) expect(lost).toMatchObject({ claimedBy: won.handoff.assignedTo });
    expect(await world.tickets.list()).toHaveLength(1);
  });

  it('handed back, the bot answers again and the chat is listed again after the next message', async () => {
    const chat = new HandoffChat(world);
    await chat.say('my printer is jammed');
    const tess = await technician('Tess');
    const result = await world.takeover.takeOver(chat.conversationId, tess);
    if (!result.ok) throw new Error('take-over failed');
    await world.service.handBack(result.handoff.id, tess);
    expect(chat.received()).toMatch(/handed the chat back to me/);
    expect(await world.takeover.list()).toEqual([]);
    expect(await chat.say('my wifi keeps disconnecting')).toMatch(/Wi-Fi|wifi/i);
    expect((await world.takeover.list()).map((c) => c.conversationId)).toEqual([chat.conversationId]);
  });

  it('a user who asked for a person meanwhile is claimed from the queue instead', async () => {
    const chat = new HandoffChat(world, { channelId: 'directline' });
    await chat.say('my vpn will not connect');
    await chat.click('human');
    await chat.click('handoff-topic-yes');
    const queued = await world.service.ownerOf(chat.conversationId);
    expect(queued?.state).toBe('queued');
    expect(await world.takeover.list()).toEqual([]);
    const tess = await technician('Tess');
    const result = await world.takeover.takeOver(chat.conversationId, tess);
    expect(result).toMatchObject({ ok: true, handoff: { id: queued?.id, state: 'assigned' } });
  });

  it('an idle chat (no message for 30 minutes) is no longer listed or taken over', async () => {
    const chat = new HandoffChat(world);
    await chat.say('my screen flickers');
    world.now.value = new Date(world.now.value.getTime() + 31 * 60 * 1000);
    expect(await world.takeover.list()).toEqual([]);
    const tess = await technician('Tess');
    expect(await world.takeover.takeOver(chat.conversationId, tess)).toMatchObject({
      ok: false,
      reason: 'not-found',
    });
    expect(await world.takeover.takeOver('no-such-conversation', tess)).toMatchObject({
      ok: false,
      reason: 'not-found',
    });
  });
});
