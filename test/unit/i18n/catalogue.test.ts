import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Catalogue, LANGUAGES } from '../../../src/i18n';

const SHIPPED = path.join(__dirname, '../../../content/i18n');

function writeCatalogue(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fl-i18n-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('Catalogue', () => {
  it('ships every message in all four languages', () => {
    const { problems } = Catalogue.check(SHIPPED);
    expect(problems).toEqual([]);
    const catalogue = Catalogue.load(SHIPPED);
    for (const lang of LANGUAGES) {
      expect(catalogue.t(lang, 'welcome', { botName: 'Ada' })).toContain('Ada');
    }
  });

  it('fills placeholders in the requested language', () => {
    const catalogue = Catalogue.load(SHIPPED);
    expect(catalogue.t('de', 'input.shortened', { max: 4000 })).toMatch(/ersten 4000 Zeichen/);
    expect(catalogue.t('pl', 'language.changed')).toMatch(/po polsku/);
  });

  it('reports missing keys, extra keys and placeholder mismatches per file', () => {
    const dir = writeCatalogue({
      'en.yaml': 'a: "Hi {name}"\nb: "Bye"\n',
      'de.yaml': 'a: "Hallo {nom}"\nb: "Tschüss"\n',
      'pl.yaml': 'a: "Cześć {name}"\n',
      'ro.yaml': 'a: "Salut {name}"\nb: "Pa"\nc: "extra"\n',
    });
    const problems = Catalogue.check(dir).problems.map((p) => `${path.basename(p.file)}: ${p.problem}`);
    expect(problems).toEqual([
      'de.yaml: key "a" uses placeholders {nom}, en uses {name}',
      'pl.yaml: missing key "b"',
      'ro.yaml: key "c" does not exist in en.yaml',
    ]);
  });

  it('throws on an unknown key instead of showing the user a key name', () => {
    expect(() => Catalogue.load(SHIPPED).t('en', 'no.such.key')).toThrow(/unknown message key/);
  });
});
