import path from 'node:path';
import { ActivityTypes, ConversationState, MemoryStorage, TestAdapter, UserState, type Activity } from 'botbuilder';
import { FirstLineBot, JOIN_EVENT } from '../../../src/bot';
import { Catalogue } from '../../../src/i18n';

const catalogue = Catalogue.load(path.join(__dirname, '../../../content/i18n'));

function makeAdapter(storage = new MemoryStorage()) {
  const bot = new FirstLineBot({
    catalogue,
    conversationState: new ConversationState(storage),
    userState: new UserState(storage),
    defaultLanguage: 'en',
    botName: 'FirstLine',
    maxMessageChars: 200,
  });
  return new TestAdapter((context) => bot.run(context));
}

const text = (activity: Partial<Activity>) => activity.text ?? '';

describe('FirstLineBot', () => {
  it('greets when the web chat joins, in the browser language', async () => {
    await makeAdapter()
      .send({ type: ActivityTypes.Event, name: JOIN_EVENT, value: { locale: 'de-DE' } })
      .assertReply((reply) => expect(text(reply)).toMatch(/^Hallo! Ich bin FirstLine/));
  });

  it('greets a member added to the conversation (Teams), not the bot itself', async () => {
    await makeAdapter()
      .send({
        type: ActivityTypes.ConversationUpdate,
        membersAdded: [{ id: 'user1', name: 'Ana' }],
        recipient: { id: 'bot', name: 'FirstLine' },
      })
      .assertReply((reply) => expect(text(reply)).toMatch(/^Hello! I'm FirstLine/));
  });

  it.each([
    ['My laptop keeps losing the connection to the network', /Describe the problem in a sentence/],
    ['Mein Laptop verliert ständig die Verbindung zum Netzwerk', /Beschreiben Sie das Problem/],
    ['Mój laptop ciągle traci połączenie z siecią firmową', /Opisz problem/],
    ['Laptopul meu pierde mereu conexiunea la rețeaua firmei', /Descrieți problema/],
  ])('answers "%s" in the language it was written in', async (message, expected) => {
    await makeAdapter().send(message).assertReply((reply) => expect(text(reply)).toMatch(expected));
  });

  it('remembers the language for short messages and switches when asked', async () => {
    await makeAdapter()
      .send('Mein Drucker druckt seit heute Morgen nicht mehr')
      .assertReply((r) => expect(text(r)).toMatch(/Beschreiben Sie/))
      .send('ok')
      .assertReply((r) => expect(text(r)).toMatch(/Beschreiben Sie/))
      .send('polski')
      .assertReply((r) => expect(text(r)).toMatch(/od teraz piszę po polsku/))
      .send('My printer still does not print anything at all')
      .assertReply((r) => expect(text(r)).toMatch(/Opisz problem/));
  });

  it('keeps the language across a restart (state in storage)', async () => {
    const storage = new MemoryStorage();
    await makeAdapter(storage).send('Română').assertReply((r) => expect(text(r)).toMatch(/română/));
    await makeAdapter(storage).send('hi').assertReply((r) => expect(text(r)).toMatch(/Descrieți problema/));
  });

  it('explains the limit instead of failing on an oversized message', async () => {
    await makeAdapter()
      .send('a'.repeat(500))
      .assertReply((r) => expect(text(r)).toMatch(/too long.*200 characters/));
  });

  it('answers help in the user language', async () => {
    await makeAdapter()
      .send('Hilfe')
      .assertReply((r) => expect(text(r)).toMatch(/Beschreiben Sie das Problem in eigenen Worten/));
  });
});
