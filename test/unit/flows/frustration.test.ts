import { assessFrustration, isShouting, type FrustrationState } from '../../../src/dialogs/frustration';

function conversation(messages: string[]): boolean[] {
  let state: FrustrationState | undefined;
  return messages.map((message) => {
    const signal = assessFrustration(message, state);
    state = signal.state;
    return signal.frustrated;
  });
}

describe('frustration', () => {
  it.each([
    ['en', ['still doesnt work', "it still doesn't work"]],
    ['de', ['geht immer noch nicht', 'funktioniert immer noch nicht']],
    ['pl', ['nadal nie działa', 'dalej nie działa']],
    ['ro', ['tot nu merge', 'încă nu merge']],
  ])('[%s] signals on the second "still does not work"', (_lang, messages) => {
    expect(conversation(messages)).toEqual([false, true]);
  });

  it.each([
    ['en', 'this is useless'],
    ['de', 'das ist nutzlos'],
    ['pl', 'jesteś bezużyteczny'],
    ['ro', 'ești inutil'],
  ])('[%s] signals on "%s"', (_lang, message) => {
    expect(assessFrustration(message).frustrated).toBe(true);
  });

  it.each([
    ['en', 'THIS LAPTOP IS USELESS, the battery dies every hour and nobody helps!!!'],
    ['de', 'Der Drucker ist seit Tagen kaputt und niemand hilft mir!!!'],
    ['pl', 'Drukarka nie działa od tygodnia i nikt nie pomaga!!!'],
    ['ro', 'Imprimanta nu merge de o săptămână și nimeni nu ajută!!!'],
  ])('[%s] signals on a complaint that nobody helps', (_lang, message) => {
    const signal = assessFrustration(message);
    expect(signal.frustrated).toBe(true);
    expect(signal.cues).toContain('outrage');
  });

  it.each([
    ['en', 'fuck, the printer again!!!'],
    ['de', 'Scheiße, Outlook schon wieder!!!'],
    ['pl', 'kurwa, znowu drukarka!!!'],
    ['ro', 'la naiba, iar imprimanta!!!'],
  ])('[%s] signals on swearing with exclamation marks', (_lang, message) => {
    const signal = assessFrustration(message);
    expect(signal.frustrated).toBe(true);
    expect(signal.cues).toEqual(expect.arrayContaining(['swearing', 'exclamations']));
  });

  it.each([
    ['en', 'this is the third time, nothing works!!'],
    ['de', 'Das ist jetzt das dritte Mal, nichts funktioniert!!'],
    ['pl', 'to już trzeci raz, nic nie działa!!'],
    ['ro', 'e a treia oară, nimic nu merge!!'],
  ])('[%s] signals when it keeps happening and nothing works: "%s"', (_lang, message) => {
    const signal = assessFrustration(message);
    expect(signal.frustrated).toBe(true);
    expect(signal.cues).toEqual(expect.arrayContaining(['keeps-happening', 'still-broken']));
  });

  it.each([
    ['en', 'the printer jams every time I print on both sides'],
    ['de', 'Outlook stürzt jedes Mal beim Start ab'],
    ['pl', 'drukarka zacina się za każdym razem'],
    ['ro', 'laptopul se blochează de fiecare dată la pornire'],
  ])('[%s] a problem that happens every time is no frustration: "%s"', (_lang, message) => {
    expect(assessFrustration(message).frustrated).toBe(false);
  });

  it.each([
    ['en', 'I NEED MY OUTLOOK RIGHT NOW, THIS IS A DISASTER'],
    ['de', 'ICH BRAUCHE SOFORT MEIN OUTLOOK, DAS IST EINE KATASTROPHE'],
    ['pl', 'POTRZEBUJĘ NATYCHMIAST POCZTY, TO JAKIŚ SKANDAL'],
    ['ro', 'AM NEVOIE ACUM DE EMAIL, ESTE INACCEPTABIL'],
  ])('[%s] signals on outrage shouted in a longer message', (_lang, message) => {
    const signal = assessFrustration(message);
    expect(signal.cues).toEqual(expect.arrayContaining(['outrage', 'all-caps']));
    expect(signal.frustrated).toBe(true);
  });

  it('takes calm outrage alone as a cue, not yet as frustration', () => {
    const signal = assessFrustration('the new printer setup is a bit ridiculous');
    expect(signal.cues).toEqual(['outrage']);
    expect(signal.frustrated).toBe(false);
  });

  it('builds up from shouting and exclamation marks over messages', () => {
    expect(conversation(['MY VPN IS NOT WORKING AGAIN', 'WHY DOES THIS KEEP HAPPENING!!!'])).toEqual([
      false,
      true,
    ]);
  });

  it('lets calm messages cool the score down', () => {
    expect(
      conversation(['still not working', 'ok', 'thanks, trying now', 'what next?', 'still not working']),
    ).toEqual([false, false, false, false, false]);
  });

  it('does not repeat the signal on the next message', () => {
    expect(conversation(['this is useless', 'still not working'])).toEqual([true, false]);
  });

  // Look-alikes that must stay calm.
  it.each([
    'Hello, I need help with my printer',
    'How do I delete useless files to free up space on my laptop drive',
    'It works now!!',
    'CRITICAL_PROCESS_DIED',
    'VPN MFA',
    'The mist on the screen is a display issue',
    'Ich brauche Hilfe mit dem Drucker, bitte',
    'Pula adresów DHCP jest pełna',
    'Scunthorpe office printer',
    'Am nevoie de ajutor cu imprimanta',
    'future updates fail',
  ])('stays calm on "%s"', (message) => {
    expect(assessFrustration(message).frustrated).toBe(false);
    expect(assessFrustration(message).cues).not.toContain('swearing');
  });

  it('does not count pasted error codes and acronyms as shouting', () => {
    expect(isShouting('Error 0x80070005 ACCESS_DENIED in VPN')).toBe(false);
    expect(isShouting('I CANNOT LOG IN TO ANYTHING')).toBe(true);
  });
});
