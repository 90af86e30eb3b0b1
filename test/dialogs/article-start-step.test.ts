import { play, startProductionApp, userChat } from './chat-harness';

// A multi-purpose article starts at the step whose problem the message names (`startAt` in the
// article's front matter); the steps after it follow, then those before it.
describe('article walk-through: the step the message names comes first', () => {
  startProductionApp();

  it("en: a certificate warning starts at the browser article's certificate step, then goes on to step 3", async () => {
    const chat = userChat();
    await play(chat, [
      [
        'Chrome says "Your connection is not private" when I open the intranet',
        /Step 1 of 8[\s\S]*If the browser warns that the connection is not private/,
      ],
      ['no', /Step 2 of 8[\s\S]*Restart and update the browser/],
      ['yes', /glad that fixed it/],
    ]);
    // Recorded with the article's own step numbers, as technicians read the article.
    expect((await chat.caseFile())?.steps).toEqual([
      expect.objectContaining({ step: 2, result: 'failed' }),
      expect.objectContaining({ step: 3, result: 'worked' }),
    ]);
  });

  it.each([
    ['pl', 'jak zarezerwować salę konferencyjną w outlooku', /Krok 1 z 6[\s\S]*Zarezerwuj salę/],
    [
      'de',
      'alle Termine im Outlook sind eine Stunde verschoben, falsche Uhrzeit',
      /Schritt 1 von 6[\s\S]*falschen Uhrzeit/,
    ],
    ['ro', 'cum deschid calendarul unui coleg în outlook', /Pasul 1 din 6[\s\S]*calendarul unui coleg/],
    [
      'en',
      'my new assistant should manage my meetings on my behalf',
      /Step 1 of 6[\s\S]*assistant manage your meetings/,
    ],
  ])('%s: "%s" starts at its step of the calendar article', async (_lang, problem, first) => {
    await play(userChat(), [[problem, first]]);
  });

  it('en: a message that names none of them starts at step 1', async () => {
    await play(userChat(), [
      ['how do I share my calendar in outlook', /Step 1 of 6[\s\S]*Share your calendar/],
    ]);
  });

  // Other multi-purpose articles: the message names one of their questions, so the walk starts there.
  it.each([
    [
      'en',
      'my colleague is off sick this week, can you set an out of office reply for her',
      /Step 1 of 6[\s\S]*For a colleague who is away/,
    ],
    ['de', 'Wie stelle ich die Abwesenheitsnotiz am Handy ein?', /Schritt 1 von 6[\s\S]*Am Handy\./],
    ['pl', 'jak połączyć trzy pliki pdf w jeden dokument', /Krok 1 z 5[\s\S]*Łączenie, edycja i konwersja/],
    ['ro', 'cum semnez un contract pdf primit pe mail', /Pasul 1 din 5[\s\S]*Completați și semnați/],
    [
      'de',
      'meine Zutrittskarte funktioniert seit heute nicht mehr am Eingang',
      /Schritt 1 von 6[\s\S]*Nicht funktionierenden Ausweis prüfen/,
    ],
    [
      'en',
      "found a colleague's access card in the car park, where do I hand it in?",
      /Step 1 of 6[\s\S]*Hand in badges you find/,
    ],
    ['ro', 'tastatura îmi scrie alte litere decât apăs', /Pasul 1 din 7[\s\S]*Corectați caracterele greșite/],
    ['pl', 'touchpad w laptopie przestał reagować', /Krok 1 z 7[\s\S]*Sprawdź, czy touchpad jest włączony/],
    [
      'pl',
      'od wczoraj poczta służbowa na telefonie się nie synchronizuje',
      /Krok 1 z 7[\s\S]*Jeśli poczta przestała się synchronizować/,
    ],
    [
      'en',
      'I got a new phone and need to move my work email over to it',
      /Step 1 of 7[\s\S]*Moving to a new phone/,
    ],
    [
      'de',
      'Kollegin hat meine Präsentation überschrieben, wie komme ich an die alte Version?',
      /Schritt 1 von 7[\s\S]*Ältere Version einer überschriebenen Datei zurückholen/,
    ],
    [
      'pl',
      'skasowałam plik z dysku sieciowego działu, da się go odzyskać?',
      /Krok 1 z 7[\s\S]*Pliki na dysku sieciowym/,
    ],
    [
      'ro',
      'portalul companiei zice că telefonul meu nu e conform și nu am acces la mail',
      /Pasul 1 din 6[\s\S]*Rezolvați „neconform”/,
    ],
    [
      'en',
      "company portal says I've reached the device limit, how do I get rid of my old phone",
      /Step 1 of 6[\s\S]*Remove devices you no longer use/,
    ],
    // Faults on request topics walk only the fault steps, from the one the message names.
    [
      'en',
      "my mails to the sales distribution list bounce back, it says I don't have permission to send to this group",
      /Step 1 of 4[\s\S]*permission to send to this group/,
    ],
    [
      'ro',
      'mailurile trimise pe lista de distribuție se întorc cu eroare',
      /Pasul 1 din 4[\s\S]*Nu aveți permisiunea/,
    ],
    [
      'de',
      'Ich kann nicht als Gruppenpostfach senden, es kommt eine Fehlermeldung',
      /Schritt 1 von 4[\s\S]*Aus dem Gruppenpostfach senden/,
    ],
    [
      'pl',
      'skrzynka współdzielona nie pokazuje się w aplikacji outlook na telefonie',
      /Krok 1 z 4[\s\S]*Na telefonie\./,
    ],
  ])('%s: "%s" starts at the step it names', async (_lang, problem, first) => {
    await play(userChat(), [[problem, first]]);
  });

  // The same articles' general problem starts at their first step.
  it.each([
    [
      'en',
      'how do I set up an out of office reply in outlook',
      /Step 1 of 6[\s\S]*New Outlook and Outlook on the web/,
    ],
    ['en', "pdf attachments won't open", /Step 1 of 5[\s\S]*Save the PDF and open it from your computer/],
    ['en', 'I lost my access card', /Step 1 of 6[\s\S]*Report a lost or stolen badge at once/],
    ['en', "my keyboard isn't working", /Step 1 of 7[\s\S]*Check batteries, switch and connection/],
    ['en', 'how do I get my work email on my android phone', /Step 1 of 7[\s\S]*Install the Outlook app/],
    [
      'en',
      "I'm not getting emails sent to the sales distribution list",
      /Step 1 of 4[\s\S]*Find the list and its owner/,
    ],
    ['en', "the shared mailbox doesn't show up in my outlook", /Step 1 of 4[\s\S]*Wait and restart Outlook/],
    [
      'en',
      'accidentally deleted a spreadsheet from my desktop, how do I get it back',
      /Step 1 of 7[\s\S]*Make sure it wasn't just moved/,
    ],
    [
      'en',
      'how do I register my phone in company portal',
      /Step 1 of 6[\s\S]*Start with a charged, up-to-date device/,
    ],
  ])('%s: "%s" starts at step 1', async (_lang, problem, first) => {
    await play(userChat(), [[problem, first]]);
  });

  it('en: after the last step the steps before the first one come, then the offer of a person', async () => {
    const chat = userChat();
    await play(chat, [
      ['how do I book a meeting room in outlook', /Step 1 of 6[\s\S]*Book a meeting room/],
      ['no', /Step 2 of 6[\s\S]*wrong time/],
      ['no', /Step 3 of 6[\s\S]*can't set yourself/],
      ['no', /Step 4 of 6[\s\S]*Share your calendar/],
      ['no', /Step 5 of 6/],
      ['no', /Step 6 of 6[\s\S]*assistant manage your meetings/],
    ]);
    expect((await chat.caseFile())?.steps.map((s) => s.step)).toEqual([4, 5, 6, 1, 2]);
  });
});

// A badge is the knowledge base's topic (security.lost-badge), not a pointer to facilities.
describe('badges reach their article', () => {
  startProductionApp();

  it.each([
    ['en', 'I lost my badge', /Report a lost or stolen badge at once/],
    ['de', 'Ausweis geht nicht mehr', /Nicht funktionierenden Ausweis prüfen/],
  ])('%s: "%s"', async (_lang, problem, step) => {
    await play(userChat(), [[problem, step]]);
  });
});

// After "is it about …?" the message is only the click: the problem as described names the step.
describe('the start step after a clarifying question', () => {
  startProductionApp();

  it('de: an angry, unsure "Outlook is extremely slow" answered "Ja" starts at the slow-Outlook step', async () => {
    await play(userChat(), [
      [
        'das ist doch lächerlich, seit heute morgen geht gar nichts, Outlook ist extrem langsam!!!',
        /Geht es um Outlook\?/,
      ],
      ['Ja', /Schritt 1 von 8[\s\S]*Wenn Outlook langsam ist oder die Suche nichts findet/],
    ]);
  });
});
