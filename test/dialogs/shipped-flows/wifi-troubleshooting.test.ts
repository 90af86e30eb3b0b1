import { play } from '../chat-harness';
import { flowCase, flowChat, library } from './shipped-flow-chat';

describe('shipped flow: wifi-troubleshooting', () => {
  it('is loaded', () => {
    expect(library.get('wifi-troubleshooting')).toBeDefined();
  });

  it('en: Windows laptop seeing no networks: adapter and network reset fail, network team', async () => {
    const chat = flowChat();
    await play(chat, [
      ['wifi icon shows a red x', /Which device has the Wi-Fi problem/],
      ['Windows 11', /Switch Wi-Fi off and on and check airplane mode/],
      ['no', /do you see \*\*any networks\*\*/],
      ['no', /Restart the Wi-Fi adapter[\s\S]*Device Manager/],
      ['no', /Reset the network settings[\s\S]*Network reset > Reset now/],
      ['no', /network team[\s\S]*opened ticket \*\*HD-\d+\*\*/],
    ]);
    expect((await flowCase(chat)).handoffRequested).toMatchObject({
      category: 'network',
      skills: ['network'],
    });
  });

  it('de: a Mac named in the first message skips the device question; Wi-Fi was off', async () => {
    const chat = flowChat();
    await play(chat, [
      ['Wifi am Mac funktioniert nicht', /WLAN aus- und einschalten und den Flugzeugmodus prüfen/],
      ['ja', /das WLAN war nur ausgeschaltet/],
    ]);
    const file = await flowCase(chat);
    expect(file.facts.os).toBe('macos');
    expect(file.resolution?.text).toMatch(/airplane mode/);
  });

  it('de: nobody in the office gets online – reported as an outage with high priority', async () => {
    const chat = flowChat();
    await play(chat, [
      ['komme nicht ins Firmen-WLAN', /Welches Gerät hat das WLAN-Problem/],
      ['Windows 10', /Flugzeugmodus/],
      ['nein', /\*\*überhaupt Netzwerke\*\*/],
      ['ja', /\*\*andere Geräte oder Kollegen\*\*/],
      ['nein', /Wo sind Sie gerade\?/],
      ['Im Büro', /mehrere Personen im Büro betroffen/],
    ]);
    expect((await flowCase(chat)).handoffRequested).toMatchObject({ category: 'network', priority: 'high' });
  });

  it('en: an iPhone walks through the Wi-Fi article', async () => {
    await play(flowChat(), [
      ['my iphone wifi keeps dropping out', /Step 1 of 7/],
      ['yes', /glad/i],
    ]);
  });

  it('de: "Hilfe" mid-flow explains and repeats the step', async () => {
    await play(flowChat(), [
      ['WLAN geht nicht', /Welches Gerät/],
      ['Windows 11', /Flugzeugmodus/],
      ['Hilfe', /Beschreiben Sie das Problem[\s\S]*Flugzeugmodus/],
    ]);
  });
});
