import path from 'node:path';
import { DirectLine } from 'botframework-directlinejs';
import pino from 'pino';
import type { Logger } from '../../../src/logging';
import { call, firstValue, installBrowserGlobals } from '../../helpers/directline-client';

import { Catalogue } from '../../../src/i18n';
import { LANGUAGES } from '../../../src/i18n/languages';

installBrowserGlobals();

export interface ChatActivity {
  type: string;
  text?: string;
  from: { id: string; role?: string };
  attachments?: { contentType: string; content: Record<string, unknown> }[];
  suggestedActions?: { actions: { title?: string; value?: unknown }[] };
}

const catalogue = Catalogue.load(path.join(__dirname, '../../../content/i18n'));
/** The generic reply to a failed turn (catalogue key `error.turn`), in every language. */
export const TURN_ERRORS: readonly string[] = LANGUAGES.map((lang) => catalogue.t(lang, 'error.turn'));

/** What a bot message shows: its text, the texts of its cards and its buttons. */
export function shown(activity: ChatActivity): string {
  const card = (activity.attachments ?? []).flatMap((a) => {
    const content = a.content as {
      body?: { text?: string }[];
      actions?: { title?: string }[];
      text?: string;
      buttons?: { title?: string }[];
    };
    return [
      content.text ?? '',
      ...(content.body ?? []).map((b) => b.text ?? ''),
      ...(content.actions ?? []).map((b) => `[${b.title ?? ''}]`),
      ...(content.buttons ?? []).map((b) => `[${b.title ?? ''}]`),
    ];
  });
  const buttons = (activity.suggestedActions?.actions ?? []).map((a) => `[${a.title ?? ''}]`);
  return [activity.text ?? '', ...card, ...buttons].filter(Boolean).join('\n');
}

/**
 * A web chat user on the real app: posts through the official DirectLineJS client to the app's
 * own Direct Line endpoint. A post returns once the bot's turn has run, so the replies of a turn
 * are read right after it, without waiting an arbitrary time.
 */
export class WebChatUser {
  private seen = 0;
  /** What the bot said when the page joined. */
  welcome: ChatActivity[] = [];
  private constructor(
    private readonly domain: string,
    private readonly client: DirectLine,
    readonly conversationId: string,
    private readonly token: string,
  ) {}

  static async start(url: string, locale = 'en-US'): Promise<WebChatUser> {
    const domain = `${url}/v3/directline`;
    const started = await call<{ conversationId: string; token: string }>(`${domain}/conversations`, {
      method: 'POST',
    });
    if (started.status !== 201 && started.status !== 200)
      throw new Error(`starting a conversation failed: ${started.status} ${JSON.stringify(started.body)}`);
    const client = new DirectLine({
      domain,
      token: started.body.token,
      conversationId: started.body.conversationId,
      webSocket: false,
      pollingInterval: 60_000,
    });
    const user = new WebChatUser(domain, client, started.body.conversationId, started.body.token);
    user.welcome = await user.post({ type: 'event', name: 'webchat/join', value: { locale } });
    return user;
  }

  /** Sends a message and returns what the bot answered in that turn. */
  async say(text: string): Promise<ChatActivity[]> {
    return this.post({ type: 'message', text });
  }

  /** Clicks a card button: posts its value as the web chat does. */
  async click(value: unknown): Promise<ChatActivity[]> {
    return this.post({ type: 'message', value });
  }

  async post(activity: Record<string, unknown>): Promise<ChatActivity[]> {
    const id = await firstValue<string>(
      this.client.postActivity({ from: { id: 'user' }, ...activity } as never) as never,
    );
    if (typeof id !== 'string' || id === 'retry') throw new Error(`post failed: ${String(id)}`);
    return this.newReplies();
  }

  /** Bot messages since the last call. */
  async newReplies(): Promise<ChatActivity[]> {
    const all = (await this.log()).filter((a) => a.type === 'message' && a.from.role === 'bot');
    const fresh = all.slice(this.seen);
    this.seen = all.length;
    return fresh;
  }

  async log(): Promise<ChatActivity[]> {
    const res = await call<{ activities: ChatActivity[] }>(
      `${this.domain}/conversations/${this.conversationId}/activities?watermark=0`,
      { token: this.token },
    );
    return res.body.activities;
  }

  end(): void {
    this.client.end();
  }
}

/** A logger that keeps every error the app logs (a failed turn is logged as "turn failed"). */
export function errorRecorder(): { logger: Logger; errors: string[] } {
  const errors: string[] = [];
  const logger = pino({ level: 'error' }, { write: (line: string) => void errors.push(line) });
  return { logger, errors };
}
