import { catalogue, play, recording, type ChatLike } from '../chat-harness';
import { flowCase, flowChat } from './shipped-flow-chat';

/**
 * A fault reported on a request topic (content/taxonomy.yaml `request: true`): "I'm not getting
 * the list's emails" is no request for a list. The article's fault steps (`faultSteps`) are walked
 * one at a time with "did that work?", and if none helps the user is offered a technician as for
 * any fault, never the request form; asking for something on the same topic still gets the form.
 */

type Lang = 'en' | 'de' | 'pl' | 'ro';

/** The request form's first question, in each language (content/flows/service-request.yaml). */
const FORM: Record<Lang, RegExp> = {
  en: /What exactly do you need\?/,
  de: /Was genau brauchen Sie\?/,
  pl: /Czego dokładnie potrzebujesz\?/,
  ro: /De ce anume aveți nevoie\?/,
};

/** A step "n of total" with "did that work?" in the user's language. */
function step(lang: Lang, n: number, total: number, text: string): RegExp {
  const lead = catalogue.t(lang, 'walkthrough.step', { n, total, text: '' }).trim();
  const question = catalogue.t(lang, 'walkthrough.question');
  return new RegExp(`${escape(lead)}\\s+${escape(text)}[\\s\\S]*${escape(question)}`);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The form never started and no request ticket was asked for. */
async function expectNoForm(chat: ChatLike, said: readonly string[], lang: Lang): Promise<void> {
  expect(said.join('\n')).not.toMatch(FORM[lang]);
  const file = await flowCase(chat);
  expect(file.ticketRequested?.request).toBeUndefined();
  for (const ticket of (await chat.tickets?.()) ?? []) expect(ticket.type).not.toBe('request');
}

describe('a fault reported on a request topic is troubleshot, not put on the request form', () => {
  it('en: a distribution list that delivers nothing walks the list steps, never "request a new list", then offers a technician', async () => {
    const { chat, said } = recording(flowChat());
    const no = catalogue.t('en', 'choice.notWorked');
    await play(chat, [
      [
        "I'm not getting emails sent to the sales distribution list",
        step('en', 1, 4, '**Find the list and its owner.**'),
      ],
      [no, step('en', 2, 4, '**Join or leave it yourself where allowed.**')],
      [no, step('en', 3, 4, '**If you own the list, manage members in Outlook.**')],
      // Step 4 of the article ("Request a new list") is no fault step.
      [no, step('en', 4, 4, `**"You don't have permission to send to this group".**`)],
      [no, /those were all the steps I have[\s\S]*Would you like to talk to a person\?/],
    ]);
    expect(said.join('\n')).not.toContain('Request a new list');
    await expectNoForm(chat, said, 'en');
    const file = await flowCase(chat);
    expect(file.steps.map((s) => [s.step, s.result])).toEqual([
      [1, 'failed'],
      [2, 'failed'],
      [3, 'failed'],
      [5, 'failed'],
    ]);
    expect(file.outcome).toBe('unresolved');
  });

  it('en: an unlicensed product walks the sign-in and reactivation steps, and the hand-over is an incident', async () => {
    const { chat, said } = recording(flowChat());
    const no = catalogue.t('en', 'choice.notWorked');
    await play(chat, [
      [
        'my Visio licence says unlicensed product since this morning',
        step('en', 1, 2, "**Check whether you're signed in with your work account.**"),
      ],
      [no, step('en', 2, 2, '**Install or reactivate.**')],
      [no, /Would you like to talk to a person\?/],
      [catalogue.t('en', 'choice.talkToPerson'), /is it about \*\*Software licence\*\*\?/],
      ['yes', /opened ticket \*\*HD-\d+\*\*/],
    ]);
    await expectNoForm(chat, said, 'en');
    const file = await flowCase(chat);
    expect(file.steps.map((s) => s.step)).toEqual([1, 5]);
    expect(file.ticketRequested).toBeUndefined();
    // A ticket without a type is an incident; the steps tried go with it.
    const tickets = (await chat.tickets?.()) ?? [];
    expect(tickets).toHaveLength(1);
    expect(tickets[0]!.type).toBeUndefined();
    expect(tickets[0]!.stepsTried.map((s) => [s.step, s.result])).toEqual([
      ['1', 'failed'],
      ['5', 'failed'],
    ]);
  });

  // "does not start" is a fault (content/words matching.fault), so the licence's steps come first.
  it.each<[Lang, string]>([
    ['en', 'Visio does not start'],
    ['pl', 'Visio się nie uruchamia'],
  ])('%s: "%s" walks the licence steps, not the request form', async (lang, message) => {
    const { chat, said } = recording(flowChat());
    await play(chat, [[message, new RegExp(escape(catalogue.t(lang, 'walkthrough.question')))]]);
    await expectNoForm(chat, said, lang);
  });

  it('de: "ich bekomme keine Mails von der Verteilerliste" walks the list steps and ends when one helps', async () => {
    const { chat, said } = recording(flowChat());
    await play(chat, [
      [
        'ich bekomme keine Mails von der Verteilerliste',
        step('de', 1, 4, '**Verteiler und Besitzer finden.**'),
      ],
      [catalogue.t('de', 'choice.notWorked'), step('de', 2, 4, '**Selbst beitreten oder austreten')],
      [catalogue.t('de', 'choice.worked'), /Super, freut mich/],
    ]);
    await expectNoForm(chat, said, 'de');
    expect((await flowCase(chat)).outcome).toBe('resolved');
  });

  it('pl: a shared mailbox missing in Outlook since yesterday skips "request access" and starts at restarting Outlook', async () => {
    const { chat, said } = recording(flowChat());
    await play(chat, [
      [
        'nie widzę skrzynki współdzielonej w outlooku od wczoraj',
        step('pl', 1, 4, '**Poczekaj i uruchom Outlooka ponownie.**'),
      ],
      [catalogue.t('pl', 'choice.notWorked'), step('pl', 2, 4, '**Dodaj ją ręcznie, jeśli się nie pojawi')],
    ]);
    expect(said.join('\n')).not.toContain('Złóż wniosek o dostęp');
    await expectNoForm(chat, said, 'pl');
    expect((await flowCase(chat)).steps.map((s) => s.step)).toEqual([2]);
  });

  it('ro: "nu mai primesc mailurile de pe lista de distributie" walks the list steps', async () => {
    const { chat, said } = recording(flowChat());
    await play(chat, [
      [
        'nu mai primesc mailurile de pe lista de distributie',
        step('ro', 1, 4, '**Găsiți lista și proprietarul ei.**'),
      ],
      [catalogue.t('ro', 'choice.notWorked'), step('ro', 2, 4, '**Intrați sau ieșiți singur')],
    ]);
    await expectNoForm(chat, said, 'ro');
  });

  it('en: a fault the article has no steps for gets the summary and a technician straight away', async () => {
    const { chat, said } = recording(flowChat());
    await play(chat, [
      [
        "our new employee started today but his account doesn't work, he can't sign in",
        /new joiner request[\s\S]*nothing here you could try yourself[\s\S]*Would you like to talk to a person\?/,
      ],
    ]);
    expect((await flowCase(chat)).outcome).toBe('unresolved');
    await play(chat, [
      [catalogue.t('en', 'choice.talkToPerson'), /is it about \*\*New employee\*\*\?/],
      ['yes', /opened ticket \*\*HD-\d+\*\*/],
    ]);
    expect(said.join('\n')).not.toContain(catalogue.t('en', 'walkthrough.question'));
    await expectNoForm(chat, said, 'en');
    const tickets = (await chat.tickets?.()) ?? [];
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({ problem: expect.stringContaining("can't sign in") });
    expect(tickets[0]!.type).toBeUndefined();
  });

  it('pl: the same for a new employee who cannot sign in on the first day', async () => {
    const { chat, said } = recording(flowChat());
    await play(chat, [
      [
        'nowy pracownik nie może się zalogować w pierwszym dniu, konto nie działa',
        new RegExp(
          `${escape(catalogue.t('pl', 'walkthrough.noSteps'))}[\\s\\S]*${escape(catalogue.t('pl', 'offer.question'))}`,
        ),
      ],
    ]);
    await expectNoForm(chat, said, 'pl');
  });
});

describe('a request on the same topics still gets the request form', () => {
  it.each<[Lang, string]>([
    ['en', 'please add me to the sales distribution list'],
    // A fault said alongside the request ("… please add me") is still a request.
    ['en', "I'm not getting the list's emails, please add me to the sales distribution list"],
    ['de', 'ich brauche Zugriff auf das freigegebene Postfach info@'],
    ['pl', 'potrzebuję dostępu do skrzynki współdzielonej'],
    ['ro', 'am nevoie de o licență Visio'],
    // Words of a fault in a request to remove or renew something (content/words requestTopics.request).
    ['en', "please take my old CRM roles away and remove my sales role, I'm no longer in sales"],
    ['de', 'der Gastzugang für unsere Agentur ist abgelaufen, bitte verlängern'],
    ['pl', 'wygasł dostęp gościa dla agencji, proszę przedłużyć'],
    ['ro', 'a expirat accesul de invitat pentru agenție, vă rog prelungiți-l'],
  ])('%s: %s', async (lang, message) => {
    const { chat, said } = recording(flowChat());
    await play(chat, [[message, FORM[lang]]]);
    expect(said.join('\n')).not.toContain(catalogue.t(lang, 'walkthrough.question'));
  });
});
