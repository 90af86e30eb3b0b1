import { play, userChat } from '../chat-harness';
import { flowCase, flowChat, library } from './shipped-flow-chat';

describe('shipped flow: vpn-troubleshooting', () => {
  it('is loaded', () => {
    expect(library.get('vpn-troubleshooting')).toBeDefined();
  });

  it('en: no internet without the VPN goes on in the no-internet flow', async () => {
    await play(flowChat(), [
      ["my vpn won't connect", /disconnect the VPN and open a public website/],
      ['no', /internet connection itself is the problem[\s\S]*How is the computer connected\?/],
    ]);
  });

  it('en: a rejected password after a recent change goes on in the password flow; the error is kept', async () => {
    const chat = flowChat();
    await play(chat, [
      ['vpn error when I try to log in', /public website/],
      ['yes', /What happens with the VPN\?/],
      ["It won't connect / shows an error", /What does the error message say\?/],
      ['Authentication failed: the user name or password is incorrect', /closest to what you see/],
      ['Password or sign-in rejected', /\*\*expired or been changed recently\*\*/],
      ['yes', /sort out the password first[\s\S]*Which of these fits best\?/],
    ]);
    expect((await flowCase(chat)).facts.errorMessage).toMatch(/Authentication failed/);
  });

  it('en: the device and system told instead of an answer are noted, and the question asked again', async () => {
    const chat = flowChat();
    await play(chat, [
      ["my vpn won't connect", /public website/],
      [
        "it's a ThinkPad with Windows 11",
        (text) => {
          expect(text).toMatch(/Thanks, I've noted that\.[\s\S]*public website/);
          expect(text).not.toMatch(/didn't get that/);
        },
      ],
    ]);
    expect((await flowCase(chat)).facts).toMatchObject({ os: 'windows-11' });
    // Not a failed try: two answers the bot cannot read are still asked again before it wonders
    // whether this is a new problem.
    await play(chat, [
      ['banana', /didn't get that[\s\S]*public website/],
      ['banana', /didn't get that[\s\S]*public website/],
    ]);
  });

  // "Shows", "error", "Fehlermeldung" name nothing affected: before, "it shows an error" left the
  // VPN flow for the article on crashing programs.
  it.each([
    ['en-US', "my vpn won't connect", 'it shows an error', /public website/],
    ['de-DE', 'VPN verbindet nicht', 'es kommt eine Fehlermeldung', /öffentliche Website|Webseite/],
  ])('%s: "%s", then "%s", stays in the VPN flow', async (locale, problem, vague, question) => {
    const chat = userChat({ locale });
    await play(chat, [
      [problem, question],
      [
        vague,
        (text) => {
          expect(text).toMatch(question);
          expect(text).not.toMatch(/Not responding|Keine Rückmeldung|Step 1|Schritt 1/);
        },
      ],
    ]);
  });

  it('ro: keeps disconnecting, nothing helps – network team', async () => {
    const chat = flowChat();
    await play(chat, [
      ['VPN-ul se tot deconectează', /deconectați VPN-ul și deschideți un site public/],
      ['da', /Ce se întâmplă cu VPN-ul\?/],
      ['Se tot deconectează', /conexiune stabilă/],
      ['nu', /Închideți complet aplicația VPN/],
      ['nu', /Reporniți calculatorul/],
      ['nu', /Reinstalați sau actualizați aplicația VPN[\s\S]*Portal companie/],
      ['nu', /Echipa de rețea trebuie să analizeze/],
    ]);
    expect((await flowCase(chat)).handoffRequested).toMatchObject({
      category: 'network',
      skills: ['network'],
    });
  });

  it('ro: connected without internal access on Windows – DNS cache cleared', async () => {
    await play(flowChat(), [
      ['nu merg site-urile interne când lucrez de acasă', /site public/],
      ['da', /Ce se întâmplă/],
      ['Conectat, dar site-urile sau unitățile interne nu merg', /Windows sau Mac/],
      ['Windows 11', /ipconfig \/flushdns/],
      ['Da, a mers', /.+/],
    ]);
  });

  it('en: "start over" mid-flow leaves it', async () => {
    await play(flowChat(), [
      ['vpn keeps disconnecting', /public website/],
      ['start over', /start over\. What's the problem\?/],
      ['no', (text) => expect(text).not.toMatch(/What happens with the VPN/)],
    ]);
  });
});
