import { recogniseTicketCommand } from '../../../src/dialogs/tickets';

/** What the shipped word lists (content/words, `tickets`) make of messages, per language. */
describe('recognising ticket commands', () => {
  const status = (...numbers: string[]) => ({ kind: 'status', numbers });
  const mine = { kind: 'mine' };
  const comment = (number: string, text: string) => ({ kind: 'comment', number, text });
  const close = (number: string) => ({ kind: 'close', number });
  const reopen = (subject: string[], number?: string) => ({
    kind: 'reopen',
    subject,
    ...(number ? { number } : {}),
  });

  it.each([
    // English
    ["what's the status of my ticket HD-1001?", status('HD-1001')],
    ['status of HD-1001', status('HD-1001')],
    ['hd 1001', status('HD-1001')],
    ['any news on HD1001 and HD-1002?', status('HD-1001', 'HD-1002')],
    ['is HD-1001 fixed?', status('HD-1001')],
    ["don't close HD-1001", status('HD-1001')],
    ['my tickets', mine],
    ['Show me my open tickets please', mine],
    ["what's the status of my tickets?", mine],
    ['add to HD-1001: the printer now shows error 50', comment('HD-1001', 'the printer now shows error 50')],
    ['please add to ticket HD-1001 that it also fails on A3', comment('HD-1001', 'it also fails on A3')],
    ['add to HD-1001 that the error reads: 0x50', comment('HD-1001', 'the error reads: 0x50')],
    ['add to HD-1001', comment('HD-1001', '')],
    ['HD-1001 is fixed, close it', close('HD-1001')],
    ['you can close HD-1001, thanks', close('HD-1001')],
    ['can you close HD-1001?', close('HD-1001')],
    ["HD-1001 isn't fixed, it's broken again", reopen([], 'HD-1001')],
    ["it's broken again", reopen([])],
    ['oh no, the problem is back', reopen([])],
    ['my printer is broken again', reopen(['printer'])],
    // German
    ['Wie ist der Stand von HD-1001?', status('HD-1001')],
    ['meine Tickets', mine],
    ['Zeig mir bitte meine offenen Tickets', mine],
    ['Wie steht es um mein Ticket?', mine],
    [
      'Füge zu HD-1001 hinzu: der Drucker zeigt jetzt Fehler 50',
      comment('HD-1001', 'der Drucker zeigt jetzt Fehler 50'),
    ],
    ['Ergänzung zu HD-1001, dass es auch auf A3 passiert', comment('HD-1001', 'es auch auf A3 passiert')],
    ['HD-1001 ist erledigt, bitte schließen', close('HD-1001')],
    ['HD-1001 ist nicht behoben', reopen([], 'HD-1001')],
    ['Es ist wieder kaputt', reopen([])],
    ['Der Drucker geht wieder nicht', reopen(['drucker'])],
    // Polish
    ['Jaki jest status zgłoszenia HD-1001?', status('HD-1001')],
    ['moje zgłoszenia', mine],
    ['Co z moim zgłoszeniem?', mine],
    [
      'Dodaj do HD-1001: drukarka pokazuje teraz błąd 50',
      comment('HD-1001', 'drukarka pokazuje teraz błąd 50'),
    ],
    ['HD-1001 już działa, zamknij je', close('HD-1001')],
    ['HD-1001 nie działa', status('HD-1001')],
    ['Znowu nie działa', reopen([])],
    ['Drukarka znowu się zepsuła', reopen(['drukarka'])],
    // Romanian
    ['Care este statusul tichetului HD-1001?', status('HD-1001')],
    ['tichetele mele', mine],
    ['Arată-mi te rog tichetele mele', mine],
    [
      'Adaugă la HD-1001: imprimanta afișează acum eroarea 50',
      comment('HD-1001', 'imprimanta afișează acum eroarea 50'),
    ],
    ['HD-1001 s-a rezolvat, închide-l', close('HD-1001')],
    ['HD-1001 nu s-a rezolvat', reopen([], 'HD-1001')],
    ['Iar nu merge', reopen([])],
    ['Imprimanta s-a stricat din nou', reopen(['imprimanta'])],
  ])('%s', (text, expected) => {
    expect(recogniseTicketCommand(text)).toEqual(expected);
  });

  it.each([
    'my printer is broken',
    'how do I open a ticket?',
    'Outlook keeps crashing',
    'Der Drucker druckt nicht',
    'status',
    'tickets for the concert',
    'Mein Laptop ist langsam',
    'drukarka nie drukuje',
    'nu merge internetul',
    'yes it worked',
  ])('"%s" is no ticket command', (text) => {
    expect(recogniseTicketCommand(text)).toBeUndefined();
  });
});
