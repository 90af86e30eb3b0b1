import { play } from '../chat-harness';
import { flowCase, flowChat, library } from './shipped-flow-chat';

describe('shipped flow: outlook-troubleshooting', () => {
  it('is loaded', () => {
    expect(library.get('outlook-troubleshooting')).toBeDefined();
  });

  it('en: classic Outlook works in safe mode – faulty add-in disabled', async () => {
    const chat = flowChat();
    await play(chat, [
      [
        'outlook keeps crashing on startup',
        /\*\*It won't open, freezes or crashes\*\*[\s\S]*Windows or on a Mac\?/,
      ],
      ['Windows 11', /Which Outlook is it\?/],
      ['Classic Outlook', /outlook\.exe \/safe/],
      ['yes', /A faulty add-in is the cause[\s\S]*COM Add-ins/],
      ['yes', /glad/i],
    ]);
    expect((await flowCase(chat)).resolution?.text).toMatch(/add-in/);
  });

  it('de: webmail fails too – mailbox problem for the messaging team, high priority', async () => {
    const chat = flowChat();
    await play(chat, [
      ['bekomme keine neuen Mails in Outlook', /\*\*Keine neuen Mails[\s\S]*https:\/\/outlook\.office\.com/],
      ['nein', /Postfach oder am Dienst/],
    ]);
    expect((await flowCase(chat)).handoffRequested).toMatchObject({
      category: 'email',
      priority: 'high',
      skills: ['messaging'],
    });
  });

  it('en: password prompts and the password fails on the web too – password flow', async () => {
    await play(flowChat(), [
      // The symptom is in the first message, so "What's wrong with Outlook?" is not asked.
      [
        'outlook keeps asking for my password',
        /\*\*Keeps asking for my password\*\*[\s\S]*Sign out of Office and in again/,
      ],
      ['no', /same password\?/],
      ['no', /password itself is the problem[\s\S]*Which of these fits best\?/],
    ]);
  });

  it('de: "Hilfe" mid-flow explains and repeats the question', async () => {
    await play(flowChat(), [
      ['Outlook startet nicht', /Windows oder am Mac\?/],
      ['Hilfe', /Beschreiben Sie das Problem[\s\S]*Windows oder am Mac\?/],
    ]);
  });
});
