import { ActivityTypes, MemoryStorage } from 'botbuilder';
import { JOIN_EVENT } from '../../../src/bot';
import { Chat, visible } from '../../dialogs/chat-harness';

const say = async (chat: Chat, input: Parameters<Chat['send']>[0]) => visible(await chat.send(input));

describe('FirstLineBot', () => {
  it('greets when the web chat joins, in the browser language', async () => {
    const chat = new Chat();
    expect(
      await say(chat, { type: ActivityTypes.Event, name: JOIN_EVENT, value: { locale: 'de-DE' } }),
    ).toMatch(/^Hallo! Ich bin FirstLine/);
  });

  it('greets a member added to the conversation (Teams), not the bot itself', async () => {
    const chat = new Chat();
    const greeting = await say(chat, {
      type: ActivityTypes.ConversationUpdate,
      membersAdded: [{ id: 'user1', name: 'Ana' }],
      recipient: { id: 'bot', name: 'FirstLine' },
    });
    expect(greeting).toMatch(/^Hello! I'm FirstLine/);
    expect(
      await say(chat, {
        type: ActivityTypes.ConversationUpdate,
        membersAdded: [{ id: 'bot', name: 'FirstLine' }],
      }),
    ).toBe('');
  });

  it.each([
    ['My laptop keeps losing the connection to the wifi', /This looks like: .*\n[\s\S]*Step 1 of \d/],
    [
      'Mein Laptop verliert ständig die Verbindung zum WLAN',
      /Das sieht nach diesem Thema aus[\s\S]*Schritt 1 von/,
    ],
    ['Mój laptop ciągle traci połączenie z siecią Wi-Fi', /Wygląda na to, że chodzi o[\s\S]*Krok 1 z/],
    ['Laptopul meu pierde mereu conexiunea la rețeaua Wi-Fi', /Pare să fie vorba despre[\s\S]*Pasul 1 din/],
  ])('answers "%s" in the language it was written in', async (message, expected) => {
    expect(await say(new Chat(), message)).toMatch(expected);
  });

  it('remembers the language for short messages and switches when asked', async () => {
    const chat = new Chat();
    expect(await say(chat, 'Mein Drucker druckt seit heute Morgen nicht mehr')).toMatch(/Schritt 1 von/);
    expect(await say(chat, 'nein')).toMatch(/Schritt 2 von/);
    // Switching language repeats the open question in the new language.
    expect(await say(chat, 'polski')).toMatch(/od teraz piszę po polsku[\s\S]*Krok 2 z/);
    expect(await say(chat, 'nie')).toMatch(/Krok 3 z/);
  });

  it('keeps the language across a restart (state in storage)', async () => {
    const storage = new MemoryStorage();
    expect(await say(new Chat({ storage }), 'Română')).toMatch(/română/);
    expect(await say(new Chat({ storage }), 'hi')).toMatch(/^Bună! Cu ce vă pot ajuta/);
  });

  it('explains the limit instead of failing on an oversized message', async () => {
    expect(await say(new Chat(), 'a'.repeat(600))).toMatch(/too long.*500 characters/);
  });

  it('asks for text when a message is empty', async () => {
    expect(await say(new Chat(), '   ')).toMatch(/didn't catch any text/);
  });

  it('answers a one-word help in the language of the word', async () => {
    expect(await say(new Chat(), 'Hilfe')).toMatch(/Beschreiben Sie das Problem in eigenen Worten/);
    expect(await say(new Chat(), 'ajutor')).toMatch(/Descrieți problema cu cuvintele/);
  });
});

describe('FirstLineBot greeting', () => {
  it('greets once per conversation however often the page joins', async () => {
    const chat = new Chat();
    const join = { type: ActivityTypes.Event, name: JOIN_EVENT, value: { locale: 'pl-PL' } };
    expect(await say(chat, join)).toMatch(/^Dzień dobry!/);
    expect(await say(chat, join)).toBe('');
  });

  it('on Direct Line waits for the page to join instead of greeting on the conversation update', async () => {
    const chat = new Chat({ channelId: 'directline' });
    const update = {
      type: ActivityTypes.ConversationUpdate,
      membersAdded: [{ id: 'dl_user', name: 'User' }],
      recipient: { id: 'bot', name: 'FirstLine' },
    };
    expect(await say(chat, update)).toBe('');
    expect(
      await say(chat, { type: ActivityTypes.Event, name: JOIN_EVENT, value: { locale: 'ro-RO' } }),
    ).toMatch(/^Bună!/);
  });
});
