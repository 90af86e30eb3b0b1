import path from 'node:path';
import { ConversationState, MemoryStorage, TestAdapter, UserState, type Activity } from 'botbuilder';
import { FirstLineBot } from '../../../src/bot';
import { FlowStrings } from '../../../src/dialogs/flows';
import { frustrationMiddleware } from '../../../src/dialogs/frustration';
import { catalogue, knowledgeService, serviceDesk, visible, buttons } from '../chat-harness';

const strings = FlowStrings.load(path.join(__dirname, '../../../content/flows/_strings.yaml'));

function chat(channelId = 'test') {
  const storage = new MemoryStorage();
  const bot = new FirstLineBot({
    catalogue,
    conversationState: new ConversationState(storage),
    userState: new UserState(storage),
    defaultLanguage: 'en',
    botName: 'FirstLine',
    maxMessageChars: 500,
    knowledge: knowledgeService(),
    serviceDesk,
  });
  const adapter = new TestAdapter((context) => bot.run(context), { channelId });
  adapter.use(
    frustrationMiddleware({
      storage,
      defaultLanguage: 'en',
      texts: {
        empathy: (lang) => strings.t(lang, 'frustration.empathy'),
        talkToPerson: (lang) => catalogue.t(lang, 'choice.talkToPerson'),
      },
    }),
  );
  return async (input: string | Partial<Activity>): Promise<Partial<Activity>[]> => {
    await adapter.receiveActivity(input);
    return adapter.activeQueue.splice(0).filter((a) => a.type === 'message');
  };
}

describe('frustration in a conversation', () => {
  it('offers a person in front of the next step when the user keeps saying it still fails', async () => {
    const send = chat();
    await send('my wifi keeps disconnecting');
    const first = await send('no, still not working');
    expect(visible(first)).not.toMatch(/frustrating/);
    const second = await send("it still doesn't work");
    expect(second[0]!.text).toMatch(/sorry this is so frustrating[\s\S]*talk to a person/);
    // The walk-through carries on underneath: the next step follows the offer.
    expect(visible(second.slice(1))).toMatch(/Step 3 of/);
  });

  it("answers in the user's language with a person button where cards are shown", async () => {
    const send = chat('directline');
    const replies = await send('Das ist nutzlos, mein Drucker druckt nicht!!!');
    expect(visible([replies[0]!])).toMatch(/Es tut mir leid/);
    expect(buttons([replies[0]!])).toEqual([
      { value: 'human', title: catalogue.t('de', 'choice.talkToPerson') },
    ]);
    // Clicking it is the router's request for a person, from any dialog.
    const person = await send({ type: 'message', value: { firstlineChoice: 'human' } });
    expect(visible(person)).toMatch(/Service[- ]Desk/i);
  });

  it('stays quiet for calm messages and for an explicit request for a person', async () => {
    const send = chat();
    expect(visible(await send('my printer is not printing'))).not.toMatch(/frustrating/);
    expect(visible(await send('talk to a person, this is useless!!!'))).not.toMatch(/frustrating/);
  });
});
