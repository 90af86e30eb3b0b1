import { play } from '../chat-harness';
import { flowCase, flowChat, library } from './shipped-flow-chat';

describe('shipped flow: display-docking', () => {
  it('is loaded', () => {
    expect(library.get('display-docking')).toBeDefined();
  });

  it('en: monitor works without the dock, firmware update fails – dock swap by hardware', async () => {
    const chat = flowChat();
    await play(chat, [
      ['monitor stays black when I dock my laptop', /Windows laptop or a Mac\?/],
      ['Windows 11', /What do you see on the external monitor\?/],
      ['1', /How is the monitor connected\?/],
      ['Through a docking station or USB-C hub', /Check the dock's cables/],
      ['no', /Restart the docking station/],
      ['no', /connect the monitor \*\*directly\*\*/],
      ['yes', /update its firmware and driver/],
      ['no', /docking station is probably faulty/],
    ]);
    expect((await flowCase(chat)).handoffRequested).toMatchObject({
      category: 'hardware',
      skills: ['hardware'],
    });
  });

  it('en: direct cable on Windows fixed with Windows key + P', async () => {
    await play(flowChat(), [
      ['hdmi monitor not working', /Windows laptop or a Mac\?/],
      ['Windows 11', /What do you see/],
      ['1', /How is the monitor connected/],
      ['Cable straight into the laptop', /Check power, cable and input/],
      ['no', /Windows key \+ P/],
      ['yes', /glad/i],
    ]);
  });

  it('pl: a MacBook named in the first message skips the OS question; macOS detects the monitor', async () => {
    const chat = flowChat();
    await play(chat, [
      ['macbook nie widzi zewnętrznego ekranu', /Co widzisz na zewnętrznym monitorze\?/],
      ['1', /Jak monitor jest podłączony\?/],
      ['Kablem bezpośrednio do laptopa', /Sprawdź zasilanie, kabel i wejście/],
      ['nie', /Pozwól macOS znaleźć monitor/],
      ['tak', /.+/],
    ]);
    const file = await flowCase(chat);
    expect(file.facts.os).toBe('macos');
    expect(file.resolution?.text).toMatch(/detected/);
  });

  it('pl: "zacznij od nowa" mid-flow leaves it', async () => {
    await play(flowChat(), [
      ['monitory przy stacji dokującej nie działają', /Czy Twój laptop to Windows, czy Mac\?/],
      ['zacznij od nowa', /zacznijmy od nowa/],
      ['tak', (text) => expect(text).not.toMatch(/Co widzisz na zewnętrznym monitorze/)],
    ]);
  });
});
