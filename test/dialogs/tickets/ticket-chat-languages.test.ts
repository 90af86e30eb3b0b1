import type { Lang } from '../../../src/i18n/languages';
import { catalogue } from '../chat-harness';
import { readable, ticketWorld } from './ticket-world';

// Each language's own wording, through the whole app and the Direct Line endpoint, in a chat
// whose browser speaks that language.
const world = ticketWorld();

interface Wording {
  locale: string;
  problem: string;
  status: (n: string) => string;
  mine: string;
  comment: (n: string) => string;
  added: string;
  close: (n: string) => string;
  broken: string;
}

const WORDINGS: Record<Exclude<Lang, 'en'>, Wording> = {
  de: {
    locale: 'de-DE',
    problem: 'Der Drucker im 2. Stock druckt leere Seiten',
    status: (n) => `Wie ist der Stand von ${n}?`,
    mine: 'Zeig mir bitte meine offenen Tickets',
    comment: (n) => `Füge zu ${n} hinzu: Der Drucker zeigt jetzt Fehler 50`,
    added: 'Der Drucker zeigt jetzt Fehler 50',
    close: (n) => `${n} ist erledigt, bitte schließen`,
    broken: 'Es ist schon wieder kaputt',
  },
  pl: {
    locale: 'pl-PL',
    problem: 'Drukarka na 2. piętrze drukuje puste strony',
    status: (n) => `Jaki jest status zgłoszenia ${n}?`,
    mine: 'Pokaż moje zgłoszenia',
    comment: (n) => `Dodaj do ${n}: drukarka pokazuje teraz błąd 50`,
    added: 'drukarka pokazuje teraz błąd 50',
    close: (n) => `${n} już działa, zamknij je`,
    broken: 'Znowu nie działa',
  },
  ro: {
    locale: 'ro-RO',
    problem: 'Imprimanta de la etajul 2 scoate pagini goale',
    status: (n) => `Care este statusul tichetului ${n}?`,
    mine: 'Arată-mi te rog tichetele mele',
    comment: (n) => `Adaugă la ${n}: imprimanta afișează acum eroarea 50`,
    added: 'imprimanta afișează acum eroarea 50',
    close: (n) => `${n} s-a rezolvat, închide-l`,
    broken: 'Iar nu merge',
  },
};

describe.each(Object.entries(WORDINGS) as [Lang, Wording][])('tickets in web chat (%s)', (lang, w) => {
  const t = (key: string, vars?: Record<string, string>) => catalogue.t(lang, key, vars);

  it('status, my tickets, a comment, closing and reopening, answered in the language', async () => {
    const chat = world.chat(w.locale);
    const ticket = await world.ticketOf(chat, { problem: w.problem, language: lang });
    const n = ticket.number;

    const status = readable(await chat.send(w.status(n)));
    expect(status).toContain(`**${n}** ${w.problem}`);
    expect(status).toContain(`${t('ticketChat.field.status')}: ${t(`ticketChat.status.${ticket.status}`)}`);
    expect(status).toContain(`${t('ticketChat.field.assignee')}: ${t('ticketChat.unassigned')}`);

    const mine = readable(await chat.send(w.mine));
    expect(mine.split('\n')[0]).toBe(t('ticketChat.title.mine'));
    expect(mine).toContain(n);

    expect(readable(await chat.send(w.comment(n)))).toBe(t('ticketChat.commentAdded', { ticket: n }));
    expect((await world.store().get(ticket.id))!.replies?.map((r) => r.text)).toEqual([w.added]);

    expect(readable(await chat.send(w.close(n)))).toBe(t('ticketChat.resolved', { ticket: n }));
    expect((await world.store().get(ticket.id))!.status).toBe('resolved');
    expect(readable(await chat.send(w.status(n)))).toContain(t('ticketChat.status.resolved'));

    expect(readable(await chat.send(w.broken))).toBe(
      t('ticketChat.reopened', { ticket: n, title: w.problem }),
    );
    expect((await world.store().get(ticket.id))!.status).toBe('open');

    const missing = 'HD-987654';
    expect(readable(await chat.send(w.status(missing)))).toBe(t('ticketChat.notFound', { ticket: missing }));
  });
});
