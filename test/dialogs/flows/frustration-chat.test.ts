import { buttons, catalogue, startProductionApp, userChat, visible } from '../chat-harness';

// The frustration middleware runs as createApp orders it, in front of the router and the flows.
describe('frustration in a conversation', () => {
  startProductionApp();

  it('offers a person in front of the next step when the user keeps saying it still fails', async () => {
    // OneDrive has an article and no diagnostic flow: its walk-through starts at once.
    const chat = userChat();
    await chat.send('OneDrive is not syncing my files');
    const first = await chat.send('no, still not working');
    expect(visible(first)).not.toMatch(/frustrating/);
    const second = await chat.send("it still doesn't work");
    // On Web Chat the offer is a card with the person button.
    expect(visible([second[0]!])).toMatch(/sorry this is so frustrating[\s\S]*talk to a person/);
    expect(buttons([second[0]!]).map((b) => b.value)).toEqual(['human']);
    // The walk-through carries on underneath: the next step follows the offer.
    expect(visible(second.slice(1))).toMatch(/Step 3 of/);
  });

  it("answers in the user's language with a person button, and the button opens a hand-over", async () => {
    const chat = userChat();
    const replies = await chat.send('Das ist nutzlos, mein Drucker druckt nicht!!!');
    expect(visible([replies[0]!])).toMatch(/Es tut mir leid/);
    expect(buttons([replies[0]!])).toEqual([
      { value: 'human', title: catalogue.t('de', 'choice.talkToPerson') },
    ]);
    // Clicking it is the router's request for a person, from any dialog: a real hand-over that
    // first confirms the topic, then opens a ticket.
    const person = await chat.click('human');
    expect(visible(person)).toMatch(/Drucker/);
    expect(visible(await chat.send('ja'))).toMatch(/Ticket \*\*HD-\d+\*\* angelegt/);
  });

  it('stays quiet for calm messages and for an explicit request for a person', async () => {
    const chat = userChat();
    expect(visible(await chat.send('my printer is not printing'))).not.toMatch(/frustrating/);
    expect(visible(await chat.send('talk to a person, this is useless!!!'))).not.toMatch(/frustrating/);
  });
});
