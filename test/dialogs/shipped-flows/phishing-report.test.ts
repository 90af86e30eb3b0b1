import { play } from '../chat-harness';
import { flowCase, flowChat, library } from './shipped-flow-chat';

describe('shipped flow: phishing-report', () => {
  it('is loaded', () => {
    expect(library.get('phishing-report')).toBeDefined();
  });

  it('en: nothing clicked – reported with the button, then deleted', async () => {
    const chat = flowChat();
    await play(chat, [
      ['is this email a scam?', /What have you done with the email so far\?/],
      ['Nothing – I only read it', /Do you see a \*\*Report\*\* button/],
      ['yes', /Report > Report phishing/],
      ['yes, it worked', /delete the message[\s\S]*Deleted Items/],
    ]);
    const file = await flowCase(chat);
    expect(file.resolution).toMatchObject({ flowId: 'phishing-report', nodeId: 'resolved-reported' });
  });

  it('en: password entered – high-priority security hand-over with a password change', async () => {
    const chat = flowChat();
    await play(chat, [
      ['fake invoice email with a link', /What have you done/],
      [
        'Entered my password or approved a sign-in',
        /Change your password[\s\S]*Sign out everywhere[\s\S]*opened ticket \*\*HD-\d+\*\*/,
      ],
    ]);
    const file = await flowCase(chat);
    expect(file.handoffRequested).toMatchObject({
      nodeId: 'escalate-credentials',
      category: 'security',
      priority: 'high',
      skills: ['security'],
    });
  });

  it('de: attachment opened – disconnect, leave the computer on, high priority', async () => {
    const chat = flowChat();
    await play(chat, [
      ['gefälschte Rechnung per Mail mit Link', /Was haben Sie mit der Mail bisher gemacht\?/],
      [
        'Anhang geöffnet oder etwas installiert',
        /Rechner vom Netz trennen[\s\S]*Eingeschaltet lassen[\s\S]*Ticket \*\*HD-\d+\*\* angelegt/,
      ],
    ]);
    const file = await flowCase(chat);
    expect(file.handoffRequested).toMatchObject({ nodeId: 'escalate-malware', priority: 'high' });
  });

  it('pl: link clicked, no Report button, forwarded as attachment – precautions in the closing message', async () => {
    const chat = flowChat();
    await play(chat, [
      ['dostałem maila phishingowego', /Co do tej pory zrobiłeś\/-aś z tą wiadomością\?/],
      ['Kliknięcie linku lub kodu QR, bez wpisywania danych', /przycisk \*\*Zgłoś\*\*/],
      ['nie', /jako załącznik/],
      ['tak', /Elementów usuniętych[\s\S]*\*\*odrzucaj\*\*/],
    ]);
    const file = await flowCase(chat);
    expect(file.resolution).toMatchObject({ nodeId: 'resolved-clicked' });
  });

  it('ro: reporting impossible opens a security ticket; money sent is escalated', async () => {
    const reportChat = flowChat();
    await play(reportChat, [
      ['factură falsă pe mail cu link', /Ce ați făcut până acum cu e-mailul\?/],
      ['1', /butonul \*\*Raportare\*\*/],
      ['nu', /Redirecționați-l ca atașament/],
      ['nu', /lăsați-l neatins[\s\S]*tichetul \*\*HD-\d+\*\*[\s\S]*prioritate normală/],
    ]);
    expect((await flowCase(reportChat)).ticketRequested).toMatchObject({
      category: 'security',
      priority: 'normal',
    });

    const fraudChat = flowChat();
    await play(fraudChat, [
      ['e țeapă mailul ăsta?', /Ce ați făcut până acum/],
      [
        'Am răspuns, am trimis date sau am plătit',
        /departamentul financiar și la bancă[\s\S]*tichetul \*\*HD-\d+\*\*/,
      ],
    ]);
    expect((await flowCase(fraudChat)).handoffRequested).toMatchObject({
      nodeId: 'escalate-fraud',
      priority: 'high',
    });
  });

  it('en: "start over" at the first question leaves the flow', async () => {
    const chat = flowChat();
    await play(chat, [
      ['someone is pretending to be our CEO by email', /What have you done/],
      ['start over', /start over/i],
    ]);
  });
});
