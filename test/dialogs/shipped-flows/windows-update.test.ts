import { play } from '../chat-harness';
import { flowCase, flowChat, library } from './shipped-flow-chat';

describe('shipped flow: windows-update', () => {
  it('is loaded', () => {
    expect(library.get('windows-update')).toBeDefined();
  });

  it('en: 0x800f0922 from the first message goes straight to the VPN question; a direct connection fixes it', async () => {
    const chat = flowChat();
    await play(chat, [
      // The error code in the first message answers "what happens?" and "which code?".
      [
        'update fails with 0x800f0922, what now?',
        /\*\*It fails with an error code\*\*[\s\S]*connected through the \*\*VPN\*\*/,
      ],
      ['yes', /direct, stable connection/],
      ['yes, it worked', /glad/i],
    ]);
    const file = await flowCase(chat);
    expect(file.facts.errorCode).toBe('0x800F0922');
    expect(file.resolution).toMatchObject({ flowId: 'windows-update', nodeId: 'resolved-network' });
  });

  it('ro: 0x80070643 on KB5034441 opens a low-priority ticket instead of more retries', async () => {
    const chat = flowChat();
    await play(chat, [
      ['actualizarea windows eșuează mereu', /Ce se întâmplă cu actualizarea\?/],
      ['Eșuează cu un cod de eroare', /Ce cod de eroare vedeți\?/],
      ['scrie 0x80070643', /\*\*KB5034441\*\*/],
      ['da', /problemă cunoscută[\s\S]*tichetul \*\*HD-\d+\*\*[\s\S]*prioritate scăzută/],
    ]);
    const file = await flowCase(chat);
    expect(file.ticketRequested).toMatchObject({
      flowId: 'windows-update',
      category: 'endpoint',
      priority: 'low',
    });
    expect(file.facts.errorCode).toBe('0x80070643');
  });

  it('pl: too little space hands over to the disk-full flow', async () => {
    const chat = flowChat();
    await play(chat, [
      ['aktualizacja stoi na 0%', /Co się dzieje z aktualizacją\?/],
      ['Stoi na pobieraniu lub instalacji', /Uruchom ponownie i sprawdź jeszcze raz/],
      ['nie', /\*\*mniej niż 20 GB wolnego miejsca\*\*/],
      ['tak', /15–20 GB[\s\S]*Na jakim urządzeniu brakuje miejsca/],
    ]);
  });

  it('de: nothing helps; the error code is asked before the hand-over and kept on the case', async () => {
    const chat = flowChat();
    await play(chat, [
      ['Updates werden nach dem Neustart rückgängig gemacht', /Was passiert beim Update\?/],
      ['Will ständig neu starten', /Neu starten und erneut prüfen/],
      ['nein', /weniger als 20 GB frei/],
      ['nein', /über \*\*VPN\*\*/],
      ['nein', /Andere Problembehandlungen/],
      ['nein', /Für 1 Woche anhalten/],
      ['nein', /Welchen Fehlercode zeigt/],
      ['Da steht Fehler 0x80070002', /Endpoint-Team[\s\S]*Ticket \*\*HD-\d+\*\* angelegt/],
    ]);
    const file = await flowCase(chat);
    expect(file.facts.errorCode).toBe('0x80070002');
    expect(file.handoffRequested).toMatchObject({ category: 'endpoint', skills: ['endpoint', 'windows'] });
  });

  it('en: "start over" on the stuck screen leaves the flow', async () => {
    const chat = flowChat();
    await play(chat, [
      ['stuck on working on updates', /What happens with the update\?/],
      ['Stuck on "Working on updates"', /Give the "Working on updates" screen time/],
      ['start over', /start over/i],
    ]);
  });
});
