import { play, userChat } from '../chat-harness';
import { flowCase, flowChat, library } from './shipped-flow-chat';

describe('shipped flow: access-request', () => {
  it('is loaded', () => {
    expect(library.get('access-request')).toBeDefined();
  });

  it('en: a SharePoint site is settled with the site\'s own "Request access"', async () => {
    const chat = flowChat();
    await play(chat, [
      // "SharePoint site" answers "What do you need access to?" before it is asked.
      ['can I get access to the HR SharePoint site?', /\*\*Ask the site's owner directly\.\*\*/],
      ['yes, it worked', /the owner decides from here/],
    ]);
    const file = await flowCase(chat);
    expect(file.resolution).toMatchObject({ flowId: 'access-request', nodeId: 'resolved-site-owner' });
    expect(file.ticketRequested).toBeUndefined();
  });

  it('pl: a folder for someone else becomes a request for the identity team with its form', async () => {
    const chat = flowChat();
    await play(chat, [
      ['potrzebuję dostępu', /Do czego potrzebujesz dostępu\?/],
      ['Folder na dysku sieciowym', /Jaki dokładnie folder lub witryna\?/],
      ['\\\\files\\finanse\\budzet', /Jaki dostęp jest potrzebny\?/],
      ['Odczyt i edycja', /Dla kogo jest ten dostęp\?/],
      ['Dla innej osoby', /Kto ma go dostać\?/],
      ['Anna Nowak, anna.nowak@example.com', /Do czego jest potrzebny\?/],
      ['dołączyła do projektu budżetowego', /Kto to zatwierdza/],
      ['Jan Kowalski', /zespołu ds\. tożsamości[\s\S]*HD-\d+/],
    ]);
    const file = await flowCase(chat);
    expect(file.ticketRequested).toMatchObject({ flowId: 'access-request', category: 'access-request' });
    expect(file.ticketRequested?.request).toEqual({
      team: 'identity-team',
      fields: [
        { label: 'Access to', value: 'A folder on a network drive' },
        { label: 'Folder or site', value: '\\\\files\\finanse\\budzet' },
        { label: 'Access level', value: 'Read and edit' },
        { label: 'For whom', value: 'For someone else' },
        { label: 'Person', value: expect.stringContaining('Anna Nowak') },
        { label: 'Reason', value: 'dołączyła do projektu budżetowego' },
        { label: 'Approver', value: 'Jan Kowalski' },
      ],
    });
  });

  // What the first message already says (for whom, why, who approves) is never asked again.
  it('en: for whom, why and the approver said up front are not asked; the form has them', async () => {
    const chat = flowChat();
    await play(chat, [
      [
        'I need access to the finance shared folder for myself, to prepare the monthly reports. My manager Anna Smith approved it',
        /From what you've told me: \*\*A folder on a network drive\*\*; \*\*the finance shared folder\*\*[\s\S]*Which access is needed\?/,
      ],
      [
        'Read and edit',
        /From what you've told me: \*\*For me\*\*; \*\*to prepare the monthly reports\*\*; \*\*Anna Smith\*\*[\s\S]*identity team[\s\S]*HD-\d+/,
      ],
    ]);
    expect((await flowCase(chat)).ticketRequested?.request?.fields).toEqual([
      { label: 'Access to', value: 'A folder on a network drive' },
      { label: 'Folder or site', value: 'the finance shared folder' },
      { label: 'Access level', value: 'Read and edit' },
      { label: 'For whom', value: 'For me' },
      { label: 'Reason', value: 'to prepare the monthly reports' },
      { label: 'Approver', value: 'Anna Smith' },
    ]);
  });

  it('pl: "dla mnie", "bo …" and "zatwierdza …" in the first message fill the form', async () => {
    const chat = flowChat();
    await play(chat, [
      [
        'proszę o dostęp do folderu Sprzedaż dla mnie, bo przejmuję raportowanie zespołu. Zatwierdza Anna Nowak',
        /Czy chodzi o: Wniosek o dostęp do folderu\?/,
      ],
      ['Tak', /\*\*folderu Sprzedaż\*\*[\s\S]*Jaki dostęp jest potrzebny\?/],
      [
        'Tylko odczyt',
        /\*\*Dla mnie\*\*; \*\*bo przejmuję raportowanie zespołu\*\*; \*\*Anna Nowak\*\*[\s\S]*HD-\d+/,
      ],
    ]);
    const fields = (await flowCase(chat)).ticketRequested?.request?.fields ?? [];
    expect(fields.filter((f) => ['For whom', 'Reason', 'Approver'].includes(f.label))).toEqual([
      { label: 'For whom', value: 'For me' },
      { label: 'Reason', value: 'bo przejmuję raportowanie zespołu' },
      { label: 'Approver', value: 'Anna Nowak' },
    ]);
  });

  it('de: access for a colleague asks who, not whether it is for oneself', async () => {
    const chat = flowChat();
    await play(chat, [
      [
        'Ich brauche Zugriff auf den Ordner Controlling für meinen Kollegen',
        /Welcher Zugriff wird gebraucht\?/,
      ],
      ['Nur lesen', /Wer soll ihn bekommen\?/],
    ]);
  });

  /** A German request for read access to a folder, for oneself, with `reason` as its reason. */
  async function germanRequestForMyself(reason: string) {
    const chat = flowChat();
    await play(chat, [
      ['Zugriff beantragen', /Worauf brauchen Sie Zugriff\?/],
      ['Einen Ordner auf einem Netzlaufwerk', /Welcher Ordner bzw\. welche Seite genau\?/],
      ['Buchhaltung/Belege 2027', /Welcher Zugriff wird gebraucht\?/],
      ['Nur lesen', /Für wen ist der Zugriff\?/],
      ['Für mich', /Wofür wird er gebraucht\?/],
      [reason, /Wer genehmigt das/],
      ['meine Teamleiterin Frau Weber', /Identity-Team[\s\S]*HD-\d+/],
    ]);
    return chat;
  }

  // Changing one's mind about an earlier choice, at a later question: before, "actually it's for
  // me" was taken as the answer on screen.
  it('en: "actually it\'s for me" at a later question changes "for whom", and the person is dropped', async () => {
    const chat = flowChat();
    await play(chat, [
      ['I need access to the HR shared folder', /Which access is needed\?/],
      ['Read and edit', /Who is the access for\?/],
      ['for my colleague Maria Lopez', /\*\*Maria Lopez\*\*[\s\S]*What is it needed for\?/],
      ["actually it's for me", /changed that[\s\S]*What is it needed for\?/],
      ['to update the holiday planner', /Who approves it/],
      ['Anna Smith', /HD-\d+/],
    ]);
    const fields = (await flowCase(chat)).ticketRequested?.request?.fields ?? [];
    expect(fields).toContainEqual({ label: 'For whom', value: 'For me' });
    expect(fields.map((f) => f.label)).not.toContain('Person');
  });

  it('pl: "właściwie tylko odczyt" at a later question changes the access level', async () => {
    const chat = userChat({ locale: 'pl-PL' });
    await play(chat, [
      ['potrzebuję dostępu do folderu finanse', /Jaki dostęp jest potrzebny\?/],
      ['odczyt i edycja', /Dla kogo/],
      ['dla mnie', /Do czego jest potrzebny\?/],
      // The questions after the changed one are asked again, as after "back".
      ['właściwie tylko odczyt', /zmieniłem to[\s\S]*Dla kogo/],
      ['dla mnie', /Do czego jest potrzebny\?/],
      ['do raportów miesięcznych', /Kto to zatwierdza/],
      ['Jan Nowak', /HD-\d+/],
    ]);
    const fields = (await flowCase(chat)).ticketRequested?.request?.fields ?? [];
    expect(fields).toContainEqual({ label: 'Access level', value: 'Read only' });
  });

  it('en: "actually" in an ordinary answer is that answer', async () => {
    const chat = flowChat();
    await play(chat, [
      ['I need access to the HR shared folder', /Which access is needed\?/],
      ['Read only', /Who is the access for\?/],
      ['For me', /What is it needed for\?/],
      ['actually I need it for the audit next week', /Who approves it/],
    ]);
  });

  // Before, "do odczytu" (for reading) was "nie zrozumiałem": it is in both labels' words.
  it.each([
    ['pl-PL', 'potrzebuję dostępu do folderu finanse', 'do odczytu', /Dla kogo jest ten dostęp\?/, 'read'],
    [
      'de-DE',
      'ich brauche Zugriff auf den Ordner Finanzen',
      'zum Lesen',
      /Für wen ist der Zugriff\?/,
      'read',
    ],
    ['en-US', 'I need access to the HR shared folder', 'read and write', /Who is the access for\?/, 'edit'],
  ])(
    '%s: the access level said in other words ("%s", then "%s")',
    async (locale, ask, level, next, value) => {
      const chat = userChat({ locale });
      await play(chat, [
        [ask, /\?/],
        [level, next],
      ]);
      expect((await flowCase(chat)).answers?.at(-1)).toMatchObject({ value });
    },
  );

  // Before, "for my colleague Maria Lopez" was "Sorry, I didn't get that": only the bare phrase was.
  // The name said with the pick answers the question it leads to, "Who should get it?".
  it('en: "for my colleague Maria Lopez" answers for whom, and who', async () => {
    const chat = flowChat();
    await play(chat, [
      ['I need access to the HR shared folder', /Which access is needed\?/],
      ['Read and edit', /Who is the access for\?/],
      ['for my colleague Maria Lopez', /\*\*Maria Lopez\*\*[\s\S]*What is it needed for\?/],
    ]);
    const answers = (await flowCase(chat)).answers ?? [];
    expect(answers.at(-2)).toMatchObject({ value: 'someone-else' });
    expect(answers.at(-2)?.said).toBeUndefined();
    expect(answers.at(-1)).toMatchObject({ nodeId: 'ask-person', value: 'Maria Lopez', prefilled: true });
  });

  it('de: for oneself, the person question is skipped and left out of the form', async () => {
    const chat = await germanRequestForMyself('Prüfung der Reisekostenbelege bis Ende März');
    const fields = (await flowCase(chat)).ticketRequested?.request?.fields ?? [];
    expect(fields.map((f) => f.label)).toEqual([
      'Access to',
      'Folder or site',
      'Access level',
      'For whom',
      'Reason',
      'Approver',
    ]);
  });

  // An answer inside a form is data: a reason typed in English keeps the German chat German.
  it('de: a reason written in English is an answer, and the chat stays German', async () => {
    const chat = await germanRequestForMyself('I need it for the quarterly audit of our travel expenses');
    const fields = (await flowCase(chat)).ticketRequested?.request?.fields ?? [];
    expect(fields).toContainEqual({
      label: 'Reason',
      value: 'I need it for the quarterly audit of our travel expenses',
    });
  });

  // A new request in another language leaves the form, and the chat follows its language.
  it('de: a new problem written in English at a question of the form is answered in English', async () => {
    await play(flowChat(), [
      ['Zugriff beantragen', /Worauf brauchen Sie Zugriff\?/],
      ['Einen Ordner auf einem Netzlaufwerk', /Welcher Ordner bzw\. welche Seite genau\?/],
      ['Buchhaltung/Belege 2027', /Welcher Zugriff wird gebraucht\?/],
      ['OneDrive is not syncing my files anymore', /This looks like[\s\S]*Step 1 of/],
    ]);
  });

  it('ro: a too short reason is asked again', async () => {
    const chat = flowChat();
    await play(chat, [
      // The folder named in the first message answers the first two questions.
      [
        'am nevoie de acces la folderul echipei de vânzări',
        /folderul echipei de vânzări[\s\S]*Ce fel de acces este necesar\?/,
      ],
      ['Doar citire', /Pentru cine este accesul\?/],
      ['Pentru mine', /Pentru ce este nevoie de el\?/],
      ['da', /Cel puțin 5 caractere[\s\S]*Pentru ce este nevoie de el\?/],
      ['pregătesc ofertele pentru clienții noi', /Cine aprobă/],
      ['managerul meu, Ion Popescu', /echipa de identitate[\s\S]*HD-\d+/],
    ]);
    const request = (await flowCase(chat)).ticketRequested?.request;
    expect(request?.team).toBe('identity-team');
    expect(request?.fields.slice(0, 2)).toEqual([
      { label: 'Access to', value: 'A folder on a network drive' },
      { label: 'Folder or site', value: 'folderul echipei de vânzări' },
    ]);
  });
});
