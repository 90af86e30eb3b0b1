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

  it.each([
    ['en-US', 'why does nobody answer here??', 'en'],
    ['en-US', 'hello?? is anyone there?', 'en'],
    ['de-DE', 'warum antwortet keiner', 'de'],
    ['pl-PL', 'to jest bez sensu', 'pl'],
    ['ro-RO', 'nimeni nu răspunde??', 'ro'],
  ] as const)(
    '%s: answers "%s", a complaint and nothing else, with empathy and a person, not an article',
    async (locale, text, language) => {
      const chat = userChat({ locale });
      const replies = await chat.send(text);
      // One reply: the offer. Looked up, these found "not responding" apps, a full disk, Wi-Fi.
      expect(replies).toHaveLength(1);
      expect(buttons(replies)).toEqual([
        { value: 'human', title: catalogue.t(language, 'choice.talkToPerson') },
      ]);
      expect((await chat.caseFile())?.descriptions ?? []).toEqual([]);
    },
  );

  it('asks a flow question again after a complaint, without "I didn\'t get that" and without losing the place', async () => {
    const chat = userChat();
    expect(visible(await chat.send('my wifi drops'))).toMatch(/Which device has the Wi-Fi problem/);
    const replies = await chat.send('hello?? anyone there?');
    expect(buttons([replies[0]!]).map((b) => b.value)).toEqual(['human']);
    const rest = visible(replies.slice(1));
    expect(rest).toMatch(/Which device has the Wi-Fi problem/);
    expect(rest).not.toMatch(/didn't get that/);
    expect(visible(await chat.send('windows 11'))).toMatch(/Airplane mode/);
  });

  it('asks "did that work?" again after a complaint in a walk-through, and the steps go on', async () => {
    const chat = userChat();
    expect(visible(await chat.send('OneDrive is not syncing my files'))).toMatch(/Step 1 of/);
    const replies = await chat.send('this is ridiculous');
    expect(buttons([replies[0]!]).map((b) => b.value)).toEqual(['human']);
    const rest = visible(replies.slice(1));
    expect(rest).toMatch(/Did that work\?/);
    expect(rest).not.toMatch(/didn't|Step/);
    expect(visible(await chat.send('no'))).toMatch(/Step 2 of/);
  });

  it('keeps an angry, unclear description as the problem: the person asked for does not ask it again', async () => {
    const chat = userChat({ locale: 'de-DE' });
    const angry = 'Warum antwortet hier keiner?? Das ist jetzt das dritte Mal, dass mein Outlook abstürzt!!!';
    expect(visible(await chat.send(angry))).toMatch(/Es tut mir leid/);
    const person = visible(await chat.send('ich will mit einem Menschen reden'));
    expect(person).not.toMatch(/Was ist das Problem/);
    expect((await chat.caseFile())?.descriptions).toEqual([angry]);
  });

  // Swearing and outrage say how the user feels, not what is broken: left out of the look-up,
  // they no longer turn a clear problem into "no answer" behind the offer of a person.
  it.each([
    [
      'de-DE',
      'Scheiße, Outlook stürzt ständig ab, das ist lächerlich',
      /Es tut mir leid[\s\S]*---[\s\S]*Outlook/,
    ],
    [
      'en-US',
      'shit, my VPN keeps dropping, this is ridiculous',
      /sorry this is so frustrating[\s\S]*---[\s\S]*VPN/,
    ],
  ])('%s "%s": the offer of a person, then help with the problem named', async (locale, angry, expected) => {
    const chat = userChat({ locale });
    const replies = await chat.send(angry);
    expect(visible(replies)).toMatch(expected);
    expect(visible(replies.slice(1))).not.toMatch(/keine Antwort|don't have an answer/);
  });

  it('stays quiet for calm messages and for an explicit request for a person', async () => {
    const chat = userChat();
    expect(visible(await chat.send('my printer is not printing'))).not.toMatch(/frustrating/);
    expect(visible(await chat.send('talk to a person, this is useless!!!'))).not.toMatch(/frustrating/);
  });
});
