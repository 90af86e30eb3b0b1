import { play } from '../chat-harness';
import { flowCase, flowChat, library } from './shipped-flow-chat';

describe('shipped flow: software-install-request', () => {
  it('is loaded', () => {
    expect(library.get('software-install-request')).toBeDefined();
  });

  it('en: listed in the Company Portal, installed from there', async () => {
    const chat = flowChat();
    await play(chat, [
      ['can you install visio for me', /Which program do you need\?/],
      ['Visio Plan 2', /company catalogue[\s\S]*\*\*Is the program listed\?\*\*/],
      ['yes', /Install it from the Company Portal/],
      ['yes, it worked', /Company Portal is the quickest way/],
    ]);
    const file = await flowCase(chat);
    expect(file.facts.softwareName).toBe('Visio Plan 2');
    expect(file.resolution).toMatchObject({ flowId: 'software-install-request', nodeId: 'resolved-portal' });
  });

  it('de: not listed, a low-priority request with name, reason and device', async () => {
    const chat = flowChat();
    await play(chat, [
      ['ich brauche ein Programm installiert', /Welches Programm brauchen Sie\?/],
      ['Visio', /Firmenkatalog[\s\S]*Ist das Programm dort zu finden/],
      ['nein', /Wofür brauchen Sie es bei der Arbeit\?/],
      ['Für die Projektplanung unseres Teams', /Auf welchem Gerät soll es installiert werden\?/],
      ['Windows-Laptop', /Softwareantrag[\s\S]*Priorität: niedrig/],
    ]);
    const file = await flowCase(chat);
    expect(file.ticketRequested).toMatchObject({
      flowId: 'software-install-request',
      category: 'software-request',
      priority: 'low',
    });
    expect(file.ticketRequested?.facts).toMatchObject({
      softwareName: 'Visio',
      businessReason: 'Für die Projektplanung unseres Teams',
      deviceType: 'laptop',
    });
  });

  it('pl: the portal installation keeps failing, escalated with the error code', async () => {
    const chat = flowChat();
    await play(chat, [
      ['brakuje mi aplikacji na komputerze', /Jakiego programu potrzebujesz\?/],
      ['Power BI Desktop', /Czy program jest na liście\?/],
      ['tak', /Zainstaluj program z Portalu firmy/],
      ['nie', /Zsynchronizuj urządzenie/],
      ['nie', /Jaki kod błędu lub komunikat/],
      ['pokazuje 0x87D1041C', /Technik może sprawdzić wdrożenie[\s\S]*zgłoszenie \*\*HD-\d+\*\*/],
    ]);
    const file = await flowCase(chat);
    expect(file.facts.errorCode).toBe('0x87D1041C');
    expect(file.handoffRequested).toMatchObject({ category: 'software', skills: ['endpoint'] });
  });

  it('ro: a too short reason is asked again; "ajutor" repeats the question', async () => {
    const chat = flowChat();
    await play(chat, [
      ['am nevoie să-mi instalați un program', /De ce program aveți nevoie\?/],
      ['Acrobat', /Programul apare în listă\?/],
      ['nu', /Pentru ce aveți nevoie de el la serviciu\?/],
      ['pdf', (text) => expect(text).not.toMatch(/Pe ce dispozitiv/)],
      ['ajutor', /Descrieți problema[\s\S]*Pentru ce aveți nevoie de el la serviciu\?/],
      ['Pentru semnarea contractelor cu clienții', /Pe ce dispozitiv trebuie instalat\?/],
      ['Mac', /cerere de software[\s\S]*tichetul \*\*HD-\d+\*\*[\s\S]*prioritate scăzută/],
    ]);
    const file = await flowCase(chat);
    expect(file.ticketRequested?.facts).toMatchObject({ softwareName: 'Acrobat', deviceType: 'mac' });
  });

  // A short answer to an open question keeps the conversation's language.
  it('de: an English product name as the answer keeps the conversation in German', async () => {
    const chat = flowChat();
    await play(chat, [
      ['ich brauche ein Programm installiert', /Welches Programm brauchen Sie\?/],
      ['Microsoft Project', /Ist das Programm dort zu finden/],
    ]);
  });
});
