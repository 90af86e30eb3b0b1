import { play } from '../chat-harness';
import { flowCase, flowChat, library } from './shipped-flow-chat';

describe('shipped flow: software-install-request', () => {
  it('is loaded', () => {
    expect(library.get('software-install-request')).toBeDefined();
  });

  it('en: listed in the Company Portal, installed from there', async () => {
    const chat = flowChat();
    await play(chat, [
      ['can you install 7-zip for me', /Which program do you need\?/],
      ['Visio Plan 2', /company catalogue[\s\S]*\*\*Is the program listed\?\*\*/],
      ['yes', /Install it from the Company Portal/],
      ['yes, it worked', /Company Portal is the quickest way/],
    ]);
    const file = await flowCase(chat);
    expect(file.facts.softwareName).toBe('Visio Plan 2');
    expect(file.resolution).toMatchObject({ flowId: 'software-install-request', nodeId: 'resolved-portal' });
  });

  it('de: not listed, a low-priority request ticket for the workplace team with its form', async () => {
    const chat = flowChat();
    await play(chat, [
      ['ich brauche ein Programm installiert', /Welches Programm brauchen Sie\?/],
      ['Visio', /Firmenkatalog[\s\S]*Ist das Programm dort zu finden/],
      ['nein', /Antrag[\s\S]*Für wen ist das Programm\?/],
      ['Für mich', /Wofür wird es bei der Arbeit gebraucht\?/],
      ['Für die Projektplanung unseres Teams', /Auf welchem Gerät soll es installiert werden\?/],
      ['Windows-Laptop', /Wer genehmigt das/],
      ['meine Teamleiterin Frau Weber', /Workplace-Team[\s\S]*HD-\d+[\s\S]*Priorität: niedrig/],
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
    // The technician reads each question as the user saw it, in English: the catalogue's address
    // filled in, not a "{{org.softwarePortalUrl}}" placeholder.
    const catalogueQuestion = file.answers?.find((a) => a.nodeId === 'ask-in-portal')?.question ?? '';
    expect(catalogueQuestion).toMatch(
      /^Please look for it in the company catalogue first \(the Company Portal app\)/,
    );
    expect(file.answers?.map((a) => a.question ?? '').join('\n')).not.toContain('{{');
    // For oneself, the person question is skipped and left out of the form.
    expect(file.ticketRequested?.request).toEqual({
      team: 'workplace-team',
      fields: [
        { label: 'Software', value: 'Visio' },
        { label: 'For whom', value: 'For me' },
        { label: 'Reason', value: 'Für die Projektplanung unseres Teams' },
        { label: 'Device', value: 'Windows laptop' },
        { label: 'Approver', value: 'meine Teamleiterin Frau Weber' },
      ],
    });
  });

  it('en: software for a colleague collects what, for whom, why, device and approver', async () => {
    const chat = flowChat();
    await play(chat, [
      ['I need a program installed', /Which program do you need\?/],
      ['Adobe Acrobat Pro', /\*\*Is the program listed\?\*\*/],
      ['no', /needs a request[\s\S]*Who is the program for\?/],
      ['For someone else', /Who should get it\?/],
      ['Sam Lee, sam.lee@example.com', /What is it needed for at work\?/],
      ['signing supplier contracts from next week', /Which device should it be installed on\?/],
      ['Mac', /Who approves it/],
      ['Dana Miller', /workplace team[\s\S]*HD-\d+/],
    ]);
    const file = await flowCase(chat);
    expect(file.ticketRequested).toMatchObject({
      flowId: 'software-install-request',
      category: 'software-request',
    });
    expect(file.ticketRequested?.request).toEqual({
      team: 'workplace-team',
      fields: [
        { label: 'Software', value: 'Adobe Acrobat Pro' },
        { label: 'For whom', value: 'For someone else' },
        { label: 'Person', value: expect.stringContaining('Sam Lee') },
        { label: 'Reason', value: 'signing supplier contracts from next week' },
        { label: 'Device', value: 'Mac' },
        { label: 'Approver', value: 'Dana Miller' },
      ],
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

  it('ro: a too short reason is asked again; "ajutor" repeats the question; the request goes to its team', async () => {
    const chat = flowChat();
    await play(chat, [
      ['am nevoie să-mi instalați un program', /De ce program aveți nevoie\?/],
      ['Acrobat', /Programul apare în listă\?/],
      ['nu', /Pentru cine este programul\?/],
      ['Pentru mine', /Pentru ce este nevoie de el la serviciu\?/],
      ['pdf', (text) => expect(text).not.toMatch(/Pe ce dispozitiv/)],
      ['ajutor', /Descrieți problema[\s\S]*Pentru ce este nevoie de el la serviciu\?/],
      ['Pentru semnarea contractelor cu clienții', /Pe ce dispozitiv trebuie instalat\?/],
      ['Mac', /Cine aprobă/],
      [
        'managerul meu, Ion Popescu',
        /echipa de suport la birou[\s\S]*tichetul \*\*HD-\d+\*\*[\s\S]*prioritate scăzută/,
      ],
    ]);
    const file = await flowCase(chat);
    expect(file.ticketRequested?.facts).toMatchObject({ softwareName: 'Acrobat', deviceType: 'mac' });
    expect(file.ticketRequested?.request?.team).toBe('workplace-team');
    expect(file.ticketRequested?.request?.fields.find((f) => f.label === 'Approver')?.value).toBe(
      'managerul meu, Ion Popescu',
    );
  });

  it('pl: not listed, a request for a colleague becomes a request ticket for the workplace team', async () => {
    const chat = flowChat();
    await play(chat, [
      ['potrzebuję zainstalować program', /Jakiego programu potrzebujesz\?/],
      ['Tableau', /Czy program jest na liście\?/],
      ['nie', /Dla kogo jest ten program\?/],
      ['Dla innej osoby', /Kto ma go dostać\?/],
      ['Anna Nowak, anna.nowak@example.com', /Do czego jest potrzebny w pracy\?/],
      ['raporty sprzedaży dla zarządu', /Na jakim urządzeniu ma być zainstalowany\?/],
      ['Laptop z Windows', /Kto to zatwierdza/],
      ['Jan Kowalski', /zespołu stanowisk pracy[\s\S]*HD-\d+/],
    ]);
    const request = (await flowCase(chat)).ticketRequested?.request;
    expect(request?.team).toBe('workplace-team');
    expect(request?.fields.map((f) => f.label)).toEqual([
      'Software',
      'For whom',
      'Person',
      'Reason',
      'Device',
      'Approver',
    ]);
    expect(request?.fields[4]).toEqual({ label: 'Device', value: 'Windows laptop' });
  });

  // A product whose name holds a device word names no device: the flow still asks which one.
  it('en: "Power BI Desktop" is the program, not the device it goes on', async () => {
    const chat = flowChat();
    await play(chat, [
      ['I need a program installed', /Which program do you need\?/],
      ['Power BI Desktop', /\*\*Is the program listed\?\*\*/],
      ['no', /Who is the program for\?/],
      ['For me', /What is it needed for at work\?/],
      ['building the monthly sales dashboards', /Which device should it be installed on\?/],
      ['Windows laptop', /Who approves it/],
      ['Dana Miller', /workplace team[\s\S]*HD-\d+/],
    ]);
    const file = await flowCase(chat);
    expect(file.ticketRequested?.facts).toMatchObject({
      softwareName: 'Power BI Desktop',
      deviceType: 'laptop',
    });
    expect(file.ticketRequested?.request?.fields).toContainEqual({
      label: 'Device',
      value: 'Windows laptop',
    });
  });

  it('de: "Power BI Desktop" names no device either', async () => {
    const chat = flowChat();
    await play(chat, [
      ['ich brauche ein Programm installiert', /Welches Programm brauchen Sie\?/],
      ['Power BI Desktop', /Ist das Programm dort zu finden/],
      ['nein', /Für wen ist das Programm\?/],
      ['Für mich', /Wofür wird es bei der Arbeit gebraucht\?/],
      ['Für die Berichte der Vertriebsleitung', /Auf welchem Gerät soll es installiert werden\?/],
    ]);
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
