import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { recogniseChoice, recogniseInterruption } from '../../src/dialogs';
import { assessFrustration } from '../../src/dialogs/frustration';
import { requestedLanguage } from '../../src/i18n';
import type { LanguageWords } from '../../src/words';
import { ProductionApp } from '../helpers/production-chat';
import { catalogue, visible } from './chat-harness';

const SHIPPED = path.join(__dirname, '../../content');

/** A copy of the shipped content whose word lists `change` edits (one language file). */
function contentCopy(changes: Record<string, (words: LanguageWords) => void>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-words-'));
  fs.cpSync(SHIPPED, dir, { recursive: true });
  for (const [lang, change] of Object.entries(changes)) {
    const file = path.join(dir, 'words', `${lang}.yaml`);
    const words = YAML.parse(fs.readFileSync(file, 'utf8')) as LanguageWords;
    change(words);
    fs.writeFileSync(file, YAML.stringify(words));
  }
  return dir;
}

// The word lists are content: CONTENT_DIR pointing to a copy with other words changes what the
// running app recognises, with no change to the code.
describe('word lists from CONTENT_DIR', () => {
  let content: string;
  let app: ProductionApp;

  beforeAll(async () => {
    content = contentCopy({
      en: (words) => {
        words.frustration.useless.push('total lemon');
        words.interruptions.help.push('sos');
        words.choices.yes.push('yessir');
      },
      de: (words) => words.language.names.push('teutonisch'),
    });
    app = await ProductionApp.start({ CONTENT_DIR: content });
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    fs.rmSync(content, { recursive: true, force: true });
  });

  it('the shipped lists do not know the new words', () => {
    expect(assessFrustration('this laptop is a total lemon').frustrated).toBe(false);
    expect(recogniseInterruption({ type: 'message', text: 'sos' })).toBeUndefined();
    expect(requestedLanguage('teutonisch')).toBeUndefined();
    expect(
      recogniseChoice({ text: 'yessir' }, [{ value: 'yes', label: 'Yes', meaning: 'yes' }]),
    ).toBeUndefined();
  });

  it('recognises a new frustration phrase and offers a person', async () => {
    const replies = await app.chat().send('this laptop is a total lemon');
    expect(visible([replies[0]!])).toMatch(/sorry this is so frustrating/);
  });

  it('recognises a new help word', async () => {
    const replies = await app.chat().send('sos');
    expect(visible(replies)).toContain(catalogue.t('en', 'help'));
  });

  it('takes a new yes-word as the answer to "did that work?"', async () => {
    const chat = app.chat();
    // OneDrive has an article and no diagnostic flow: its walk-through starts at once.
    expect(visible(await chat.send('OneDrive is not syncing my files'))).toMatch(/Step 1 of/);
    expect(visible(await chat.send('yessir'))).toContain(catalogue.t('en', 'walkthrough.resolved'));
  });

  it('switches language on a new language name', async () => {
    const replies = await app.chat().send('teutonisch');
    expect(visible(replies)).toContain(catalogue.t('de', 'language.changed'));
  });
});
