import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp, type RunningApp } from '../../helpers/in-process-app';
import { TURN_ERRORS, WebChatUser, errorRecorder, shown, type ChatActivity } from './web-chat-user';

/** Open every day, all day: the test must not depend on today's date or time. */
const ALWAYS_OPEN = `timeZone: UTC
hours: { mon: ["00:00-24:00"], tue: ["00:00-24:00"], wed: ["00:00-24:00"], thu: ["00:00-24:00"], fri: ["00:00-24:00"], sat: ["00:00-24:00"], sun: ["00:00-24:00"] }
`;

const text = (replies: readonly ChatActivity[]): string => replies.map(shown).join('\n---\n');

/** The flow's first question, or the "which of these?" the matcher may ask first (then the flow is picked). */
async function startFlow(user: WebChatUser, message: string, flowId: string): Promise<string> {
  const replies = await user.say(message);
  for (const reply of replies) expect(TURN_ERRORS).not.toContain(reply.text);
  const said = JSON.stringify(replies);
  if (!said.includes(`flow:${flowId}`)) return text(replies);
  return text(await user.click({ firstlineChoice: `flow:${flowId}` }));
}

describe('never ask twice, through the real Direct Line endpoint', () => {
  let running: RunningApp;
  let dir: string;
  const users: WebChatUser[] = [];
  const recorded = errorRecorder();

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-never-twice-'));
    const support = path.join(dir, 'support.yaml');
    fs.writeFileSync(support, ALWAYS_OPEN);
    running = await startApp({ SUPPORT_CONFIG_FILE: support }, recorded.logger);
  });
  afterEach(() => expect(recorded.errors).toEqual([]));
  afterAll(async () => {
    for (const user of users) user.end();
    await running.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function chat(locale: string): Promise<WebChatUser> {
    const user = await WebChatUser.start(running.url, locale);
    users.push(user);
    await user.newReplies();
    return user;
  }

  it('en: the symptom in the first message is not asked for, and the ticket lists what was said', async () => {
    const user = await chat('en-US');
    const first = await startFlow(
      user,
      "I'm not getting any new emails in outlook",
      'outlook-troubleshooting',
    );
    expect(first).not.toMatch(/What's wrong with Outlook\?/);
    expect(first).toMatch(/\*\*No new mail \/ not updating\*\*[\s\S]*outlook\.office\.com/);
    const handedOver = text(await user.say('no'));
    expect(handedOver).toMatch(/messaging team/);
    // The hand-over does not ask the user to repeat their answers to the technician.
    expect(handedOver).not.toMatch(/tell the technician (which|whether|what's wrong)/i);

    const [ticket] = (await running.app.handoff!.tickets.list()).filter(
      (t) => t.conversationId === user.conversationId,
    );
    expect(ticket?.answers).toEqual([
      { question: "What's wrong with Outlook?", answer: 'No new mail / not updating', prefilled: true },
      { question: expect.stringMatching(/^Let's see if it's the mailbox/), answer: 'No' },
    ]);
    expect(ticket?.summary).toMatch(
      /Answered: What's wrong with Outlook\? → No new mail \/ not updating \(said before being asked\); Let's see/,
    );
  });

  it('pl: "nagle" answers "since when?", a paraphrase the bot used to refuse', async () => {
    const user = await chat('pl-PL');
    expect(await startFlow(user, 'laptop strasznie wolno działa', 'slow-computer')).toMatch(
      /Od kiedy komputer działa wolno\?/,
    );
    expect(text(await user.say('nagle'))).toMatch(/\*\*uruchamiany ponownie\*\*/);
  });

  it('de: three unreadable answers ask "is this a new problem?", and "nein" goes back to the question', async () => {
    const user = await chat('de-DE');
    const question = /Seit wann ist der Rechner langsam\?/;
    expect(await startFlow(user, 'mein Laptop ist total langsam', 'slow-computer')).toMatch(question);
    expect(text(await user.say('xyzzy'))).toMatch(question);
    expect(text(await user.say('plugh'))).toMatch(question);
    const confirm = text(await user.say('qwerty'));
    expect(confirm).toMatch(/Geht es um ein neues Problem\?/);
    expect(confirm).toMatch(/\[Ja, ein neues Problem\][\s\S]*\[Nein, zurück zur Frage\]/);
    expect(text(await user.click({ firstlineChoice: 'keep-asking' }))).toMatch(question);
    expect(text(await user.say('seit gestern'))).toMatch(/\*\*neu gestartet\*\*/);
  });
});
