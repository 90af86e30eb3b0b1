import { play } from '../chat-harness';
import { flowCase, flowChat, library } from './shipped-flow-chat';

describe('shipped flow: disk-full', () => {
  it('is loaded', () => {
    expect(library.get('disk-full')).toBeDefined();
  });

  it('en: Windows, every clean-up fails, escalated with the do-not-delete warning', async () => {
    const chat = flowChat();
    await play(chat, [
      ['low disk space warning keeps popping up', /Which device is running out of space/],
      ['Windows 11', /Settings > System > Storage[\s\S]*Temporary files[\s\S]*Delivery Optimization Files/],
      ['no', /Files On-Demand[\s\S]*Free up space/],
      ['no', /Cleanup recommendations[\s\S]*Installed apps/],
      ['no', /Storage Sense/],
      ['no', /screenshot of the Storage page[\s\S]*C:\\Windows[\s\S]*opened ticket \*\*HD-\d+\*\*/],
    ]);
    const file = await flowCase(chat);
    expect(file.handoffRequested).toMatchObject({
      flowId: 'disk-full',
      category: 'endpoint',
      skills: ['endpoint'],
    });
  });

  it('en: OneDrive online-only frees the space', async () => {
    const chat = flowChat();
    await play(chat, [
      ['C: drive full, only a few GB left', /Which device/],
      ['Windows 10', /Temporary files/],
      ['no', /Free up space/],
      ['yes', /glad/i],
    ]);
    const file = await flowCase(chat);
    expect(file.resolution).toMatchObject({ nodeId: 'resolved-onedrive' });
  });

  it('pl: a Mac named in the first message skips the OS question', async () => {
    const chat = flowChat();
    await play(chat, [
      ['mac pokazuje że dysk startowy jest prawie pełny', /Ustawienia systemowe > Ogólne > Pamięć masowa/],
      ['nie', /Finderze[\s\S]*Zwolnij miejsce/],
      ['nie', /Widok > Jako lista/],
      ['tak', /Świetnie|cieszę/],
    ]);
    const file = await flowCase(chat);
    expect(file.facts.os).toBe('macos');
    expect(file.resolution).toMatchObject({ nodeId: 'resolved-large-files' });
  });

  it('ro: phone storage, then "ajutor" and a fix', async () => {
    const chat = flowChat();
    await play(chat, [
      ['discul C e plin', /Pe ce dispozitiv nu mai este spațiu/],
      ['ajutor', /Descrieți problema[\s\S]*Pe ce dispozitiv nu mai este spațiu/],
      ['Android', /Setări > Stocare/],
      ['da', /bucur/],
    ]);
    const file = await flowCase(chat);
    expect(file.resolution).toMatchObject({ nodeId: 'resolved-phone' });
  });
});
