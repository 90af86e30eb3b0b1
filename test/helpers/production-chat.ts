import { Writable } from 'node:stream';
import type { Activity } from 'botbuilder';
import type { CaseFile } from '../../src/dialogs';
import type { Ticket } from '../../src/tickets';
import { BotChats } from '../../src/handoff/bot-chats';
import { createLogger } from '../../src/logging';
import { LANGUAGES } from '../../src/i18n/languages';
import { Catalogue } from '../../src/i18n';
import { startApp, type RunningApp } from './in-process-app';

/**
 * The bot exactly as users meet it: the whole app built by `createApp` (middleware, redaction,
 * flows and articles competing, hand-over, storage on SQLite) and a user talking to it through
 * the Direct Line REST endpoint, as the web chat does. A turn that throws, or a reply that is the
 * generic "something went wrong", fails the test instead of hiding in a log line.
 */
export class ProductionApp {
  private readonly failures: string[] = [];

  private constructor(
    readonly running: RunningApp,
    private readonly genericErrors: string[],
    failures: string[],
  ) {
    this.failures = failures;
  }

  static async start(env: Record<string, string> = {}, clock?: () => Date): Promise<ProductionApp> {
    const failures: string[] = [];
    // Every error the app logs is a failure of the test; the log is JSON lines on this stream.
    const errors = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) {
          const entry = JSON.parse(line) as { level: number; msg?: string; err?: { message?: string } };
          if (entry.level >= 50) failures.push(`${entry.msg ?? ''}: ${entry.err?.message ?? ''}`);
        }
        done();
      },
    });
    const logger = createLogger({ level: 'error', destination: errors });
    const running = await startApp({ LOG_LEVEL: 'error', ...env }, logger, clock);
    const catalogue = Catalogue.load(`${running.config.contentDir}/i18n`);
    const genericErrors = LANGUAGES.map((lang) => catalogue.t(lang, 'error.turn'));
    return new ProductionApp(running, genericErrors, failures);
  }

  get url(): string {
    return this.running.url;
  }

  /** A new web chat conversation (its own user) on this app. */
  chat(options: { locale?: string } = {}): ProductionChat {
    return new ProductionChat(this, options.locale);
  }

  /** Throws if any turn so far failed or answered with the generic error. */
  assertHealthy(replies: readonly Partial<Activity>[] = []): void {
    const generic = replies.find((r) => this.genericErrors.includes(r.text ?? ''));
    if (generic) this.failures.push(`the bot answered with the generic error: ${generic.text ?? ''}`);
    if (this.failures.length > 0) {
      const found = this.failures.splice(0);
      throw new Error(`turn failed on the production wiring:\n${found.join('\n')}`);
    }
  }

  stop(): Promise<void> {
    return this.running.stop();
  }
}

interface Started {
  conversationId: string;
  token: string;
}

export class ProductionChat {
  private started?: Promise<Started>;
  private watermark = 0;

  constructor(
    private readonly app: ProductionApp,
    private readonly locale?: string,
  ) {}

  get conversationId(): Promise<string> {
    return this.start().then((s) => s.conversationId);
  }

  private start(): Promise<Started> {
    this.started ??= fetch(`${this.app.url}/v3/directline/conversations`, { method: 'POST' }).then(
      async (res) => {
        if (res.status !== 201) throw new Error(`starting a conversation: HTTP ${res.status}`);
        return (await res.json()) as Started;
      },
    );
    return this.started;
  }

  /** Sends one activity and returns the bot's messages of that turn (the post waits for the turn). */
  async send(input: string | Partial<Activity>): Promise<Partial<Activity>[]> {
    const { conversationId, token } = await this.start();
    const activity: Partial<Activity> =
      typeof input === 'string' ? { type: 'message', text: input } : { type: 'message', ...input };
    const body = {
      ...activity,
      from: { id: 'ignored-the-server-assigns-it' },
      ...(this.locale ? { locale: this.locale } : {}),
    };
    const url = `${this.app.url}/v3/directline/conversations/${conversationId}/activities`;
    const posted = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (posted.status !== 200)
      throw new Error(`posting an activity: HTTP ${posted.status} ${await posted.text()}`);
    const replies = await this.newBotMessages();
    this.app.assertHealthy(replies);
    return replies;
  }

  /** The tickets this conversation opened, as the desk stores them. */
  async tickets(): Promise<Ticket[]> {
    const handoff = this.app.running.app.handoff;
    return handoff ? handoff.tickets.ofConversations([await this.conversationId]) : [];
  }

  /** Clicks a card button, as Web Chat does: no text, the button's data as `value`. */
  click(value: string): Promise<Partial<Activity>[]> {
    return this.send({ type: 'message', value: { firstlineChoice: value } });
  }

  /** The bot's messages that arrived since the last look (also those sent outside a turn). */
  async newBotMessages(): Promise<Partial<Activity>[]> {
    return (await this.newActivities()).filter((a) => a.type === 'message' && a.from?.role === 'bot');
  }

  /** Everything not sent by this user since the last look: the bot's and technicians' activities. */
  async newActivities(): Promise<Partial<Activity>[]> {
    const { conversationId, token } = await this.start();
    const res = await fetch(
      `${this.app.url}/v3/directline/conversations/${conversationId}/activities?watermark=${this.watermark}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    const page = (await res.json()) as { activities: Partial<Activity>[]; watermark: string };
    this.watermark = Number(page.watermark);
    return page.activities.filter((a) => a.from?.role !== 'user');
  }

  /** The case file the bot keeps for this conversation, as technicians would be handed it. */
  async caseFile(): Promise<CaseFile | undefined> {
    // The record technicians take a chat over from (written after each of the bot's answers).
    const chats = new BotChats(this.app.running.app.storage, () => new Date());
    return (await chats.get(await this.conversationId))?.caseFile;
  }
}
