import { play } from '../chat-harness';
import { flowCase, flowChat, library } from './shipped-flow-chat';

describe('shipped flow: no-internet', () => {
  it('is loaded', () => {
    expect(library.get('no-internet')).toBeDefined();
  });

  it('en: Wi-Fi goes on in the Wi-Fi flow', async () => {
    await play(flowChat(), [
      ['the internet is down', /How is the computer connected\?/],
      ['Wi-Fi', /Which device has the Wi-Fi problem/],
    ]);
  });

  it('en: wired Windows PC fixed by renewing the IP address', async () => {
    const chat = flowChat();
    await play(chat, [
      ['network cable plugged in but no connection', /How is the computer connected\?/],
      ['Network cable or docking station', /\*\*other devices\*\*/],
      ['yes', /Check the cable and the dock/],
      ['no', /Disconnect the VPN and check the proxy/],
      ['no', /Windows PC or a Mac\?/],
      ['Windows 11', /ipconfig \/release/],
      ['yes', /glad/i],
    ]);
    expect((await flowCase(chat)).resolution?.text).toMatch(/IP address renewed/);
  });

  it('pl: nobody at home is online and the router restart does not help – network team', async () => {
    const chat = flowChat();
    await play(chat, [
      ['nie mam internetu', /Jak komputer jest podłączony/],
      ['Kabel sieciowy lub stacja dokująca', /\*\*inne urządzenia\*\*/],
      ['nie', /Gdzie jesteś\?/],
      ['W domu', /Zrestartuj router/],
      ['nie', /Tym musi zająć się zespół sieciowy/],
    ]);
    expect((await flowCase(chat)).handoffRequested).toMatchObject({
      category: 'network',
      priority: 'normal',
    });
  });

  it('pl: "pomoc" mid-flow explains and repeats the question', async () => {
    await play(flowChat(), [
      ['padł internet', /Jak komputer jest podłączony/],
      ['pomoc', /Opisz problem własnymi słowami[\s\S]*Jak komputer jest podłączony/],
    ]);
  });
});
