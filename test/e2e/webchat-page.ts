import type { Frame, Page } from 'playwright-core';

/** Web Chat renders typographic quotes; compare text with plain ones. */
export function plain(text: string): string {
  return text
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

const TRANSCRIPT = '.webchat__basic-transcript';
const SEND_BOX = '[data-id="webchat-sendbox-input"]';

/** The transcript's visible text, normalised. Screen-reader-only copies of each message are left out. */
export async function transcriptText(target: Page | Frame): Promise<string> {
  const texts = await target
    .locator(`${TRANSCRIPT} .webchat__bubble__content`)
    .allInnerTexts()
    .catch(() => [] as string[]);
  return plain(texts.join('\n'));
}

/** How many message bubbles contain `text`. */
export async function countBubbles(target: Page | Frame, text: string): Promise<number> {
  const texts = await target
    .locator(`${TRANSCRIPT} .webchat__bubble__content`)
    .allInnerTexts()
    .catch(() => [] as string[]);
  const wanted = plain(text);
  return texts.filter((t) => plain(t).includes(wanted)).length;
}

export async function waitForBubble(target: Page | Frame, text: string, timeoutMs = 20_000): Promise<void> {
  await waitForAnyBubble(target, [text], timeoutMs);
}

/** Waits for a bubble containing one of `texts`; resolves with the first one found. */
export async function waitForAnyBubble(
  target: Page | Frame,
  texts: readonly string[],
  timeoutMs = 20_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const text of texts) if ((await countBubbles(target, text)) > 0) return text;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  const wanted = texts.map((t) => `"${t}"`).join(' or ');
  throw new Error(
    `no message containing ${wanted} within ${timeoutMs} ms; transcript: ${await transcriptText(target)}`,
  );
}

/**
 * Waits until the transcript shows a bot activity after the user's bubble with `question`. Bot
 * answers may be Markdown or Adaptive Cards, so this looks at structure, not at exact wording.
 */
export async function waitForAnswerOnScreen(target: Page | Frame, question: string, timeoutMs = 20_000) {
  await target.waitForFunction(
    (asked) => {
      const activities = [...document.querySelectorAll('.webchat__basic-transcript__activity')];
      const fromUser = (el: Element) => el.querySelector('.webchat__stacked-layout--from-user') !== null;
      const index = activities.findIndex((el) => fromUser(el) && (el.textContent ?? '').includes(asked));
      return (
        index >= 0 &&
        activities.slice(index + 1).some((el) => !fromUser(el) && (el.textContent ?? '').trim() !== '')
      );
    },
    question,
    { timeout: timeoutMs, polling: 150 },
  );
}

/** Types into the send box and presses Enter, as a user would. */
export async function sendMessage(target: Page | Frame, text: string): Promise<void> {
  const input = target.locator(SEND_BOX);
  await input.waitFor({ state: 'visible', timeout: 20_000 });
  await input.fill(text);
  await input.press('Enter');
}

export interface StoredSession {
  conversationId: string;
  token: string;
  userId: string;
  joined: boolean;
}

/** What the page keeps in sessionStorage to resume its conversation after a reload. */
export async function storedSession(target: Page | Frame): Promise<StoredSession> {
  const raw = await target.evaluate(() => sessionStorage.getItem('firstline.webchat.session'));
  if (!raw) throw new Error('the page stored no chat session');
  return JSON.parse(raw) as StoredSession;
}

export interface DirectLineActivity {
  id?: string;
  type: string;
  name?: string;
  text?: string;
  replyToId?: string;
  from: { id: string; role?: string };
}

/** The conversation as the Direct Line endpoint reports it to the page's own token. */
export async function fetchActivities(
  baseUrl: string,
  session: StoredSession,
): Promise<DirectLineActivity[]> {
  const res = await fetch(
    `${baseUrl}/v3/directline/conversations/${encodeURIComponent(session.conversationId)}/activities`,
    {
      headers: { authorization: `Bearer ${session.token}` },
    },
  );
  if (res.status !== 200) throw new Error(`GET activities answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { activities: DirectLineActivity[] }).activities;
}

/** Waits until the bot has answered the user's message with `text`, and returns that answer. */
export async function waitForReplyTo(
  baseUrl: string,
  session: StoredSession,
  text: string,
  timeoutMs = 20_000,
): Promise<DirectLineActivity> {
  const deadline = Date.now() + timeoutMs;
  let activities: DirectLineActivity[] = [];
  while (Date.now() < deadline) {
    activities = await fetchActivities(baseUrl, session);
    const asked = activities.find(
      (a) => a.type === 'message' && a.from.id === session.userId && a.text === text,
    );
    // Answers may be text, cards or both; any message replying to the question counts.
    const reply = asked && activities.find((a) => a.type === 'message' && a.replyToId === asked.id);
    if (reply) return reply;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no reply to "${text}" within ${timeoutMs} ms: ${JSON.stringify(activities)}`);
}
