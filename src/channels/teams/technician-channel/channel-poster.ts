import type { Activity, ConversationParameters, ConversationReference, TurnContext } from 'botbuilder';
import type { ProactiveAdapter } from '../../../handoff';
import type { PostedThread } from './thread-store';
import type { TechnicianChannelSettings } from './channel-types';

/** The part of the SDK's connector client used to start a thread (not re-exported by botbuilder). */
interface ThreadStarter {
  conversations: {
    createConversation(parameters: ConversationParameters): Promise<{ id?: string; activityId?: string }>;
  };
}

export interface StartedThread {
  rootId: string;
  threadConversationId: string;
}

/**
 * Writes to the technicians' channel through the Bot Framework adapter: a card starts a new
 * thread, later cards replace it, and lines go into the thread. Every call is one proactive turn,
 * so any instance can make it.
 */
export class ChannelPoster {
  constructor(
    private readonly adapter: ProactiveAdapter & { readonly ConnectorClientKey: symbol },
    private readonly appId: string,
    private readonly settings: TechnicianChannelSettings,
  ) {}

  /** Posts the card as a new conversation thread in the channel. */
  async startThread(card: Partial<Activity>): Promise<StartedThread> {
    let started: StartedThread | undefined;
    await this.adapter.continueConversationAsync(this.appId, this.channelReference(), async (context) => {
      const client = context.turnState.get<ThreadStarter | undefined>(this.adapter.ConnectorClientKey);
      if (!client) throw new Error('The Bot Framework adapter gave no connector client.');
      const result = await client.conversations.createConversation({
        isGroup: true,
        channelData: { channel: { id: this.settings.channelId } },
        activity: { type: 'message', ...card } as Activity,
        ...(this.settings.tenantId ? { tenantId: this.settings.tenantId } : {}),
      } as ConversationParameters);
      const rootId = result.activityId ?? /;messageid=([^;]+)/.exec(result.id ?? '')?.[1];
      if (!rootId) throw new Error('Teams did not say which message started the thread.');
      started = {
        rootId,
        threadConversationId: result.id ?? `${this.settings.channelId};messageid=${rootId}`,
      };
    });
    if (!started) throw new Error('The thread was not started.');
    return started;
  }

  /** Replaces the thread's card (everyone in the channel sees the new one). */
  async replaceCard(thread: PostedThread, card: Partial<Activity>): Promise<void> {
    await this.inThread(thread, async (context) => {
      await context.updateActivity({ ...card, type: 'message', id: thread.rootId });
    });
  }

  /** Adds a message to the thread. */
  async post(thread: PostedThread, activity: Partial<Activity>): Promise<void> {
    await this.inThread(thread, async (context) => {
      await context.sendActivity({ type: 'message', ...activity });
    });
  }

  private inThread(thread: PostedThread, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    return this.adapter.continueConversationAsync(
      this.appId,
      this.reference(thread.threadConversationId),
      logic,
    );
  }

  private channelReference(): Partial<ConversationReference> {
    return this.reference(this.settings.channelId);
  }

  private reference(conversationId: string): Partial<ConversationReference> {
    return {
      channelId: 'msteams',
      serviceUrl: this.settings.serviceUrl,
      conversation: {
        id: conversationId,
        isGroup: true,
        conversationType: 'channel',
        name: '',
        ...(this.settings.tenantId ? { tenantId: this.settings.tenantId } : {}),
      },
    };
  }
}

/**
 * Posts a card as a new thread in any channel of the technicians' team's region (the feedback of
 * a topic to its owning team's channel); the settings' own channel is replaced by `channelId`.
 */
export function channelCardPoster(
  adapter: ProactiveAdapter & { readonly ConnectorClientKey: symbol },
  appId: string,
  settings: TechnicianChannelSettings,
): (channelId: string, card: Partial<Activity>) => Promise<void> {
  return async (channelId, card) => {
    await new ChannelPoster(adapter, appId, { ...settings, channelId }).startThread(card);
  };
}
