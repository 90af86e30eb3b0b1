import { buttons, visible } from '../chat-harness';
import { consoleEvents, createWorld, HandoffChat, onlineTechnician } from './handoff-chat';

describe('hand-over triggers', () => {
  let world: ReturnType<typeof createWorld>;
  beforeEach(() => {
    world = createWorld();
  });
  afterEach(() => world.close());

  it.each([
    [
      'en',
      'I want to talk to a person',
      /opened ticket \*\*HD-1001\*\*[\s\S]*number 1 in the queue. I can't estimate the wait/,
    ],
    [
      'de',
      'Ich möchte mit einem Mitarbeiter sprechen',
      /Ticket \*\*HD-1001\*\* angelegt[\s\S]*Position 1 in der Warteschlange[\s\S]*nicht abschätzen/,
    ],
    ['pl', 'chcę porozmawiać z konsultantem', /zgłoszenie \*\*HD-1001\*\*[\s\S]*na 1\. miejscu w kolejce/],
    ['ro', 'vreau să vorbesc cu un tehnician', /tichetul \*\*HD-1001\*\*[\s\S]*locul 1 în coadă/],
  ])('%s: asking for a person queues a real hand-over with a ticket', async (lang, text, expected) => {
    const chat = new HandoffChat(world, { language: lang });
    const reply = await chat.sayInsisting(text);
    expect(reply).toMatch(expected);
    const handoff = await world.service.ownerOf(chat.conversationId);
    expect(handoff).toMatchObject({
      state: 'queued',
      reason: 'user-asked',
      language: lang,
      ticketNumber: 'HD-1001',
    });
    const ticket = await world.tickets.get(handoff!.ticketId);
    expect(ticket).toMatchObject({
      status: 'open',
      conversationId: chat.conversationId,
      channelId: 'test',
      language: lang,
    });
    expect(ticket?.user.id).toBe('user1');
    const events = await consoleEvents(world);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'handoff.queued', handoffId: handoff!.id }),
    );
  });

  it('en: the ticket carries the problem, the articles suggested and the transcript', async () => {
    const chat = new HandoffChat(world, { channelId: 'directline' });
    await chat.say('my outlook keeps crashing when I open it');
    const replies = await chat.send('talk to a human');
    expect(visible(replies)).toMatch(/Before I pass this on to a technician: is it about \*\*Outlook\*\*\?/);
    expect(await world.service.ownerOf(chat.conversationId)).toBeUndefined();
    expect(await chat.click(buttons(replies)[0]!.value)).toMatch(/opened ticket \*\*HD-1001\*\*/);
    const handoff = await world.service.ownerOf(chat.conversationId);
    expect(handoff).toMatchObject({ category: 'email', skills: [] });
    await onlineTechnician(world, { name: 'Lead', role: 'lead' });
    const full = await world.service.getTicket(handoff!.ticketId);
    expect(full?.ticket.problem).toBe('my outlook keeps crashing when I open it');
    expect(full?.ticket.summary).toMatch(/^Problem: my outlook keeps crashing/);
    expect(full?.ticket.summary).toMatch(/Why: the user asked for a person/);
    expect(full?.transcript.map((e) => e.text)).toEqual(
      expect.arrayContaining(['my outlook keeps crashing when I open it', 'talk to a human']),
    );
  });

  it.each([
    [
      'en',
      ['someone stole my bag with the laptop', 'on the tram, about 9am'],
      /Report it now[\s\S]*opened ticket \*\*HD-1001\*\*[\s\S]*number 1 in the queue/,
    ],
    [
      'de',
      ['Mein Firmen-Laptop wurde gestohlen', 'heute Morgen in der S-Bahn'],
      /Melden Sie es jetzt[\s\S]*Ticket \*\*HD-1001\*\*/,
    ],
  ])(
    '%s: a flow escalation hands over with its category, priority and skills',
    async (_lang, inputs, expected) => {
      const chat = new HandoffChat(world);
      let reply = '';
      for (const input of inputs) reply = await chat.say(input);
      expect(reply).toMatch(expected);
      expect(reply).not.toMatch(/can't hand this chat|kann diesen Chat noch nicht/);
      const handoff = await world.service.ownerOf(chat.conversationId);
      expect(handoff).toMatchObject({
        reason: 'flow-escalated',
        category: 'security',
        priority: 'urgent',
        rank: 0,
      });
      expect(handoff?.skills).toContain('security');
      const ticket = await world.tickets.get(handoff!.ticketId);
      expect(ticket?.summary).toMatch(/Priority: urgent/);
      expect(ticket?.facts.deviceType).toBeDefined();
    },
  );

  it.each([
    [
      'de',
      [
        'Softwarelizenz beantragen',
        'Visio',
        'nein',
        'Für die Projektplanung unseres Teams',
        'Windows-Laptop',
      ],
      /Ticket \*\*HD-1001\*\* für Sie angelegt \(Priorität: niedrig\)/,
    ],
    [
      'ro',
      [
        'vreau să solicit o licență software',
        'Acrobat',
        'nu',
        'Pentru semnarea contractelor cu clienții',
        'Mac',
      ],
      /Am deschis tichetul \*\*HD-1001\*\*[\s\S]*prioritate scăzută/,
    ],
  ])('%s: a flow ticket outcome opens a ticket without a live hand-over', async (_lang, inputs, expected) => {
    const chat = new HandoffChat(world);
    let reply = '';
    for (const input of inputs) reply = await chat.say(input);
    expect(reply).toMatch(expected);
    expect(await world.service.ownerOf(chat.conversationId)).toBeUndefined();
    const [ticket] = await world.tickets.list();
    expect(ticket).toMatchObject({ number: 'HD-1001', priority: 'low', status: 'open' });
    expect(ticket?.facts).toMatchObject({ softwareName: expect.any(String) as unknown });
    expect(await world.service.queued()).toHaveLength(0);
  });

  it.each([
    ['en', ['zzq qwq', 'blorp blarp'], /number 1 in the queue/],
    ['pl', ['qwq zxzx', 'blorp blarp'], /na 1\. miejscu w kolejce/],
  ])(
    '%s: after two answers the bot could not give, accepting the offer hands over',
    async (lang, misses, expected) => {
      const chat = new HandoffChat(world, { language: lang, channelId: 'directline' });
      // The "talk to a person?" card comes with the first miss only; its button still works later.
      const replies: string[] = [];
      for (const miss of misses) replies.push(await chat.say(miss));
      expect(replies[0]).toMatch(/\[.+\]/);
      for (const later of replies.slice(1)) expect(later).not.toMatch(/\[.+\]/);
      expect(await chat.click('human')).toMatch(expected);
      expect(await world.service.ownerOf(chat.conversationId)).toMatchObject({ reason: 'no-answer-twice' });
    },
  );

  it.each([
    [
      'en',
      ['my wifi keeps disconnecting', 'no, still not working', "it still doesn't work, this is useless!!!"],
    ],
    ['de', ['Das ist nutzlos, mein Drucker druckt nicht!!!']],
  ])('%s: a frustrated user who takes the offered person is handed over', async (lang, messages) => {
    const chat = new HandoffChat(world, { language: lang, channelId: 'directline' });
    let reply = '';
    for (const message of messages) reply = await chat.say(message);
    expect(reply).toMatch(/\[(Talk to a person|Mit einem Menschen sprechen)\]/);
    expect(await chat.click('human')).toMatch(/\[(Yes|Ja)\]/);
    expect(await chat.click('handoff-topic-yes')).toMatch(/HD-1001/);
    expect(await world.service.ownerOf(chat.conversationId)).toMatchObject({
      state: 'queued',
      reason: 'frustration',
    });
  });

  it('a request for a person with no frustration offer before it stays "user-asked"', async () => {
    const chat = new HandoffChat(world, { channelId: 'directline' });
    await chat.say('my wifi keeps disconnecting');
    await chat.click('human');
    expect(await chat.click('handoff-topic-yes')).toMatch(/HD-1001/);
    expect(await world.service.ownerOf(chat.conversationId)).toMatchObject({ reason: 'user-asked' });
  });

  it.each([
    ['en', 'my printer is jammed', 'talk to a human', 'no', 'general'],
    [
      'de',
      'Mein Drucker hat einen Papierstau',
      'Ich möchte mit einem Mitarbeiter sprechen',
      'Nein, es geht um das WLAN, das ständig abbricht',
      'network',
    ],
  ])(
    '%s: a wrong guess of the topic is corrected before queuing',
    async (lang, problem, ask, answer, category) => {
      const chat = new HandoffChat(world, { language: lang });
      await chat.say(problem);
      expect(await chat.say(ask)).toMatch(/\*\*(Printer|Drucker)\*\*\?/);
      expect(await chat.say(answer)).toMatch(/HD-1001/);
      expect(await world.service.ownerOf(chat.conversationId)).toMatchObject({ category });
    },
  );

  it('asking again while queued does not open a second ticket', async () => {
    const chat = new HandoffChat(world);
    await chat.sayInsisting('talk to a human');
    expect(await chat.say('I want to talk to a person')).toMatch(
      /already waiting for a technician \(ticket \*\*HD-1001\*\*\)/,
    );
    expect(await world.tickets.list()).toHaveLength(1);
  });
});
