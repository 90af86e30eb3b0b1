import { play } from '../chat-harness';
import { flowCase, flowChat, library } from './shipped-flow-chat';

describe('shipped flow: lost-stolen-device', () => {
  it('is loaded', () => {
    expect(library.get('lost-stolen-device')).toBeDefined();
  });

  it('en: stolen laptop – one question, then an urgent security hand-over with what to do now', async () => {
    const chat = flowChat();
    await play(chat, [
      ['someone stole my bag with the laptop', /\*\*When and where\*\* did you last have it\?/],
      [
        'on the tram, about 9am',
        /Report it now, also outside office hours[\s\S]*account\.microsoft\.com\/devices[\s\S]*opened ticket \*\*HD-\d+\*\*/,
      ],
    ]);
    const file = await flowCase(chat);
    expect(file.facts.deviceType).toBe('laptop');
    expect(file.handoffRequested).toMatchObject({
      flowId: 'lost-stolen-device',
      nodeId: 'escalate-computer',
      category: 'security',
      priority: 'urgent',
      skills: ['security'],
    });
  });

  it('en: device unknown from the message – asked, then a tablet gets the SIM and Authenticator advice', async () => {
    const chat = flowChat();
    await play(chat, [
      ['how do I report a stolen device', /\*\*which device\*\* is it\?/],
      ['Tablet', /When and where/],
      ["don't know", /remove the lost phone[\s\S]*block the SIM[\s\S]*opened ticket \*\*HD-\d+\*\*/],
    ]);
    const file = await flowCase(chat);
    expect(file.handoffRequested).toMatchObject({ nodeId: 'escalate-mobile', priority: 'urgent' });
  });

  it('de: lost company iPhone', async () => {
    const chat = flowChat();
    await play(chat, [
      ['finde mein Firmen-iPhone nicht mehr', /\*\*Wann und wo\*\* hatten Sie es zuletzt\?/],
      [
        'weiß nicht',
        /Melden Sie es jetzt, auch außerhalb der Bürozeiten[\s\S]*SIM-Karte sperren[\s\S]*Ticket \*\*HD-\d+\*\* angelegt/,
      ],
    ]);
    const file = await flowCase(chat);
    expect(file.facts.deviceType).toBe('phone');
    expect(file.handoffRequested).toMatchObject({ category: 'security', priority: 'urgent' });
  });

  it('ro: stolen laptop; "ajutor" at the question repeats it', async () => {
    const chat = flowChat();
    await play(chat, [
      ['mi-a furat cineva geanta cu laptopul', /Când și unde/],
      ['ajutor', /Descrieți problema[\s\S]*Când și unde/],
      ['în metrou, azi dimineață', /Raportați acum, și în afara programului[\s\S]*tichetul \*\*HD-\d+\*\*/],
    ]);
  });

  it('pl: asked which device, a MacBook gets the Find My advice', async () => {
    const chat = flowChat();
    await play(chat, [
      ['jak zgłosić kradzież sprzętu służbowego', /\*\*jakie to urządzenie\*\*\?/],
      ['MacBook', /\*\*Kiedy i gdzie\*\*/],
      ['nie wiem', /Oznacz jako utracone[\s\S]*zgłoszenie \*\*HD-\d+\*\*/],
    ]);
    const file = await flowCase(chat);
    expect(file.handoffRequested).toMatchObject({ nodeId: 'escalate-mac' });
  });
});
