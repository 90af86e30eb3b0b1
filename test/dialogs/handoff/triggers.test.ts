import { buttons, visible } from '../chat-harness';
import { handoffApp } from './production-handoff';

// The whole app as createApp builds it (always open); each test starts with an empty queue.
const world = handoffApp();

describe('hand-over triggers', () => {
  it.each([
    [
      'en',
      'I want to talk to a person',
      /opened ticket \*\*HD-\d+\*\*[\s\S]*No technician who can take this is online right now[\s\S]*number 1/,
    ],
    [
      'de',
      'Ich möchte mit einem Mitarbeiter sprechen',
      /Ticket \*\*HD-\d+\*\* angelegt[\s\S]*kein Techniker online[\s\S]*Position 1/,
    ],
    [
      'pl',
      'chcę porozmawiać z konsultantem',
      /zgłoszenie \*\*HD-\d+\*\*[\s\S]*nie ma online żadnego technika[\s\S]*nr 1/,
    ],
    [
      'ro',
      'vreau să vorbesc cu un tehnician',
      /tichetul \*\*HD-\d+\*\*[\s\S]*nu este online niciun tehnician[\s\S]*numărul 1/,
    ],
  ])('%s: asking for a person queues a real hand-over with a ticket', async (lang, text, expected) => {
    const chat = world.chat(lang);
    const reply = await chat.sayInsisting(text);
    expect(reply).toMatch(expected);
    const handoff = await world.handoff().queue.ownerOf(await chat.conversationId);
    expect(handoff).toMatchObject({
      state: 'queued',
      reason: 'user-asked',
      language: lang,
      ticketNumber: expect.stringMatching(/^HD-\d+$/) as unknown,
    });
    const ticket = await world.handoff().tickets.get(handoff!.ticketId);
    expect(ticket).toMatchObject({
      status: 'new',
      conversationId: await chat.conversationId,
      channelId: 'directline',
      language: lang,
    });
    // The user Direct Line assigned to this conversation.
    expect(ticket?.user.id).toMatch(/^dl_/);
    const events = await world.consoleEvents();
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'handoff.queued', handoffId: handoff!.id }),
    );
  });

  it('en: the ticket carries the problem, the articles suggested and the transcript', async () => {
    const chat = world.chat();
    await chat.say('my outlook keeps crashing when I open it');
    const replies = await chat.send('talk to a human');
    expect(visible(replies)).toMatch(/Before I pass this on to a technician: is it about \*\*Outlook\*\*\?/);
    expect(await world.handoff().queue.ownerOf(await chat.conversationId)).toBeUndefined();
    expect(await chat.click(buttons(replies)[0]!.value)).toMatch(/opened ticket \*\*HD-\d+\*\*/);
    const handoff = await world.handoff().queue.ownerOf(await chat.conversationId);
    // Routed as the shipped support.yaml routes e-mail problems: to the messaging team's skill.
    expect(handoff).toMatchObject({ category: 'email', skills: ['messaging'] });
    await world.onlineTechnician({ name: 'Lead', role: 'lead' });
    const full = await world.handoff().desk.getTicket(handoff!.ticketId);
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
      /Report it now[\s\S]*opened ticket \*\*HD-\d+\*\*[\s\S]*number 1 in the queue/,
    ],
    [
      'de',
      ['Mein Firmen-Laptop wurde gestohlen', 'heute Morgen in der S-Bahn'],
      /Melden Sie es jetzt[\s\S]*Ticket \*\*HD-\d+\*\*/,
    ],
  ])(
    '%s: a flow escalation hands over with its category, priority and skills',
    async (_lang, inputs, expected) => {
      const chat = world.chat();
      let reply = '';
      for (const input of inputs) reply = await chat.say(input);
      expect(reply).toMatch(expected);
      expect(reply).not.toMatch(/can't hand this chat|kann diesen Chat noch nicht/);
      const handoff = await world.handoff().queue.ownerOf(await chat.conversationId);
      expect(handoff).toMatchObject({
        reason: 'flow-escalated',
        category: 'security',
        priority: 'urgent',
        rank: 0,
      });
      expect(handoff?.skills).toContain('security');
      const ticket = await world.handoff().tickets.get(handoff!.ticketId);
      expect(ticket?.summary).toMatch(/Priority: urgent/);
      expect(ticket?.facts.deviceType).toBeDefined();
    },
  );

  it.each([
    [
      'de',
      [
        // Install wordings in every language: licence requests ("Softwarelizenz beantragen") have
        // their own article now (request.software-licence); this is the install flow's ticket.
        'ich brauche ein Programm installiert',
        'Visio',
        'nein',
        'Für mich',
        'Für die Projektplanung unseres Teams',
        'Windows-Laptop',
        'meine Teamleiterin Frau Weber',
      ],
      /Ticket \*\*HD-\d+\*\* für Sie angelegt \(Priorität: niedrig\)/,
    ],
    [
      'en',
      [
        'I need a program installed',
        'Adobe Acrobat Pro',
        'no',
        'For me',
        'For our team to plan the new project',
        'Windows laptop',
        'Dana Miller',
      ],
      /opened ticket \*\*HD-\d+\*\*/,
    ],
    [
      'pl',
      [
        'potrzebuję zainstalować program',
        'Tableau',
        'nie',
        'Dla mnie',
        'Do planowania projektów naszego zespołu',
        'Laptop z Windows',
        'Jan Kowalski',
      ],
      /zgłoszenie \*\*HD-\d+\*\*/,
    ],
    [
      'ro',
      [
        'am nevoie să-mi instalați un program',
        'Acrobat',
        'nu',
        'Pentru mine',
        'Pentru semnarea contractelor cu clienții',
        'Mac',
        'Ion Popescu',
      ],
      /Am deschis tichetul \*\*HD-\d+\*\*[\s\S]*prioritate scăzută/,
    ],
  ])('%s: a flow ticket outcome opens a ticket without a live hand-over', async (lang, inputs, expected) => {
    const chat = world.chat(lang);
    let reply = '';
    for (const input of inputs) reply = await chat.say(input);
    expect(reply).toMatch(expected);
    expect(await world.handoff().queue.ownerOf(await chat.conversationId)).toBeUndefined();
    const conversationId = await chat.conversationId;
    const tickets = (await world.handoff().tickets.list()).filter((t) => t.conversationId === conversationId);
    expect(tickets).toHaveLength(1);
    const [ticket] = tickets;
    // A ticket without a hand-over is new and unassigned: the worklist's "Unassigned" shows it.
    expect(ticket).toMatchObject({ priority: 'low', status: 'new' });
    expect(ticket?.assignee).toBeUndefined();
    expect(ticket?.number).toMatch(/^HD-\d+$/);
    expect(ticket?.facts).toMatchObject({ softwareName: expect.any(String) as unknown });
    expect(await world.handoff().queue.queued()).toHaveLength(0);
  });

  it.each([
    ['en', ['zzq qwq', 'blorp blarp'], /number 1 in the queue/],
    ['pl', ['qwq zxzx', 'blorp blarp'], /na 1\. miejscu w kolejce/],
  ])(
    '%s: after two answers the bot could not give, accepting the offer hands over',
    async (lang, misses, expected) => {
      const chat = world.chat(lang);
      // The "talk to a person?" card comes with the first miss only; its button still works later.
      const replies: string[] = [];
      for (const miss of misses) replies.push(await chat.say(miss));
      expect(replies[0]).toMatch(/\[.+\]/);
      for (const later of replies.slice(1)) expect(later).not.toMatch(/\[.+\]/);
      expect(await chat.click('human')).toMatch(expected);
      expect(await world.handoff().queue.ownerOf(await chat.conversationId)).toMatchObject({
        reason: 'no-answer-twice',
      });
    },
  );

  it.each([
    [
      'en',
      ['my wifi keeps disconnecting', 'no, still not working', "it still doesn't work, this is useless!!!"],
    ],
    ['de', ['Das ist nutzlos, mein Drucker druckt nicht!!!']],
  ])('%s: a frustrated user who takes the offered person is handed over', async (lang, messages) => {
    const chat = world.chat(lang);
    let reply = '';
    for (const message of messages) reply = await chat.say(message);
    expect(reply).toMatch(/\[(Talk to a person|Mit einem Menschen sprechen)\]/);
    expect(await chat.click('human')).toMatch(/\[(Yes|Ja)\]/);
    expect(await chat.click('handoff-topic-yes')).toMatch(/HD-\d+/);
    expect(await world.handoff().queue.ownerOf(await chat.conversationId)).toMatchObject({
      state: 'queued',
      reason: 'frustration',
    });
  });

  it('a request for a person with no frustration offer before it stays "user-asked"', async () => {
    const chat = world.chat();
    await chat.say('my wifi keeps disconnecting');
    await chat.click('human');
    expect(await chat.click('handoff-topic-yes')).toMatch(/HD-\d+/);
    expect(await world.handoff().queue.ownerOf(await chat.conversationId)).toMatchObject({
      reason: 'user-asked',
    });
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
      const chat = world.chat(lang);
      await chat.say(problem);
      expect(await chat.say(ask)).toMatch(/\*\*(Printer|Drucker)\*\*\?/);
      expect(await chat.say(answer)).toMatch(/HD-\d+/);
      expect(await world.handoff().queue.ownerOf(await chat.conversationId)).toMatchObject({ category });
    },
  );

  it('asking again while queued does not open a second ticket', async () => {
    const chat = world.chat();
    await chat.sayInsisting('talk to a human');
    expect(await chat.say('I want to talk to a person')).toMatch(
      /already waiting for a technician \(ticket \*\*HD-\d+\*\*\)/,
    );
    const conversationId = await chat.conversationId;
    const tickets = await world.handoff().tickets.list();
    expect(tickets.filter((t) => t.conversationId === conversationId)).toHaveLength(1);
  });
});
