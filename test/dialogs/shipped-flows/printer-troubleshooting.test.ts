import { play } from '../chat-harness';
import { flowCase, flowChat, library } from './shipped-flow-chat';

describe('shipped flow: printer-troubleshooting', () => {
  it('is loaded', () => {
    expect(library.get('printer-troubleshooting')).toBeDefined();
  });

  it('en: held secure-print job released at the printer; the printer is noted', async () => {
    const chat = flowChat();
    await play(chat, [
      ['nothing comes out when I hit print', /Which printer is it\?/],
      // "Nothing comes out" was in the first message: the problem is not asked for again.
      [
        'PRN-3-12, 3rd floor by the kitchen',
        /\*\*Nothing comes out \/ job stuck\*\*[\s\S]*\*\*release them at the device\*\*/,
      ],
      ['yes', /Release the job at the printer/],
      ['yes', /glad/i],
    ]);
    expect((await flowCase(chat)).facts.location).toBe('PRN-3-12, 3rd floor by the kitchen');
  });

  it('en: streaks need someone on site – a ticket, not a hand-over', async () => {
    const chat = flowChat();
    await play(chat, [
      ['printouts have streaks', /Which printer/],
      ['PRN-1-01 reception', /someone on site[\s\S]*ticket/],
    ]);
    const file = await flowCase(chat);
    expect(file.ticketRequested).toMatchObject({ category: 'printer', priority: 'low' });
    expect(file.handoffRequested).toBeUndefined();
  });

  it('ro: offline from home and the VPN does not connect – VPN flow', async () => {
    await play(flowChat(), [
      ['imprimanta din birou apare offline și nu printează nimic', /Despre ce imprimantă e vorba\?/],
      ['PRN-2-05, etajul 2', /Care este problema\?/],
      ['Imprimanta apare offline', /\*\*de acasă sau sunteți pe drum\*\*/],
      ['da', /Conectați întâi VPN-ul/],
      ['nu', /Fără VPN funcțional[\s\S]*deconectați VPN-ul și deschideți un site public/],
    ]);
  });

  it('ro: an unknown error on the display is collected and handed to the workplace team', async () => {
    const chat = flowChat();
    await play(chat, [
      ['eroare la imprimare', /Despre ce imprimantă/],
      ['PRN-4-20', /Care este problema/],
      ['Eroare sau blocaj pe afișajul imprimantei', /Ce arată afișajul imprimantei\?/],
      ['Altă eroare', /scrieți mesajul sau codul de eroare/],
      ['SC542 fuser error', /Echipa de suport la birou trebuie să verifice imprimanta/],
    ]);
    const file = await flowCase(chat);
    expect(file.facts.errorMessage).toMatch(/SC542/);
    expect(file.handoffRequested).toMatchObject({ category: 'printer', skills: ['workplace'] });
  });

  it('en: "help" while asked for the printer explains and asks again', async () => {
    await play(flowChat(), [
      ["my printer isn't printing", /Which printer is it\?/],
      ['help', /Describe the problem in your own words[\s\S]*Which printer is it\?/],
    ]);
  });
});
