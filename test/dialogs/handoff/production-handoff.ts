import type { Activity } from 'botbuilder';
import type { NewTechnician, Technician } from '../../../src/technicians';
import { ProductionApp, type ProductionChat } from '../../helpers/production-chat';
import { alwaysOpenSupportFile, visible } from '../chat-harness';

/**
 * One app per test file, built as `createApp` builds it (always open unless a support file is
 * given) on a clock the tests set, with its hand-over's parts at hand. Each test starts with an
 * empty queue: what is still queued at its end is cancelled.
 */
export function handoffApp(options: { start?: string; env?: Record<string, string> } = {}) {
  const now = { value: new Date(options.start ?? '2026-11-23T10:00:00Z') };
  let app: ProductionApp | undefined;
  beforeAll(async () => {
    app = await ProductionApp.start(
      {
        SUPPORT_CONFIG_FILE: alwaysOpenSupportFile(),
        RATE_LIMIT_CONVERSATIONS_PER_MINUTE: '10000',
        ...options.env,
      },
      () => now.value,
    );
  }, 120_000);
  afterEach(async () => {
    const queue = app!.running.app.handoff!.queue;
    for (const queued of await queue.queued()) await queue.cancelByUser(queued.id);
  });
  afterAll(() => app?.stop());
  const running = () => app!.running.app;
  return {
    now,
    app: () => app!,
    storage: () => running().storage,
    handoff: () => running().handoff!,
    /** A new web chat user (Direct Line) in `locale`. */
    chat: (locale?: string) => new UserInChat(app!.chat({ locale })),
    /** Console events of the hand-over stream, oldest first. */
    consoleEvents: async () =>
      (await running().storage.events.list('console', 0, 100_000)).map((e) => e.event),
    onlineTechnician: async (input: NewTechnician): Promise<Technician> =>
      (await running().handoff!.technicians.create({ availability: 'online', ...input })).technician,
  };
}

/** A user's side of one conversation, as the hand-over tests read it. */
export class UserInChat {
  constructor(readonly chat: ProductionChat) {}

  get conversationId(): Promise<string> {
    return this.chat.conversationId;
  }

  send(input: string | Partial<Activity>): Promise<Partial<Activity>[]> {
    return this.chat.send(input);
  }

  async say(input: string | Partial<Activity>): Promise<string> {
    return visible(await this.send(input));
  }

  /**
   * Asks for a person before describing any problem: the bot asks what the problem is, and the
   * user insists (the same request again), which queues them with the problem not described.
   */
  async insist(input: string | Partial<Activity>): Promise<Partial<Activity>[]> {
    await this.send(input);
    return this.send(input);
  }

  async sayInsisting(input: string | Partial<Activity>): Promise<string> {
    return visible(await this.insist(input));
  }

  async click(value: string): Promise<string> {
    return visible(await this.chat.click(value));
  }

  /** What the user received since last asked, outside their own turns (bot and technician). */
  async received(): Promise<string> {
    return visible(await this.receivedMessages());
  }

  async receivedMessages(): Promise<Partial<Activity>[]> {
    return (await this.chat.newActivities()).filter((a) => a.type === 'message');
  }
}
