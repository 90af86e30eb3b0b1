import { catalogue, play, recording, userChat, type ChatLike } from '../chat-harness';
import { flowCase, flowChat, library } from './shipped-flow-chat';

/**
 * The request form (content/flows/service-request.yaml): a request topic without a flow of its
 * own gets its article's summary and then the form, never the article's steps with "did that
 * work?"; the request ticket goes to the topic's owner in taxonomy.yaml.
 */

/** The request ticket the conversation opened, as the desk stores it. */
async function requestTicket(chat: ChatLike) {
  const tickets = (await chat.tickets?.()) ?? [];
  expect(tickets).toHaveLength(1);
  return tickets[0]!;
}

/** No step of the article was shown and "did that work?" was never asked, in the user's language. */
function expectNoTroubleshooting(said: readonly string[], lang: 'en' | 'de' | 'pl' | 'ro'): void {
  const all = said.join('\n');
  expect(all).not.toContain(catalogue.t(lang, 'walkthrough.question'));
  expect(all).not.toContain(catalogue.t(lang, 'choice.worked'));
}

describe('the request form for request topics without a flow of their own', () => {
  it('is loaded, and never matched itself', () => {
    const form = library.get('service-request');
    expect(form?.requestForm).toBe(true);
    expect(library.requestForm()?.id).toBe('service-request');
    expect(library.documents().some((d) => d.id === 'service-request')).toBe(false);
  });

  it('en: admin rights for oneself, approved by the manager, go to the security team', async () => {
    const { chat, said } = recording(flowChat());
    await play(chat, [
      [
        'I need local admin rights on my laptop',
        /Request local administrator rights[\s\S]*request for \*\*Admin rights\*\*[\s\S]*What exactly do you need\?/,
      ],
      ['Local admin on my laptop PC-4711 for one week', /Who is it for\?/],
      ['For me', /What is it needed for\?/],
      ['I have to install and test printer drivers for the new office', /Who approves it\?/],
      [
        'My manager',
        /Here is your request:[\s\S]*\*\*What:\*\* Local admin on my laptop PC-4711 for one week[\s\S]*\*\*For whom:\*\* For me[\s\S]*\*\*Approver:\*\* My manager[\s\S]*Shall I send it\?/,
      ],
      ['yes', /team that handles \*\*Admin rights\*\*[\s\S]*HD-\d+/],
    ]);
    expectNoTroubleshooting(said, 'en');
    const file = await flowCase(chat);
    expect(file.ticketRequested).toMatchObject({ flowId: 'service-request', category: 'service-request' });
    const request = {
      team: 'security-team',
      fields: [
        { label: 'Request', value: 'Admin rights' },
        { label: 'What', value: 'Local admin on my laptop PC-4711 for one week' },
        { label: 'For whom', value: 'For me' },
        { label: 'Reason', value: 'I have to install and test printer drivers for the new office' },
        { label: 'Approver', value: 'My manager' },
      ],
    };
    expect(file.ticketRequested?.request).toEqual(request);
    const ticket = await requestTicket(chat);
    expect(ticket).toMatchObject({ type: 'request', team: 'security-team', requestFields: request.fields });
  });

  // The pick first, detail after: before, "my manager Tom Baker" was "Sorry, I didn't get that".
  it('en: "my manager Tom Baker" picks the manager and keeps the name on the form', async () => {
    const chat = flowChat();
    await play(chat, [
      ['I need local admin rights on my laptop', /What exactly do you need\?/],
      ['Local admin on my laptop PC-4711 for one week', /Who is it for\?/],
      ['For me', /What is it needed for\?/],
      ['I have to install and test printer drivers', /Who approves it\?/],
      ['my manager Tom Baker', /\*\*Approver:\*\* My manager \(Tom Baker\)[\s\S]*Shall I send it\?/],
      ['yes', /HD-\d+/],
    ]);
    const ticket = await requestTicket(chat);
    expect(ticket.requestFields).toContainEqual({ label: 'Approver', value: 'My manager (Tom Baker)' });
  });

  it('de: "mein Chef Herr Müller" picks the manager and keeps the name', async () => {
    const chat = userChat({ locale: 'de-DE' });
    await play(chat, [
      ['Ich brauche Adminrechte auf meinem Laptop', /Was genau brauchen Sie\?/],
      ['lokale Adminrechte für eine Woche', /Für wen ist das\?/],
      ['für mich', /Wofür wird es gebraucht\?/],
      ['ich muss Druckertreiber testen', /Wer genehmigt das\?/],
      ['mein Chef Herr Müller', /\*\*Genehmigt von:\*\* Meine Führungskraft \(Herr Müller\)/],
    ]);
  });

  it('en: for whom, why and the approver said up front are not asked again', async () => {
    const chat = flowChat();
    await play(chat, [
      [
        'I need local admin rights on my laptop for myself because I test the new printer drivers, approved by my manager Tom Baker',
        /What exactly do you need\?/,
      ],
      [
        'Local admin on PC-4711 for a day',
        /\*\*For me\*\*; \*\*because I test the new printer drivers\*\*; \*\*Tom Baker\*\*[\s\S]*Shall I send it\?/,
      ],
      ['yes', /HD-\d+/],
    ]);
    const fields = (await flowCase(chat)).ticketRequested?.request?.fields ?? [];
    expect(fields.filter((f) => f.label !== 'Request')).toEqual([
      { label: 'What', value: 'Local admin on PC-4711 for a day' },
      { label: 'For whom', value: 'For me' },
      { label: 'Reason', value: 'because I test the new printer drivers' },
      { label: 'Approver name', value: 'Tom Baker' },
    ]);
  });

  it('en: a changed "for whom" takes the person it no longer needs off the form', async () => {
    const chat = flowChat();
    await play(chat, [
      ['I need local admin rights on my laptop', /What exactly do you need\?/],
      ['Local admin on PC-4711 for a day', /Who is it for\?/],
      ['For someone else', /Who exactly\?/],
      ['Jan Novak', /What is it needed for\?/],
      ['Driver tests for the new office printers', /Who approves it\?/],
      ['My manager', /\*\*Person:\*\* Jan Novak[\s\S]*Shall I send it\?/],
      ['no', /What would you like to change\?/],
      ["Who it's for", /Who is it for\?/],
      ['For me', /What is it needed for\?/],
      ['Driver tests for the new office printers', /Who approves it\?/],
      ['My manager', (text) => expect(text).not.toContain('Jan Novak')],
      ['yes', /HD-\d+/],
    ]);
    const fields = (await flowCase(chat)).ticketRequested?.request?.fields ?? [];
    expect(fields.map((f) => f.label)).toEqual(['Request', 'What', 'For whom', 'Reason', 'Approver']);
    expect(fields).toContainEqual({ label: 'For whom', value: 'For me' });
  });

  it('de: a new joiner, for someone else without being asked, goes to the identity team', async () => {
    const { chat, said } = recording(flowChat());
    await play(chat, [
      [
        'neuer Mitarbeiter fängt am Montag an und braucht ein Konto',
        /Antrag zu \*\*Neue Mitarbeitende\*\*[\s\S]*Was genau brauchen Sie\?/,
      ],
      // "Neuer Mitarbeiter" already said who it is for: never asked twice.
      [
        'Konto, E-Mail-Adresse und Standard-Laptop',
        /Aus dem, was Sie mir geschrieben haben: \*\*Für jemand anderen\*\*[\s\S]*Für wen genau\?/,
      ],
      ['Jonas Becker, Eintritt am 1. März', /Wofür wird es gebraucht\?/],
      ['Er verstärkt ab März unser Controlling-Team', /Wer genehmigt das\?/],
      ['Jemand anderes', /Name oder E-Mail-Adresse genügt/],
      [
        'Petra Schulz',
        /Ihr Antrag im Überblick:[\s\S]*\*\*Person:\*\* Jonas Becker, Eintritt am 1\. März[\s\S]*\*\*Name der genehmigenden Person:\*\* Petra Schulz[\s\S]*Soll ich ihn so abschicken\?/,
      ],
      ['ja', /zuständig ist[\s\S]*HD-\d+/],
    ]);
    expectNoTroubleshooting(said, 'de');
    const fields = [
      { label: 'Request', value: 'New employee' },
      { label: 'What', value: 'Konto, E-Mail-Adresse und Standard-Laptop' },
      { label: 'For whom', value: 'For someone else' },
      { label: 'Person', value: 'Jonas Becker, Eintritt am 1. März' },
      { label: 'Reason', value: 'Er verstärkt ab März unser Controlling-Team' },
      { label: 'Approver', value: 'Someone else' },
      { label: 'Approver name', value: 'Petra Schulz' },
    ];
    expect((await flowCase(chat)).ticketRequested?.request).toEqual({ team: 'identity-team', fields });
    const ticket = await requestTicket(chat);
    expect(ticket).toMatchObject({ type: 'request', team: 'identity-team', requestFields: fields });
  });

  it('pl: a distribution list, corrected before sending, goes to the workplace team', async () => {
    const { chat, said } = recording(flowChat());
    await play(chat, [
      [
        'wniosek o listę dystrybucyjną',
        /wniosek: \*\*Lista dystrybucyjna\*\*[\s\S]*Czego dokładnie potrzebujesz\?/,
      ],
      ['nowa lista sprzedaz-polnoc@example.com', /Dla kogo to jest\?/],
      ['Dla mnie', /Do czego jest to potrzebne\?/],
      ['do wysyłania ofert do całego zespołu', /Kto to zatwierdza\?/],
      ['mój szef', /Oto Twój wniosek:[\s\S]*\*\*Zatwierdza:\*\* Mój przełożony[\s\S]*Czy mam go wysłać\?/],
      ['nie', /Co chcesz zmienić\?/],
      ['Uzasadnienie', /Do czego jest to potrzebne\?/],
      ['do wysyłania ofert i cenników do zespołu sprzedaży', /Kto to zatwierdza\?/],
      ['Mój przełożony', /cenników do zespołu sprzedaży[\s\S]*Czy mam go wysłać\?/],
      ['tak', /zajmuje się tematem \*\*Lista dystrybucyjna\*\*[\s\S]*HD-\d+/],
    ]);
    expectNoTroubleshooting(said, 'pl');
    const fields = [
      { label: 'Request', value: 'Distribution list' },
      { label: 'What', value: 'nowa lista sprzedaz-polnoc@example.com' },
      { label: 'For whom', value: 'For me' },
      { label: 'Reason', value: 'do wysyłania ofert i cenników do zespołu sprzedaży' },
      { label: 'Approver', value: 'My manager' },
    ];
    expect((await flowCase(chat)).ticketRequested?.request).toEqual({ team: 'workplace-team', fields });
    const ticket = await requestTicket(chat);
    expect(ticket).toMatchObject({ type: 'request', team: 'workplace-team', requestFields: fields });
  });

  it('ro: new equipment goes to the hardware team', async () => {
    const { chat, said } = recording(flowChat());
    await play(chat, [
      [
        'cerere tastatură și mouse noi',
        /cererea pentru \*\*Comandă echipament\*\*[\s\S]*De ce anume aveți nevoie\?/,
      ],
      ['o tastatură și un mouse ergonomic', /Pentru cine este\?/],
      ['Pentru mine', /Pentru ce este nevoie\?/],
      ['mă doare încheietura de la mouse-ul actual', /Cine aprobă\?/],
      [
        'Managerul meu',
        /Iată cererea dumneavoastră:[\s\S]*\*\*Ce:\*\* o tastatură și un mouse ergonomic[\s\S]*O trimit așa\?/,
      ],
      ['da', /se ocupă de \*\*Comandă echipament\*\*[\s\S]*HD-\d+/],
    ]);
    expectNoTroubleshooting(said, 'ro');
    const fields = [
      { label: 'Request', value: 'Order equipment' },
      { label: 'What', value: 'o tastatură și un mouse ergonomic' },
      { label: 'For whom', value: 'For me' },
      { label: 'Reason', value: 'mă doare încheietura de la mouse-ul actual' },
      { label: 'Approver', value: 'My manager' },
    ];
    expect((await flowCase(chat)).ticketRequested?.request).toEqual({ team: 'hardware-team', fields });
    const ticket = await requestTicket(chat);
    expect(ticket).toMatchObject({ type: 'request', team: 'hardware-team', requestFields: fields });
  });
});
