import {
  DuplicateKeyError,
  type DocumentCollection,
  type StorageBackend,
  type StoredDocument,
} from '../../../storage/ports';

/**
 * A hand-over's card in the technicians' channel. Its id is the hand-over's id, so two instances
 * racing to post the same card collide on insert and only one posts.
 */
export interface TeamsThread extends StoredDocument {
  /** Reserved before posting; `posted` once Teams returned the ids. */
  status: 'posting' | 'posted';
  /** Id of the card message, which is also the root of its reply thread. */
  rootId?: string;
  /** The thread's conversation id: `<channel id>;messageid=<root id>`. */
  threadConversationId?: string;
  channelId: string;
  serviceUrl: string;
  reservedAt: string;
  postedAt?: string;
}

export type PostedThread = TeamsThread & { status: 'posted'; rootId: string; threadConversationId: string };

/** A reservation older than this is taken to be from an instance that died while posting. */
const STALE_RESERVATION_MS = 2 * 60 * 1000;

/** Thread ↔ hand-over mapping, in storage so every instance finds it. */
export class ThreadStore {
  private readonly threads: DocumentCollection<TeamsThread>;

  constructor(
    storage: Pick<StorageBackend, 'collection'>,
    private readonly clock: () => Date,
  ) {
    this.threads = storage.collection<TeamsThread>('teamsThreads');
  }

  async get(handoffId: string): Promise<PostedThread | undefined> {
    const thread = await this.threads.get(handoffId);
    return thread && isPosted(thread) ? thread : undefined;
  }

  async byRoot(rootId: string): Promise<PostedThread | undefined> {
    const [thread] = await this.threads.find({ where: { rootId }, limit: 1 });
    return thread && isPosted(thread) ? thread : undefined;
  }

  /** True when this caller may post the card (nobody else has, or a reservation went stale). */
  async reserve(handoffId: string, place: { channelId: string; serviceUrl: string }): Promise<boolean> {
    const reservedAt = this.clock().toISOString();
    try {
      await this.threads.insert({ id: handoffId, status: 'posting', reservedAt, ...place });
      return true;
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
    }
    const current = await this.threads.get(handoffId);
    if (!current || current.status === 'posted') return false;
    if (this.clock().getTime() - Date.parse(current.reservedAt) < STALE_RESERVATION_MS) return false;
    const taken = await this.threads.update(handoffId, { version: current.version }, { reservedAt });
    return taken !== undefined;
  }

  async posted(handoffId: string, ids: { rootId: string; threadConversationId: string }): Promise<void> {
    await this.threads.update(
      handoffId,
      { status: 'posting' },
      { status: 'posted', postedAt: this.clock().toISOString(), ...ids },
    );
  }

  /** Gives the reservation up after a failed post, so the next pass tries again. */
  async release(handoffId: string): Promise<void> {
    await this.threads.delete(handoffId);
  }
}

function isPosted(thread: TeamsThread): thread is PostedThread {
  return thread.status === 'posted' && Boolean(thread.rootId && thread.threadConversationId);
}
