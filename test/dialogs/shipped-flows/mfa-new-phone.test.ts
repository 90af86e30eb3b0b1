import { play } from '../chat-harness';
import { flowCase, flowChat, library } from './shipped-flow-chat';

describe('shipped flow: mfa-new-phone', () => {
  it('is loaded', () => {
    expect(library.get('mfa-new-phone')).toBeDefined();
  });

  it('en: new phone with the old one at hand is registered by the user', async () => {
    const chat = flowChat();
    await play(chat, [
      [
        'got a new phone, how do I move the authenticator',
        /What's your situation with sign-in verification\?/,
      ],
      ['I have a new phone', /still have the \*\*old phone\*\*/],
      ['yes', /Install Microsoft Authenticator on the new phone/],
      ['yes', /Register the new phone[\s\S]*aka\.ms\/mfasetup[\s\S]*Security info > Add sign-in method/],
      ['yes', /Make the new phone the default and remove the old one/],
      ['yes', /\*\*phone number\*\* changed as well\?/],
      ['no', /All set – your new phone now confirms your sign-ins/],
    ]);
    expect((await flowCase(chat)).resolution?.flowId).toBe('mfa-new-phone');
  });

  it('pl: lost company phone without another method goes to identity and security', async () => {
    const chat = flowChat();
    await play(chat, [
      ['zgubiłem telefon z aplikacją authenticator', /Jaki masz problem z weryfikacją logowania\?/],
      ['Telefon zgubiony, skradziony lub wyczyszczony', /\*\*inną zarejestrowaną metodą\*\*/],
      ['nie', /\*\*telefonem służbowym\*\*/],
      ['tak', /Zgubiony telefon służbowy trzeba zablokować[\s\S]*zweryfikuje Twoją tożsamość/],
    ]);
    expect((await flowCase(chat)).handoffRequested).toMatchObject({
      category: 'account',
      priority: 'high',
      skills: ['identity', 'security'],
    });
  });

  it('en: new phone without the old one or another method needs an MFA reset by a technician', async () => {
    const chat = flowChat();
    await play(chat, [
      ['changed my phone, authenticator is gone', /What's your situation/],
      ['I have a new phone', /old phone/],
      ['no', /another registered method/],
      ['no', /only a technician can reset your verification methods[\s\S]*Temporary Access Pass/],
    ]);
    expect((await flowCase(chat)).handoffRequested).toMatchObject({ priority: 'high', skills: ['identity'] });
  });

  it('pl: "pomoc" mid-flow explains and asks the same question again', async () => {
    await play(flowChat(), [
      ['mam nowy telefon, jak przenieść authenticator', /Jaki masz problem/],
      ['Mam nowy telefon', /\*\*stary telefon\*\*/],
      ['pomoc', /Opisz problem własnymi słowami[\s\S]*\*\*stary telefon\*\*/],
      ['tak', /Zainstaluj Microsoft Authenticator/],
    ]);
  });
});
