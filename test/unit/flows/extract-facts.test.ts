import { extractFacts } from '../../../src/dialogs/facts';

describe('extractFacts', () => {
  const table: [string, string, Record<string, string>][] = [
    // English
    [
      'en',
      'My Windows 11 laptop shows 0x8007000d when updating',
      { os: 'windows-11', deviceType: 'laptop', errorCode: '0x8007000D' },
    ],
    ['en', 'win10 desktop keeps freezing', { os: 'windows-10', deviceType: 'desktop' }],
    ['en', 'blue screen CRITICAL_PROCESS_DIED on boot', { errorCode: 'CRITICAL_PROCESS_DIED' }],
    [
      'en',
      'Teams says error CAA20002 on my iPhone',
      { os: 'ios', deviceType: 'phone', errorCode: 'CAA20002' },
    ],
    ['en', 'my MacBook on Sonoma will not connect', { os: 'macos', deviceType: 'mac' }],
    ['en', 'the portal gives error 403 asap please', { errorCode: '403', urgency: 'urgent' }],
    [
      'en',
      "I can't sign in, it says: Your account has been locked. Not urgent",
      { errorMessage: 'Your account has been locked', urgency: 'low' },
    ],
    [
      'en',
      'Outlook shows "Cannot start Microsoft Outlook" on my Samsung phone',
      { errorMessage: 'Cannot start Microsoft Outlook', os: 'android', deviceType: 'phone' },
    ],
    // German
    [
      'de',
      'Mein MacBook verbindet sich nicht mit dem WLAN, dringend!',
      { os: 'macos', deviceType: 'mac', urgency: 'urgent' },
    ],
    [
      'de',
      'Outlook zeigt: „Die Verbindung zum Server ist fehlgeschlagen“',
      { errorMessage: 'Die Verbindung zum Server ist fehlgeschlagen' },
    ],
    [
      'de',
      'Android Handy, Fehlercode 1603, ich kann nicht arbeiten',
      { os: 'android', deviceType: 'phone', errorCode: '1603', urgency: 'high' },
    ],
    ['de', 'Drucker druckt nicht, nicht dringend', { deviceType: 'printer', urgency: 'low' }],
    // Polish
    ['pl', 'Na macu nie działa Outlook, błąd 500', { os: 'macos', deviceType: 'mac', errorCode: '500' }],
    [
      'pl',
      'nie mogę pracować, komputer stacjonarny z Windows 11 się restartuje',
      { os: 'windows-11', deviceType: 'desktop', urgency: 'high' },
    ],
    ['pl', 'Drukarka nie drukuje, nie jest pilne', { deviceType: 'printer', urgency: 'low' }],
    [
      'pl',
      'na laptopie wyskakuje komunikat: Nie można połączyć z tą siecią',
      { deviceType: 'laptop', errorMessage: 'Nie można połączyć z tą siecią' },
    ],
    // Romanian
    [
      'ro',
      'Laptopul meu cu Windows 10 nu pornește, eroare 403, urgent',
      { os: 'windows-10', deviceType: 'laptop', errorCode: '403', urgency: 'urgent' },
    ],
    [
      'ro',
      'pe iPad apare eroarea AADSTS50076',
      { os: 'ios', deviceType: 'tablet', errorCode: 'AADSTS50076' },
    ],
    ['ro', 'telefonul meu android nu primește mailuri', { os: 'android', deviceType: 'phone' }],
    ['ro', 'imprimanta nu printează, nu e urgent', { deviceType: 'printer', urgency: 'low' }],
  ];

  it.each(table)('[%s] %s', (_lang, text, expected) => {
    expect(extractFacts(text)).toEqual(expected);
  });

  // Look-alikes that must not become facts.
  const benign: string[] = [
    'what is my MAC address',
    'Wie finde ich meine MAC-Adresse?',
    "the 'Office-5G' network doesn't show up",
    "I can't and won't restart it",
    'my file is called quarterly_report_final.xlsx',
    'I have 10 tabs open',
    'Rufen Sie mich bitte telefonisch an',
    'Power BI Desktop',
    'I cannot connect with Remote Desktop',
    'potrzebuję aplikacji desktopowej Slacka',
  ];

  it('a program named after a device leaves the device named next to it', () => {
    expect(extractFacts('Power BI Desktop on my laptop').deviceType).toBe('laptop');
    expect(extractFacts('Remote Desktop from my desktop PC at home').deviceType).toBe('desktop');
  });

  it.each(benign)('finds nothing in "%s"', (text) => {
    const facts = extractFacts(text);
    expect(facts.os).toBeUndefined();
    expect(facts.errorCode).toBeUndefined();
    expect(facts.errorMessage).toBeUndefined();
    expect(facts.deviceType).toBeUndefined();
  });

  const printers: [text: string, printer: string | undefined][] = [
    ["the printer PRN-3-12 isn't printing", 'PRN-3-12'],
    ['our HP LaserJet Pro M404dn jams all the time', 'HP LaserJet Pro M404dn'],
    ['Der Drucker OG2-07 druckt nicht', 'OG2-07'],
    ['drukarka Kyocera ECOSYS M2540dn nie drukuje', 'Kyocera ECOSYS M2540dn'],
    ['imprimanta IMP-12 nu printează', 'IMP-12'],
    ['my printer is not printing', undefined],
    ['HP EliteBook 840 is slow', undefined],
    ['printer on the 3rd floor is offline', undefined],
  ];
  it.each(printers)('reads the printer in "%s"', (text, printer) => {
    expect(extractFacts(text).printer).toBe(printer);
  });

  it('takes the device mentioned first', () => {
    expect(extractFacts('my laptop cannot find the printer').deviceType).toBe('laptop');
  });
});

describe("extractFacts: a request's details said up front", () => {
  it.each([
    [
      'I need access to the HR folder because I joined the recruiting team, approved by my manager Tom Baker',
      'because I joined the recruiting team',
      'Tom Baker',
    ],
    [
      'Ich brauche Zugriff auf den Ordner Controlling, weil ich ab Montag das Reporting übernehme. Genehmigt von Frau Berger',
      'weil ich ab Montag das Reporting übernehme',
      'Frau Berger',
    ],
    [
      'proszę o dostęp do folderu Sprzedaż, bo przejmuję raportowanie zespołu. Zatwierdza Anna Nowak',
      'bo przejmuję raportowanie zespołu',
      'Anna Nowak',
    ],
    [
      'Am nevoie de acces la folderul Vânzări pentru că preiau raportările echipei, aprobat de ion.popescu@example.com',
      'pentru că preiau raportările echipei',
      'ion.popescu@example.com',
    ],
  ])('%s', (text, businessReason, approver) => {
    expect(extractFacts(text)).toMatchObject({ businessReason, approver });
  });

  it.each([
    'Outlook crashes because of the update',
    'my manager Anna Smith cannot log in',
    'I need a new mouse because mine is broken',
    'my manager is on holiday and I need access to the budget folder',
  ])('reads no reason or approver in "%s"', (text) => {
    const facts = extractFacts(text);
    expect([facts.businessReason, facts.approver]).toEqual([undefined, undefined]);
  });
});
