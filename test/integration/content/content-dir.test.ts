import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ContentSource, defaultContentPaths, loadContent, type Content } from '../../../src/content';
import { CannedReplies } from '../../../src/console/api/canned-replies';
import { isOpen } from '../../../src/handoff';
import { createRedactor } from '../../../src/privacy';
import { startApp, type RunningApp } from '../../helpers/in-process-app';
import { shippedContent, SHIPPED_CONTENT_DIR } from '../../helpers/shipped-content';
import { WebChatUser, shown } from '../conversation/web-chat-user';

/** One change per content kind, in a copy of content/; every one must show where that kind is used. */
const EDITS: { file: string; find: RegExp; replace: string }[] = [
  {
    file: 'i18n/en.yaml',
    find: /^welcome: .*$/m,
    replace: 'welcome: "Zebra desk here, I am {botName}. What is wrong?"',
  },
  {
    file: 'small-talk/en.yaml',
    find: /reply: "Hello! Tell me in a sentence.*"$/m,
    replace: 'reply: "Howdy from the zebra copy!"',
  },
  {
    file: 'privacy/messages/en.yaml',
    find: /^notice\.password: .*$/m,
    replace: 'notice.password: "Zebra notice: that password is gone, change it."',
  },
  { file: 'privacy/keywords.yaml', find: /^ {2}en: \[password, /m, replace: '  en: [zebrapin, password, ' },
  { file: 'privacy/common-words.yaml', find: /^en: \[\n/m, replace: 'en: [\n  zebrastripe,\n' },
  {
    file: 'kb/email.mailbox-full/mailbox-full.en.md',
    find: /^title: .*$/m,
    replace: 'title: Zebra mailbox clean-up',
  },
  { file: 'taxonomy.yaml', find: /labels: \{ en: VPN,/, replace: 'labels: { en: Zebra VPN,' },
  {
    file: 'flows/wifi-troubleshooting.yaml',
    find: /en: "Which device has the Wi-Fi problem: /,
    replace: 'en: "Zebra question, which device has the Wi-Fi problem: ',
  },
  {
    file: 'flows/strings/en.yaml',
    find: /^frustration\.empathy: .*$/m,
    replace: 'frustration.empathy: "Zebra empathy: sorry. Write \\"talk to a person\\" at any time."',
  },
  { file: 'synonyms/it-helpdesk.yaml', find: /any: \[printer, drucker,/, replace: 'any: [zebrograph, printer, drucker,' },
  { file: 'support.yaml', find: /^ {2}mon: \["08:00-18:00"\]$/m, replace: '  sun: ["00:00-24:00"]\n  mon: ["08:00-18:00"]' },
  { file: 'canned-replies.yaml', find: /en: Greeting$/m, replace: 'en: Zebra greeting' },
  {
    file: 'organisation.yaml',
    find: /^serviceDeskPhone:\n(?: {2}.*\n)+/m,
    replace: 'serviceDeskPhone: "+49 000 ZEBRA"\n',
  },
];

function changedCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-content-dir-'));
  fs.cpSync(SHIPPED_CONTENT_DIR, dir, { recursive: true });
  for (const edit of EDITS) {
    const file = path.join(dir, edit.file);
    const text = fs.readFileSync(file, 'utf8');
    if (!edit.find.test(text)) throw new Error(`${edit.file}: ${edit.find} not found`);
    fs.writeFileSync(file, text.replace(edit.find, edit.replace));
  }
  return dir;
}

describe('CONTENT_DIR pointing to a changed copy of the content', () => {
  const dir = changedCopy();
  const paths = defaultContentPaths(dir);
  let content: Content;
  let running: RunningApp;
  const users: WebChatUser[] = [];

  beforeAll(async () => {
    const loaded = loadContent(paths);
    expect(loaded.problems.filter((p) => p.severity === 'error')).toEqual([]);
    content = loaded.content!;
    running = await startApp({ CONTENT_DIR: dir, HANDOFF_ENABLED: 'false' });
  });
  afterAll(async () => {
    for (const user of users) user.end();
    await running.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function chat(): Promise<WebChatUser> {
    const user = await WebChatUser.start(running.url, 'en-US');
    users.push(user);
    return user;
  }
  const said = (replies: { text?: string }[]) => replies.map((r) => shown(r as never)).join('\n');

  describe('through the app', () => {
    it('UI strings: the welcome', async () => {
      const user = await chat();
      expect(said(user.welcome)).toMatch(/Zebra desk here/);
    });

    it('small talk: the greeting reply', async () => {
      expect(said(await (await chat()).say('hi'))).toMatch(/Howdy from the zebra copy!/);
    });

    it('privacy messages: the notice after a password', async () => {
      expect(said(await (await chat()).say('my password is Hunter2x!9q'))).toMatch(/Zebra notice/);
    });

    it('privacy keywords: a new keyword introduces a password', async () => {
      expect(said(await (await chat()).say('zebrapin: Kq8#wLz3v'))).toMatch(/Zebra notice/);
    });

    it('knowledge base: the article title', async () => {
      expect(said(await (await chat()).say('my mailbox is full'))).toMatch(/Zebra mailbox clean-up/);
    });

    it('taxonomy: the topic label on the start topics', async () => {
      expect(said(await (await chat()).say('what can you do?'))).toMatch(/\[Zebra VPN\]/);
    });

    it('diagnostic flows: the question text', async () => {
      expect(said(await (await chat()).say('my wifi keeps dropping'))).toMatch(/Zebra question/);
    });

    it('flow strings: the empathy message', async () => {
      expect(said(await (await chat()).say('this is useless'))).toMatch(/Zebra empathy/);
    });

    it('synonyms: a new synonym finds its topic', async () => {
      expect(said(await (await chat()).say('the zebrograph on floor 3 does not work'))).toMatch(/[Pp]rint/);
    });
  });

  describe('in the module that owns the kind, fed by the loader', () => {
    it('support hours: open on Sunday in the copy, not in the shipped file', () => {
      const sunday = new Date('2026-12-06T11:00:00Z');
      expect(isOpen(content.support!, sunday)).toBe(true);
      expect(isOpen(shippedContent().support!, sunday)).toBe(false);
    });

    it('canned replies: the changed title', () => {
      const titles = new CannedReplies(content.cannedReplies).list(['en']).map((r) => r.title);
      expect(titles).toContain('Zebra greeting');
    });

    it('redaction common words: a listed word is no longer taken for a password', () => {
      const text = 'my password is zebrastripe';
      expect(createRedactor(content.privacy).redact(text).text).toBe(text);
      expect(createRedactor(shippedContent().privacy).redact(text).text).not.toBe(text);
    });

    it('organisation: the service desk phone, and again after a reload', () => {
      const source = ContentSource.open(paths);
      expect(source.serviceDesk('en')?.phone).toBe('+49 000 ZEBRA');
      const file = path.join(dir, 'organisation.yaml');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('+49 000 ZEBRA', '+49 111 OKAPI'));
      expect(source.reloadKnowledge().problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(source.serviceDesk('en')?.phone).toBe('+49 111 OKAPI');
      expect(source.organisation()?.serviceDeskPhone).toBe('+49 111 OKAPI');
    });
  });
});

describe('serve with a broken content file', () => {
  it('refuses to start, naming the file and line (support.yaml, which used to fail with no file named)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-broken-content-'));
    fs.cpSync(SHIPPED_CONTENT_DIR, dir, { recursive: true });
    const file = path.join(dir, 'support.yaml');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const index = lines.findIndex((line) => line.startsWith('timeZone:'));
    lines[index] = 'timeZone: Europe/Berlin: CET';
    fs.writeFileSync(file, lines.join('\n'));
    try {
      await expect(startApp({ CONTENT_DIR: dir })).rejects.toThrow(`support.yaml:${index + 1}: error: invalid YAML`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
