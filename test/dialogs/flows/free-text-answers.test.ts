import { play, startProductionApp, userChat } from '../chat-harness';

/*
 * A free-text question of a flow ("what do you need it for?") takes whatever the user writes as
 * the answer. Everyday words in such an answer (team, project, laptop, sound, printer) also name
 * topics of the knowledge base; the answer must still move the flow on, never leave it for an
 * article about one of those words. A device named in the answer is taken as the device, so the
 * flow then goes straight to the approver question. Played on the shipped content through the production wiring.
 */
const SOFTWARE_REQUEST = {
  en: {
    start: 'I need a program installed',
    name: 'Visio',
    notListed: 'no',
    forWhom: 'For me',
    device: /Which device should it be installed on\?/,
    approver: /Who approves it/,
  },
  de: {
    start: 'ich brauche ein Programm installiert',
    name: 'Visio',
    notListed: 'nein',
    forWhom: 'Für mich',
    device: /Auf welchem Gerät soll es installiert werden\?/,
    approver: /Wer genehmigt das/,
  },
  pl: {
    start: 'potrzebuję zainstalować program',
    name: 'Visio',
    notListed: 'nie',
    forWhom: 'Dla mnie',
    device: /Na jakim urządzeniu ma być zainstalowany\?/,
    approver: /Kto to zatwierdza/,
  },
  ro: {
    start: 'am nevoie să-mi instalați un program',
    name: 'Visio',
    notListed: 'nu',
    forWhom: 'Pentru mine',
    device: /Pe ce dispozitiv trebuie instalat\?/,
    approver: /Cine aprobă/,
  },
} as const;

describe('free-text answers to a flow question', () => {
  startProductionApp();

  it.each([
    ['en', 'For our team to plan the new project'],
    ['en', 'I draw the network plans of the office on my laptop'],
    ['en', 'to check the sound levels of our recordings'],
    ['en', 'We print large diagrams on the office printer'],
    ['de', 'Für die Projektplanung unseres Teams'],
    ['de', 'Ich zeichne die Netzpläne auf meinem neuen Laptop'],
    ['de', 'Zum Schneiden von Videos mit Ton für das Team'],
    ['de', 'Wir drucken große Pläne am Drucker im Büro'],
    ['pl', 'Do planowania projektów naszego zespołu'],
    ['pl', 'Rysuję schematy sieci na moim nowym laptopie'],
    ['pl', 'Do montażu filmów z dźwiękiem dla zespołu'],
    ['pl', 'Drukujemy duże plany na drukarce w biurze'],
    ['ro', 'Pentru planificarea proiectelor echipei noastre'],
    ['ro', 'Desenez schemele rețelei pe laptopul nou'],
    ['ro', 'Pentru editarea clipurilor cu sunet pentru echipă'],
    ['ro', 'Tipărim planuri mari la imprimanta din birou'],
  ] as const)('%s: "%s" stays the answer to "what for?"', async (lang, reason) => {
    const flow = SOFTWARE_REQUEST[lang];
    await play(userChat({ locale: lang }), [
      [flow.start, /Visio Plan 2/],
      [flow.name, /Company Portal|Unternehmensportal|Portal(u)? (firmy|companie)/],
      [
        flow.notListed,
        /Visio|Then it needs a request|Dann braucht es einen Antrag|potrzebny jest wniosek|e nevoie de o cerere/,
      ],
      [flow.forWhom, /needed for|Wofür|Do czego|Pentru ce/],
      [reason, new RegExp(`${flow.device.source}|${flow.approver.source}`)],
    ]);
  });
});
