import type { Activity } from 'botbuilder';
import { buttons } from '../chat-harness';
import { ANNA, adaptiveCards, readable, ticketWorld } from './ticket-world';

// The whole app as createApp builds it (always open, clock set by the tests), a web chat user on
// the Direct Line endpoint, and tickets in the app's own store.
const world = ticketWorld();

/** What a reply shows, with one ticket number written as `#`: two answers compared as a whole. */
function shape(replies: readonly Partial<Activity>[], number: string) {
  return replies.map((r) => ({
    text: r.text?.split(number).join('#'),
    attachments: r.attachments,
    summary: r.summary,
    inputHint: r.inputHint,
  }));
}

describe('tickets in web chat (en)', () => {
  it("shows the status of the user's own ticket as a card: number, title, status, last update, first name", async () => {
    const chat = world.chat();
    const ticket = await world.ticketOf(chat);
    await world.store().assign(ticket.id, { id: ANNA.id!, name: ANNA.name }, ANNA);
    for (const ask of [
      `what's the status of my ticket ${ticket.number}?`,
      `status of ${ticket.number}`,
      ticket.number.toLowerCase().replace('-', ' '),
    ]) {
      const replies = await chat.send(ask);
      expect(replies).toHaveLength(1);
      expect(adaptiveCards(replies[0]!)).toHaveLength(1);
      const text = readable(replies);
      expect(text).toContain(`**${ticket.number}** The printer on floor 2 prints blank pages`);
      expect(text).toContain('Status: being worked on');
      expect(text).toMatch(/Last update: 2 Mar 2026, \d\d:\d\d/);
      expect(text).toContain('Handled by: Anna');
      expect(text).not.toContain('Kowalczyk');
    }
    // Two numbers, one of them unknown: the card for the one, and the unknown one said as always.
    const both = await chat.send(`status of ${ticket.number} and HD-987654`);
    expect(both).toHaveLength(1);
    expect(readable(both)).toContain(`**${ticket.number}** The printer on floor 2 prints blank pages`);
    expect(both[0]!.text).toBe(
      `I can't find a ticket HD-987654 of yours. Write "my tickets" to see the ones you have.`,
    );
  });

  it('answers a number of another user exactly as a number that does not exist, and changes nothing', async () => {
    const other = world.chat();
    const theirs = await world.ticketOf(other);
    const chat = world.chat();
    await world.ticketOf(chat);
    const missing = 'HD-987654';
    for (const ask of [
      (n: string) => `what's the status of my ticket ${n}?`,
      (n: string) => `add to ${n}: the printer now shows error 50`,
      (n: string) => `${n} is fixed, close it`,
      (n: string) => `${n} is broken again`,
    ]) {
      const foreign = await chat.send(ask(theirs.number));
      const unknown = await chat.send(ask(missing));
      expect(shape(foreign, theirs.number)).toEqual(shape(unknown, missing));
      expect(readable(unknown)).toBe(
        `I can't find a ticket ${missing} of yours. Write "my tickets" to see the ones you have.`,
      );
    }
    const after = await world.store().get(theirs.id);
    expect(after?.status).toBe(theirs.status);
    expect(after?.replies ?? []).toEqual([]);
  });

  it('"my tickets" lists only the user\'s own tickets, newest change first', async () => {
    const chat = world.chat();
    const printer = await world.ticketOf(chat);
    world.now.value = new Date(world.now.value.getTime() + 60_000);
    const vpn = await world.ticketOf(chat, { problem: 'VPN drops every ten minutes', category: 'network' });
    const other = await world.ticketOf(world.chat());
    for (const ask of ['my tickets', 'Show me my open tickets please', "what's the status of my tickets?"]) {
      const text = readable(await chat.send(ask));
      expect(text.split('\n')[0]).toBe('Your tickets');
      expect(text.indexOf(vpn.number)).toBeGreaterThan(0);
      expect(text.indexOf(printer.number)).toBeGreaterThan(text.indexOf(vpn.number));
      expect(text).not.toContain(other.number);
    }
    expect(readable(await world.chat().send('my tickets'))).toBe(
      "You don't have any tickets with the service desk.",
    );
  });

  it('"add to HD-…: …" adds the user\'s words as a public reply; a ticket waiting for the user is open again', async () => {
    const chat = world.chat();
    const ticket = await world.ticketOf(chat);
    const userId = ticket.user.id;
    await world.store().transition(ticket.id, 'pending', ANNA, 'asked for the error code');
    const text = readable(await chat.send(`add to ${ticket.number}: the printer now shows error 50`));
    expect(text).toBe(`Done, I've added that to ticket **${ticket.number}**. The service desk will see it.`);
    const after = (await world.store().get(ticket.id))!;
    expect(after.replies).toEqual([
      expect.objectContaining({
        by: expect.objectContaining({ kind: 'user', id: userId }),
        text: 'the printer now shows error 50',
      }),
    ]);
    expect(after.status).toBe('open');
    expect(after.history?.at(-1)).toMatchObject({
      change: 'status',
      from: 'pending',
      to: 'open',
      by: { kind: 'user' },
    });
    expect(readable(await chat.send(`add to ${ticket.number}`))).toContain(
      `What should I add to ticket **${ticket.number}**?`,
    );
    expect((await world.store().get(ticket.id))!.replies).toHaveLength(1);
  });

  it('"HD-… is fixed, close it" resolves the ticket, by the user in its history', async () => {
    const chat = world.chat();
    const ticket = await world.ticketOf(chat);
    expect(readable(await chat.send(`${ticket.number} is fixed, close it`))).toMatch(
      new RegExp(`I've marked ticket \\*\\*${ticket.number}\\*\\* as resolved`),
    );
    const after = (await world.store().get(ticket.id))!;
    expect(after.status).toBe('resolved');
    expect(after.history?.at(-1)).toMatchObject({
      change: 'status',
      to: 'resolved',
      by: { kind: 'user', id: ticket.user.id },
      why: `${ticket.number} is fixed, close it`,
    });
    expect(readable(await chat.send(`status of ${ticket.number}`))).toContain('Status: resolved');
    expect(await world.consoleEvents()).toContainEqual(
      expect.objectContaining({ type: 'ticket.updated', ticketId: ticket.id, status: 'resolved' }),
    );
    expect(readable(await chat.send(`close ${ticket.number}`))).toBe(
      `Ticket **${ticket.number}** is already resolved.`,
    );
    // A question about it is no request to close it.
    const open = await world.ticketOf(chat);
    expect(readable(await chat.send(`is ${open.number} fixed?`))).toContain('Status: ');
    expect((await world.store().get(open.id))!.status).toBe(open.status);
  });

  it('"it\'s broken again" reopens the recently resolved ticket, back to its last assignee and in the worklist', async () => {
    const chat = world.chat();
    const opened = await world.ticketOf(chat);
    const ticket = await world.daysAgo(2, () => world.resolvedByAnna(opened));
    const text = readable(await chat.send("it's broken again"));
    expect(text).toContain(
      `I've reopened ticket **${ticket.number}** (The printer on floor 2 prints blank pages) and it's back with Anna.`,
    );
    const after = (await world.store().get(ticket.id))!;
    expect(after.status).toBe('open');
    expect(after.assignee?.id).toBe(ANNA.id);
    expect(after.history?.at(-1)).toMatchObject({
      change: 'status',
      from: 'resolved',
      to: 'open',
      by: { kind: 'user' },
    });
    const worklist = await world.store().query({ status: ['open'], assigneeId: ANNA.id });
    expect(worklist.tickets.map((t) => t.id)).toContain(ticket.id);
    // The console's worklists and Anna hear of it.
    expect(await world.consoleEvents()).toContainEqual(
      expect.objectContaining({
        type: 'ticket.updated',
        ticketId: ticket.id,
        status: 'open',
        assigneeId: ANNA.id,
      }),
    );
  });

  it('a ticket resolved without an assignee goes back to the unassigned worklist', async () => {
    const chat = world.chat();
    const ticket = await world.ticketOf(chat);
    await world.store().transition(ticket.id, 'resolved', ANNA);
    expect(readable(await chat.send('oh no, the problem is back'))).toContain(
      `I've reopened ticket **${ticket.number}** (The printer on floor 2 prints blank pages); it's back on the service desk's list.`,
    );
    const unassigned = await world.store().query({ status: ['open'], assigneeId: null });
    expect(unassigned.tickets.map((t) => t.id)).toContain(ticket.id);
  });

  it('asks which when several recently resolved tickets qualify, and reopens only the one picked', async () => {
    const chat = world.chat();
    const printer = await world.resolvedByAnna(await world.ticketOf(chat));
    world.now.value = new Date(world.now.value.getTime() + 60_000);
    const vpn = await world.resolvedByAnna(
      await world.ticketOf(chat, { problem: 'VPN drops every ten minutes' }),
    );
    // The most recently resolved first.
    const asked = await chat.send('it is not working again');
    expect(readable(asked)).toContain('Which of these problems is back?');
    expect(buttons(asked)).toEqual([
      { value: vpn.id, title: `${vpn.number}: VPN drops every ten minutes` },
      { value: printer.id, title: `${printer.number}: The printer on floor 2 prints blank pages` },
      { value: 'none', title: 'None of these' },
    ]);
    expect(await chat.click(printer.id)).toContain(`I've reopened ticket **${printer.number}**`);
    expect((await world.store().get(printer.id))!.status).toBe('open');
    expect((await world.store().get(vpn.id))!.status).toBe('resolved');
  });

  it('names the problem: "my printer is broken again" reopens the printer ticket, not the VPN one', async () => {
    const chat = world.chat();
    const vpn = await world.resolvedByAnna(
      await world.ticketOf(chat, { problem: 'VPN drops every ten minutes', category: 'network' }),
    );
    const printer = await world.resolvedByAnna(await world.ticketOf(chat));
    expect(readable(await chat.send('my printer is broken again'))).toContain(
      `I've reopened ticket **${printer.number}**`,
    );
    expect((await world.store().get(vpn.id))!.status).toBe('resolved');
  });

  it('"my printer is broken again" without a fitting ticket is a printer problem for the knowledge base', async () => {
    const fresh = await world.chat().send('my printer is broken again');
    const text = readable(fresh);
    expect(text).toMatch(/printer/i);
    expect(text).not.toMatch(/reopen|ticket/i);
    // The same with only a VPN ticket resolved, and with a printer ticket resolved too long ago.
    const chat = world.chat();
    await world.resolvedByAnna(
      await world.ticketOf(chat, { problem: 'VPN drops every ten minutes', category: 'network' }),
    );
    const opened = await world.ticketOf(chat);
    const old = await world.daysAgo(15, () => world.resolvedByAnna(opened));
    expect(readable(await chat.send('my printer is broken again'))).toBe(text);
    expect((await world.store().get(old.id))!.status).toBe('resolved');
  });

  it('interrupts an open question and asks it again; inside it, "it\'s broken again" is an answer', async () => {
    const chat = world.chat();
    const ticket = await world.resolvedByAnna(await world.ticketOf(chat));
    const started = await chat.send('Outlook keeps crashing when I open it');
    const question = started.at(-1)!;
    expect(question.inputHint).toBe('expectingInput');
    const status = await chat.send(`status of ${ticket.number}`);
    expect(readable(status.slice(0, 1))).toContain('Status: resolved');
    // The same question with the same options, once more.
    expect(status.at(-1)?.summary).toBe(question.summary);
    expect(buttons(status)).toEqual(buttons([question]));
    await chat.send("it's broken again");
    expect((await world.store().get(ticket.id))!.status).toBe('resolved');
  });
  it('tells the assignee in the console when the user adds to a ticket nobody has live', async () => {
    const chat = world.chat();
    const ticket = await world.ticketOf(chat);
    await world.store().assign(ticket.id, { id: ANNA.id!, name: ANNA.name }, ANNA);
    await chat.send(`add to ${ticket.number}: it also fails on A3`);
    expect(await world.consoleEvents()).toContainEqual(
      expect.objectContaining({
        type: 'ticket.replied',
        ticketId: ticket.id,
        ticketNumber: ticket.number,
        assigneeId: ANNA.id,
        by: { kind: 'user', name: 'User' },
        text: 'it also fails on A3',
      }),
    );
  });

  it('after a technician resolved the chat: the status, then "broken again", while the rating comment is asked', async () => {
    const anna = await world.onlineTechnician({
      name: 'Anna Kowalczyk',
      skills: ['network'],
      languages: ['en'],
    });
    const chat = world.chat();
    await chat.send('my wifi keeps disconnecting');
    await chat.sayInsisting('talk to a human');
    const handoff = (await world.handoff().queue.ownerOf(await chat.conversationId))!;
    expect((await world.handoff().desk.claim(handoff.id, anna)).ok).toBe(true);
    await world.handoff().desk.resolve(handoff.id, anna, { note: 'Reset the adapter', category: 'network' });
    await chat.received();
    expect(await chat.click('5')).toMatch(/Thank you for rating/);
    // The comment question is open; a question about the ticket is no comment.
    expect(readable(await chat.send(`what's the status of ${handoff.ticketNumber}?`))).toContain(
      'Status: resolved',
    );
    expect(readable(await chat.send('the wifi is broken again'))).toContain(
      `I've reopened ticket **${handoff.ticketNumber}**`,
    );
    const ticket = (await world.store().get(handoff.ticketId))!;
    expect(ticket.status).toBe('open');
    expect(ticket.rating?.comment).toBeUndefined();
  });
});
