import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { COVERAGE_CODES, loadKnowledgeBase, loadTaxonomy } from '../../../../src/knowledge/articles';
import { importMarkdownFolder, importQna, parseQnaExport } from '../../../../src/knowledge/import';

const FIXTURES = path.join(__dirname, '../../../fixtures/import');
const CONTENT = path.join(__dirname, '../../../../content');
const TAXONOMY_FILE = path.join(CONTENT, 'taxonomy.yaml');
const { taxonomy } = loadTaxonomy(TAXONOMY_FILE);
const NOW = new Date('2026-11-22T12:00:00Z');

let outDir: string;
beforeEach(() => {
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-import-'));
});
afterEach(() => {
  fs.rmSync(outDir, { recursive: true, force: true });
});

function check(dir: string) {
  return loadKnowledgeBase({
    kbDir: dir,
    taxonomyFile: TAXONOMY_FILE,
    orgFile: path.join(CONTENT, 'organisation.yaml'),
    now: NOW,
  });
}

/** Errors other than translation and topic coverage gaps, which a one-language import always has. */
function realErrors(dir: string) {
  return check(dir).problems.filter((p) => p.severity === 'error' && !COVERAGE_CODES.has(p.code));
}

describe('QnA Maker TSV export', () => {
  it('groups the one-row-per-question export by QnaId', () => {
    const records = parseQnaExport(fs.readFileSync(path.join(FIXTURES, 'qnamaker-export.tsv'), 'utf8'));
    expect(records.map((r) => r.qnaId)).toEqual(['1', '2', '3', '4']);
    expect(records[0]?.questions).toEqual([
      'How do I connect to the VPN from home?',
      'vpn from home not working',
      'cannot connect to vpn',
    ]);
    expect(records[0]?.metadata).toEqual([
      { name: 'category', value: 'network_vpn' },
      { name: 'device', value: 'laptop' },
    ]);
    expect(records[0]?.prompts).toEqual([
      { displayOrder: 0, qnaId: '2', displayText: 'VPN keeps disconnecting' },
    ]);
    expect(records[1]?.isContextOnly).toBe(true);
  });

  it('writes articles that pass kb check apart from coverage and the unsorted one', () => {
    const report = importQna({
      file: path.join(FIXTURES, 'qnamaker-export.tsv'),
      outDir,
      language: 'en',
      taxonomy,
      now: NOW,
    });
    expect(report.written.map((w) => path.relative(outDir, w.file)).sort()).toEqual([
      'network.vpn/how-do-i-connect-to-the-vpn-from-home.en.md',
      'network.vpn/vpn-keeps-disconnecting.en.md',
      'unsorted/where-is-the-canteen-menu.en.md',
    ]);
    expect(report.skipped).toEqual([
      expect.objectContaining({ source: 'QnA 4', reason: expect.stringMatching(/chit-chat/) }),
    ]);

    const kb = check(outDir);
    const vpn = kb.articles.find((a) => a.id === 'how-do-i-connect-to-the-vpn-from-home');
    expect(vpn).toMatchObject({
      title: 'How do I connect to the VPN from home?',
      topic: 'network.vpn',
      owner: 'network-team',
      language: 'en',
      summary: 'To work from home you need the VPN.',
      closing: 'If it still fails, contact the service desk.',
      related: ['vpn-keeps-disconnecting'],
      lastReviewed: '2026-11-22',
    });
    expect(vpn?.steps).toEqual([
      'Open the VPN app from the Start menu.',
      'Enter the server address from the intranet.',
      'Sign in with your work account and approve the MFA request.',
    ]);
    expect(vpn?.examples).toHaveLength(3);
    expect(vpn?.tags).toEqual(['laptop', 'vpn']);
    const single = kb.articles.find((a) => a.id === 'vpn-keeps-disconnecting');
    expect(single?.steps).toEqual([
      'Unstable home Wi-Fi is the usual cause. Move closer to your router or use a cable, then reconnect the VPN.',
    ]);

    const errors = realErrors(outDir);
    expect(errors.map((e) => [path.relative(outDir, e.file), e.code])).toEqual([
      ['unsorted/where-is-the-canteen-menu.en.md', 'unknown-topic'],
    ]);
    const notes = report.review.map((r) => `${r.id}: ${r.note}`).join('\n');
    expect(notes).toMatch(/where-is-the-canteen-menu: no topic/);
    expect(notes).toMatch(
      /where-is-the-canteen-menu: came from source "https:\/\/intranet.example\/faq.docx"/,
    );
    expect(notes).toMatch(/vpn-keeps-disconnecting: was a follow-up-only answer/);
    expect(notes).toMatch(/vpn-keeps-disconnecting: the answer had no numbered list/);
  });

  it('uses --topic for QnAs without topic metadata and never overwrites files', () => {
    const options = {
      file: path.join(FIXTURES, 'qnamaker-export.tsv'),
      outDir,
      language: 'en' as const,
      taxonomy,
      topic: 'browser',
      now: NOW,
    };
    importQna(options);
    expect(fs.existsSync(path.join(outDir, 'browser/where-is-the-canteen-menu.en.md'))).toBe(true);
    expect(realErrors(outDir)).toEqual([]);
    const again = importQna(options);
    expect(again.written).toEqual([]);
    expect(again.skipped.filter((s) => /already exists/.test(s.reason))).toHaveLength(3);
  });
});

describe('QnA Maker JSON export (qnaDocuments)', () => {
  it('maps name/value metadata to topics and tags and prompts to related ids', () => {
    const report = importQna({
      file: path.join(FIXTURES, 'qnamaker-export.json'),
      outDir,
      language: 'en',
      taxonomy,
      now: NOW,
    });
    expect(realErrors(outDir)).toEqual([]);
    const kb = check(outDir);
    const reset = kb.articles.find((a) => a.id === 'i-forgot-my-password');
    expect(reset).toMatchObject({
      topic: 'account.password-reset',
      owner: 'identity-team',
      examples: ['I forgot my password', 'reset password', 'how do I change my password', 'password expired'],
      tags: ['staff', 'password', 'reset'],
      related: ['my-account-is-locked'],
      summary: '**Reset your password yourself**',
    });
    expect(reset?.steps).toHaveLength(3);
    expect(kb.articles.find((a) => a.id === 'my-account-is-locked')?.topic).toBe('account.lockout');
    expect(report.review.map((r) => r.note).join('\n')).toMatch(
      /"Talk to a person" points at QnA 99, which was not imported/,
    );
  });
});

describe('Language Studio question answering export (assets.qnas)', () => {
  it('reads object metadata and dialog prompts, in the language given', () => {
    importQna({
      file: path.join(FIXTURES, 'language-studio-export.json'),
      outDir,
      language: 'de',
      taxonomy,
      topic: 'printer',
      now: NOW,
    });
    expect(realErrors(outDir)).toEqual([]);
    const kb = check(outDir);
    const wifi = kb.articles.find((a) => a.id === 'wie-verbinde-ich-mich-mit-dem-wlan');
    expect(wifi).toMatchObject({ language: 'de', topic: 'network.wifi', related: ['drucker-geht-nicht'] });
    expect(wifi?.steps).toEqual([
      'WLAN-Symbol in der Taskleiste wählen.',
      'Das Firmennetz auswählen und **Verbinden** klicken.',
      'Mit dem Firmenkonto anmelden.',
    ]);
    expect(kb.articles.find((a) => a.id === 'drucker-geht-nicht')?.topic).toBe('printer');
    expect(fs.existsSync(path.join(outDir, 'network.wifi/wie-verbinde-ich-mich-mit-dem-wlan.de.md'))).toBe(
      true,
    );
  });

  it('rejects files that are not QnA exports', () => {
    const bogus = path.join(outDir, 'bogus.json');
    fs.writeFileSync(bogus, '{"hello":"world"}');
    expect(() => importQna({ file: bogus, outDir, language: 'en', taxonomy })).toThrow(/not a QnA export/);
  });
});

describe('Markdown folder import', () => {
  it('takes the title from the first heading and the steps from the first numbered list', () => {
    const report = importMarkdownFolder({
      folder: path.join(FIXTURES, 'markdown'),
      outDir,
      language: 'en',
      taxonomy,
      topic: 'browser',
      now: NOW,
    });
    expect(report.written.map((w) => path.relative(outDir, w.file)).sort()).toEqual([
      'browser/clear-browser-cache.de.md',
      'printer/add-a-printer.en.md',
    ]);
    expect(report.skipped).toEqual([expect.objectContaining({ reason: 'no numbered list to use as steps' })]);
    expect(realErrors(outDir)).toEqual([]);

    const kb = check(outDir);
    const printer = kb.articles.find((a) => a.id === 'add-a-printer');
    expect(printer).toMatchObject({
      title: 'Add a network printer',
      topic: 'printer',
      summary: 'Use this to add an office printer to your Windows laptop.',
      closing: 'Ask the service desk if the printer is still missing.',
    });
    expect(printer?.steps).toEqual([
      'Open **Settings > Bluetooth & devices > Printers & scanners**.',
      'Select **Add device** and wait for the list.',
      'Choose the printer whose name matches the label on the device.\nIf it is not listed, select **Add manually**.',
    ]);
    const cache = kb.articles.find((a) => a.id === 'clear-browser-cache');
    expect(cache).toMatchObject({ language: 'de', title: 'Browser-Cache leeren' });
    expect(cache?.steps[0]).toBe('**Strg + Umschalt + Entf** drücken.');
  });
});
