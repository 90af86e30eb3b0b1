import { createRedactor } from '../../../src/privacy';
import { shippedPrivacy } from '../../helpers/shipped-content';

describe('a redactor that remembers clean texts (what the bot sends)', () => {
  const plain = createRedactor(shippedPrivacy());
  const remembering = createRedactor(shippedPrivacy(), {}, { rememberClean: 2 });
  const secret = 'the api key is sk-live-4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c';

  it('answers as the plain redactor does, the first time and every time after', () => {
    const texts = [
      'Did that work?',
      secret,
      'Did that work?',
      secret,
      'Restart the printer.',
      'Did that work?',
    ];
    for (const text of texts) expect(remembering.redact(text)).toEqual(plain.redact(text));
    expect(plain.redact(secret).findings.length).toBeGreaterThan(0);
  });

  it('never remembers a text it found something in, however often it is sent', () => {
    for (let i = 0; i < 5; i++) expect(remembering.redact(secret).text).not.toContain('sk-live-');
  });

  it('redacts a card that repeats, field by field, as before', () => {
    const card = {
      type: 'message',
      text: 'Pick one',
      attachments: [{ content: { body: [{ text: secret }] } }],
    };
    const first = remembering.redactActivity(card);
    const second = remembering.redactActivity(card);
    expect(second).toEqual(first);
    expect(JSON.stringify(second.activity)).not.toContain('sk-live-');
  });
});
