import { play, type Row } from '../chat-harness';
import { flowCase, flowChat, library } from './shipped-flow-chat';
// Unit level for the two lockout transcripts: on the production wiring "my account is locked out"
// and "zablokowało mi konto po kilku próbach" start the account-lockout article, not this flow's
// lockout branch (articles and flows competing; reported, not hidden).
import { flowCase as flowsOnlyCase, flowChat as flowsOnlyChat } from './flows-only-chat';

describe('shipped flow: password-reset', () => {
  it('is loaded', () => {
    expect(library.get('password-reset')).toBeDefined();
  });

  it('en: forgotten password without a verification method goes to a person who verifies identity', async () => {
    const chat = flowChat();
    const rows: Row[] = [
      // The first message already says which case it is: not asked again.
      ['I forgot my password', /told me: \*\*I forgot my password\*\*[\s\S]*Can you get a code/],
      [
        'no',
        /can't verify your identity[\s\S]*technician will verify who you are[\s\S]*opened ticket \*\*HD-\d+\*\*/,
      ],
    ];
    await play(chat, rows);
    const file = await flowCase(chat);
    expect(file.handoffRequested).toMatchObject({
      flowId: 'password-reset',
      category: 'account',
      priority: 'high',
      skills: ['identity'],
    });
  });

  it('de: expired password changed on a Windows PC', async () => {
    const chat = flowChat();
    await play(chat, [
      ['Mein Kennwort ist abgelaufen', /\*\*Kennwort ist abgelaufen\*\*[\s\S]*Kennen Sie Ihr bisheriges/],
      ['ja', /Windows oder Mac/],
      ['Windows 11', /Strg \+ Alt \+ Entf[\s\S]*Kennwort ändern/],
      ['ja', /Überall mit dem neuen Kennwort anmelden/],
      ['Ja, hat geklappt', /Erledigt – Ihr neues Kennwort ist aktiv/],
    ]);
    const file = await flowCase(chat);
    expect(file.facts.os).toBe('windows-11');
    expect(file.resolution?.text).toMatch(/Password reset or changed/);
  });

  it('ro: self-service reset with a rejected password, then the rules, then resolved', async () => {
    const chat = flowChat();
    await play(chat, [
      ['am uitat parola', /\*\*Mi-am uitat parola\*\*[\s\S]*Puteți primi acum un cod/],
      ['da', /portalul self-service[\s\S]*passwordreset\.microsoftonline\.com/],
      ['nu', /Ce v-a împiedicat în portal\?/],
      ['Parola nouă e respinsă', /mai lungă, nu mai complicată/],
      ['da', /Conectați-vă peste tot cu parola nouă/],
      ['Da, a mers', /Gata – parola nouă este activă/],
    ]);
  });

  it('pl (unit level): repeated lockout not fixed by clearing old passwords is handed over with high priority', async () => {
    const chat = flowsOnlyChat();
    await play(chat, [
      ['zablokowało mi konto po kilku próbach', /Co najlepiej opisuje sytuację\?/],
      ['Konto jest zablokowane', /Przestań się logować/],
      ['tak', /blokowało się ostatnio \*\*wielokrotnie\*\*/],
      ['tak', /Znajdź urządzenie, które nadal używa starego hasła/],
      ['nie', /Menedżer poświadczeń/],
      ['nie', /Konto nadal jest zablokowane[\s\S]*priorytet: wysoki/],
    ]);
    const file = await flowsOnlyCase(chat);
    expect(file.handoffRequested).toMatchObject({
      category: 'account',
      priority: 'high',
      skills: ['identity'],
    });
  });

  it('en (unit level): "help" mid-flow explains and repeats the question; "start over" leaves the flow', async () => {
    const chat = flowsOnlyChat();
    await play(chat, [
      ['my account is locked out', /\*\*My account is locked\*\*[\s\S]*Stop trying to sign in/],
      ['help', /Describe the problem in your own words[\s\S]*Stop trying to sign in/],
      ['start over', /start over\. What's the problem\?/],
      ['no', (text) => expect(text).not.toMatch(/Has your account been locked/)],
    ]);
  });
});
