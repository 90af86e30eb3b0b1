import fs from 'node:fs';
import path from 'node:path';
import { Catalogue } from '../../../src/i18n';
import { startApp, type RunningApp } from '../../helpers/in-process-app';
import { alwaysOpenSupportFile } from '../../helpers/support-hours';
import { call } from '../../helpers/directline-client';
import { TURN_ERRORS, WebChatUser, errorRecorder, shown } from './web-chat-user';

const catalogue = Catalogue.load(path.join(__dirname, '../../../content/i18n'));
const MAX = 4000;

/** What users write above the log they paste, and what the bot's answer then starts with. */
const PASTERS = {
  'en-US': 'Outlook keeps crashing when I open it, here is the log:',
  'de-DE': 'Outlook stürzt immer ab, sobald ich es öffne:',
  'pl-PL': 'Outlook ciągle się wywala przy otwieraniu, tu jest log:',
  'ro-RO': 'Outlook se blochează și se închide când îl deschid:',
} as const;

/** A pasted event log of `chars` characters, with a line that must never be kept after `MAX`. */
function pastedLog(lead: string, chars: number, marker: string): string {
  const lines = [lead];
  for (let i = 0; lines.join('\n').length < chars; i += 1) {
    const at = lines.join('\n').length;
    lines.push(
      at > MAX + 500 && !lines.some((l) => l.includes(marker))
        ? `12:00:${String(i % 60).padStart(2, '0')} OUTLOOK.EXE fault module mso20win32client.dll ${marker}`
        : `12:00:${String(i % 60).padStart(2, '0')} Application Error 1000 OUTLOOK.EXE 16.0.17928 faulting module ntdll.dll offset 0x000a1b2c`,
    );
  }
  return lines.join('\n').slice(0, chars);
}

/** Every file of the data directory (the SQLite database and its journal), as text. */
function everythingStored(dataDir: string): string {
  const files = fs.readdirSync(dataDir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
  return files.map((f) => fs.readFileSync(path.join(f.parentPath, f.name)).toString('latin1')).join('\n');
}

/**
 * A user pastes a long log into the web chat (over MAX_MESSAGE_CHARS): it is sent, not refused
 * with a 413 the chat shows as a failed send; the bot reads its start, says so, and answers, and
 * nothing past the start is kept anywhere.
 */
describe('a pasted log longer than MAX_MESSAGE_CHARS, through the real Direct Line endpoint', () => {
  let running: RunningApp;
  const recorded = errorRecorder();
  beforeAll(async () => {
    running = await startApp({ SUPPORT_CONFIG_FILE: alwaysOpenSupportFile() }, recorded.logger);
  });
  afterEach(() => expect(recorded.errors).toEqual([]));
  afterAll(() => running.stop());

  it.each(Object.keys(PASTERS) as (keyof typeof PASTERS)[])(
    '[%s] the start is read and answered, the user told, the rest kept nowhere',
    async (locale) => {
      const lead = PASTERS[locale];
      const lang = locale.slice(0, 2) as 'en' | 'de' | 'pl' | 'ro';
      const marker = `tail-of-the-log-${lang}-${Date.now().toString(36)}`;
      const user = await WebChatUser.start(running.url, locale);
      const text = pastedLog(lead, 12_000, marker);
      expect(text).toContain(marker);

      const replies = (await user.say(text)).map(shown);
      for (const reply of replies) expect(TURN_ERRORS).not.toContain(reply);
      expect(replies[0]).toBe(catalogue.t(lang, 'input.shortened', { max: MAX }));
      // The user's own line is the question, answered as it is without the log after it.
      const alone = await WebChatUser.start(running.url, locale);
      const withoutLog = (await alone.say(lead)).map(shown);
      alone.end();
      expect(withoutLog).not.toContain(catalogue.t(lang, 'noAnswer'));
      expect(replies.slice(1)).toEqual(withoutLog);
      // The web chat shows the user's message as it was kept: its start.
      const mine = (await user.log()).filter((a) => a.from.role === 'user' && a.type === 'message');
      expect(mine.map((a) => a.text)).toEqual([text.slice(0, MAX)]);
      await running.app.idle();
      expect(everythingStored(running.dataDir)).not.toContain(marker);
      user.end();
    },
  );

  /** The user's own lines, one of them with a time and an error code, above a short pasted log. */
  const WITH_A_TIME = {
    'en-US': ['Hi,', 'since 9:30 this morning Outlook shows error 0x800CCC0E when I send mail', 'log:'],
    'de-DE': ['Hallo,', 'seit 9:30 heute früh zeigt Outlook beim Senden den Fehler 0x800CCC0E', 'Log:'],
    'pl-PL': ['Dzień dobry,', 'od 9:30 rano Outlook pokazuje błąd 0x800CCC0E przy wysyłaniu poczty', 'log:'],
    'ro-RO': ['Bună,', 'de la 9:30 azi dimineață Outlook arată eroarea 0x800CCC0E la trimitere', 'log:'],
  } as const;

  it.each(Object.keys(WITH_A_TIME) as (keyof typeof WITH_A_TIME)[])(
    '[%s] a sentence of the user with a time and an error code is read, only the log lines are left out',
    async (locale) => {
      const own = WITH_A_TIME[locale];
      const log = [0, 1, 2, 3].map(
        (i) => `09:3${i}:0${i} MAPI error 0x800CCC0E OUTLOOK.EXE module olmapi32.dll offset 0x0004a1b${i}`,
      );
      const lang = locale.slice(0, 2) as 'en' | 'de' | 'pl' | 'ro';
      const user = await WebChatUser.start(running.url, locale);
      const replies = (await user.say([...own, ...log].join('\n'))).map(shown);
      user.end();
      for (const reply of replies) expect(TURN_ERRORS).not.toContain(reply);
      const alone = await WebChatUser.start(running.url, locale);
      const withoutLog = (await alone.say(own.join('\n'))).map(shown);
      alone.end();
      expect(withoutLog.join('\n')).toMatch(/Outlook/);
      expect(withoutLog).not.toContain(catalogue.t(lang, 'noAnswer'));
      expect(replies).toEqual(withoutLog);
    },
  );

  it('a message over the body limit is refused with a clear 413, and the chat goes on', async () => {
    const user = await WebChatUser.start(running.url);
    const started = await call<{ token: string }>(`${running.url}/v3/directline/conversations`, {
      method: 'POST',
    });
    const conversationId = (started.body as unknown as { conversationId: string }).conversationId;
    const huge = await call(`${running.url}/v3/directline/conversations/${conversationId}/activities`, {
      method: 'POST',
      token: started.body.token,
      body: { type: 'message', text: 'x'.repeat(running.config.server.bodyLimitBytes + 1) },
    });
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ error: { code: expect.any(String) as string } });
    const replies = (await user.say('Outlook keeps crashing when I open it')).map(shown);
    expect(replies.join('\n')).toMatch(/Outlook/);
    user.end();
  });
});
