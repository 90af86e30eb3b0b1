import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkPrivacyContent } from '../../../src/privacy';

const SHIPPED = path.join(__dirname, '../../../content/privacy');

describe('firstline content check: redaction word lists and markers', () => {
  it('accepts the shipped content', () => {
    expect(checkPrivacyContent(SHIPPED)).toEqual([]);
  });

  it('names a missing marker and a broken keyword list', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-privacy-'));
    fs.copyFileSync(path.join(SHIPPED, 'common-words.yaml'), path.join(dir, 'common-words.yaml'));
    fs.writeFileSync(path.join(dir, 'keywords.yaml'), 'password: { en: [password] }\n');
    const messages = fs.readFileSync(path.join(SHIPPED, 'messages.yaml'), 'utf8');
    fs.writeFileSync(path.join(dir, 'messages.yaml'), messages.replace(/^marker\.phone-number:.*$/m, ''));
    const problems = checkPrivacyContent(dir);
    expect(problems).toContainEqual(expect.stringMatching(/^keywords\.yaml/));
    expect(problems).toContain('messages.yaml has no marker.phone-number');
  });
});
