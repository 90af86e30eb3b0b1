import { setTimeout as sleep } from 'node:timers/promises';

interface LoggedActivity {
  type: string;
  text?: string;
  from: { role?: string };
  attachments?: { content?: { body?: { text?: string }[] } }[];
}

/**
 * A web chat user on the real app: a token from /api/webchat/token (with the host site's signed
 * identity when given), then the Direct Line endpoint as Web Chat uses it over HTTP.
 */
export class WebChatUser {
  private constructor(
    private readonly url: string,
    readonly conversationId: string,
    private readonly token: string,
  ) {}

  static async start(url: string, identity?: string): Promise<WebChatUser> {
    const res = await fetch(`${url}/api/webchat/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(identity ? { identity } : {}),
    });
    if (res.status !== 200) throw new Error(`token refused: ${res.status} ${await res.text()}`);
    const issued = (await res.json()) as { conversationId: string; token: string };
    return new WebChatUser(url, issued.conversationId, issued.token);
  }

  async say(text: string): Promise<void> {
    const res = await fetch(`${this.url}/v3/directline/conversations/${this.conversationId}/activities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text }),
    });
    if (res.status !== 200) throw new Error(`message refused: ${res.status}`);
  }

  /** Every text the bot (or a technician) sent, cards by their text blocks. */
  async received(): Promise<string[]> {
    const res = await fetch(`${this.url}/v3/directline/conversations/${this.conversationId}/activities`, {
      headers: { authorization: `Bearer ${this.token}` },
    });
    return ((await res.json()) as { activities: LoggedActivity[] }).activities
      .filter((a) => a.type === 'message' && a.from.role !== 'user')
      .map((a) =>
        [
          a.text ?? '',
          ...(a.attachments ?? []).flatMap((c) => (c.content?.body ?? []).map((b) => b.text ?? '')),
        ].join('\n'),
      );
  }

  /** The first received text matching `pattern` (its match), waiting up to `timeoutMs`. */
  async waitFor(pattern: RegExp, timeoutMs = 20_000): Promise<RegExpExecArray> {
    for (const deadline = Date.now() + timeoutMs; ; await sleep(50)) {
      const texts = await this.received();
      for (const text of texts) {
        const found = pattern.exec(text);
        if (found) return found;
      }
      if (Date.now() > deadline) throw new Error(`nothing matched ${pattern}:\n${texts.join('\n---\n')}`);
    }
  }
}
