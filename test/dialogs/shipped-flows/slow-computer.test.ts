import { play } from '../chat-harness';
import { flowCase, flowChat, library } from './shipped-flow-chat';

describe('shipped flow: slow-computer', () => {
  it('is loaded', () => {
    expect(library.get('slow-computer')).toBeDefined();
  });

  it('en: not restarted for days, a real restart fixes it', async () => {
    const chat = flowChat();
    await play(chat, [
      ['my laptop is so slow', /Since when has the computer been slow\?/],
      ['Suddenly, since today', /Have you \*\*restarted\*\*/],
      ['no', /Restart properly[\s\S]*Start > Power > Restart/],
      ['yes, it worked', /Restart at least once or twice a week/],
    ]);
    const file = await flowCase(chat);
    expect(file.resolution).toMatchObject({ flowId: 'slow-computer', nodeId: 'resolved-restart' });
  });

  it('en: nearly full disk hands over to disk-full, which already knows the OS', async () => {
    const chat = flowChat();
    await play(chat, [
      ['cpu is at 100% all the time', /Since when/],
      ['Slower and slower over weeks', /restarted/],
      ['yes', /Which system does the computer run/],
      ['Windows 11', /Ctrl\+Shift\+Esc[\s\S]*Task Manager/],
      ['no', /Which program or process was at the top/],
      ['Antimalware Service Executable', /Settings > Apps > Startup/],
      ['no', /system drive nearly full/],
      ['yes', /free up space first[\s\S]*Remove temporary files/],
      ['yes', /Storage Sense/],
    ]);
    const file = await flowCase(chat);
    expect(file.resolution).toMatchObject({ flowId: 'disk-full', nodeId: 'resolved-temp-files' });
  });

  it('de: nothing helps on a Mac, handed to endpoint for a hardware check', async () => {
    const chat = flowChat();
    await play(chat, [
      ['Lüfter läuft laut und nichts geht voran', /Seit wann ist der Rechner langsam\?/],
      ['Schon immer', /\*\*neu gestartet\*\*/],
      ['ja', /Welches System läuft/],
      ['macOS', /Aktivitätsanzeige/],
      ['nein', /Welches Programm bzw\. welcher Prozess/],
      ['weiß nicht', /Anmeldeobjekte & Erweiterungen/],
      ['nein', /Systemlaufwerk fast voll/],
      ['nein', /Ausstehende Updates installieren/],
      ['nein', /Netzteil anschließen und Energiemodus/],
      ['nein', /Hardware prüfen[\s\S]*Ticket \*\*HD-\d+\*\* angelegt/],
    ]);
    const file = await flowCase(chat);
    expect(file.handoffRequested).toMatchObject({
      flowId: 'slow-computer',
      category: 'endpoint',
      skills: ['endpoint', 'hardware'],
    });
    expect(file.facts.os).toBe('macos');
  });

  it('ro: "ajutor" repeats the question, "de la capăt" leaves the flow', async () => {
    const chat = flowChat();
    await play(chat, [
      ['totul îngheață câteva secunde', /De când este lent calculatorul\?/],
      ['ajutor', /Descrieți problema cu cuvintele dumneavoastră[\s\S]*De când este lent calculatorul\?/],
      ['de la capăt', /o luăm de la capăt/],
      ['Dintotdeauna', (text) => expect(text).not.toMatch(/Ați \*\*repornit\*\*/)],
    ]);
  });
});
