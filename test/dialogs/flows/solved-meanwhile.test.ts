import { reportsSolved } from '../../../src/dialogs/flows/flow-answers';
import { buttons, startProductionApp, userChat, visible } from '../chat-harness';

// "Oh, it works now": the problem went away while a flow's question was open. Before, the
// question came again with "I didn't get that". Played through the production app.
describe('a problem solved while a question is open', () => {
  startProductionApp();

  it.each([
    [
      'en-US',
      "I can't connect to wifi",
      'never mind, it works now, thanks',
      /glad that's sorted[\s\S]*anything else/,
    ],
    [
      'de-DE',
      'WLAN geht nicht',
      'hat sich erledigt, geht wieder, danke',
      /wieder funktioniert[\s\S]*noch bei etwas/,
    ],
    ['pl-PL', 'nie działa mi wifi', 'już działa, dzięki', /cieszę się, że działa[\s\S]*czymś jeszcze/],
    ['ro-RO', 'nu merge wifi-ul', 'merge acum, mersi', /s-a rezolvat[\s\S]*altceva/],
  ])(
    '%s: the flow ends as solved, with the user words as the resolution',
    async (locale, problem, solved, expected) => {
      const chat = userChat({ locale });
      const question = await chat.send(problem);
      expect(buttons(question).length).toBeGreaterThan(2);
      expect(visible(await chat.send(solved))).toMatch(expected);
      const file = await chat.caseFile();
      expect(file).toMatchObject({ outcome: 'resolved', resolution: { text: solved } });
    },
  );

  it('does not take "works now, but …" with a fault, or "nie działa już", as solved', () => {
    expect(reportsSolved('it works now but Outlook crashes')).toBe(false);
    expect(reportsSolved('nie działa już')).toBe(false);
    expect(reportsSolved('es geht jetzt nicht mehr')).toBe(false);
    expect(reportsSolved('Windows 11')).toBe(false);
    expect(reportsSolved('oh it just started working')).toBe(true);
  });

  it('en: "it does not work now" at a question is not an ending', async () => {
    const chat = userChat();
    await chat.send("I can't connect to wifi");
    expect(visible(await chat.send('it does not work now'))).not.toMatch(/glad that's sorted/);
    expect((await chat.caseFile())?.outcome).not.toBe('resolved');
  });
});
