import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { StorageBackend, StoredDocument } from '../../storage/ports';

export interface ConsoleSession extends StoredDocument {
  technicianId: string;
  /** Sent back by the browser in X-FirstLine-CSRF on every state-changing request. */
  csrf: string;
  via: 'token' | 'sso';
  /** The technician's token version at sign-in; a session of an older version is over. */
  tokenVersion: number;
  createdAt: string;
  expiresAt: string;
}

export const SESSION_COLLECTION = 'console_sessions';

/**
 * Browser sessions of the console, kept in storage so any instance can serve any request. The
 * document id is a hash of the cookie value: a leaked database does not yield usable cookies.
 */
export class SessionStore {
  constructor(
    private readonly storage: Pick<StorageBackend, 'collection'>,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  private get sessions() {
    return this.storage.collection<ConsoleSession>(SESSION_COLLECTION);
  }

  async create(
    technician: { id: string; tokenVersion?: number },
    via: ConsoleSession['via'],
  ): Promise<{ cookie: string; csrf: string; session: ConsoleSession }> {
    const cookie = randomBytes(32).toString('base64url');
    const csrf = randomBytes(24).toString('base64url');
    const at = this.now();
    const session = await this.sessions.insert({
      id: hashSecret(cookie),
      technicianId: technician.id,
      csrf,
      via,
      tokenVersion: technician.tokenVersion ?? 0,
      createdAt: new Date(at).toISOString(),
      expiresAt: new Date(at + this.ttlMs).toISOString(),
    });
    return { cookie, csrf, session };
  }

  async find(cookie: string): Promise<ConsoleSession | undefined> {
    if (!/^[\w-]{20,100}$/.test(cookie)) return undefined;
    const session = await this.sessions.get(hashSecret(cookie));
    if (!session) return undefined;
    if (Date.parse(session.expiresAt) <= this.now()) {
      await this.sessions.delete(session.id);
      return undefined;
    }
    return session;
  }

  /** The session with this id (the hash of its cookie), unless it has expired. */
  async byId(id: string): Promise<ConsoleSession | undefined> {
    const session = await this.sessions.get(id);
    if (!session || Date.parse(session.expiresAt) <= this.now()) return undefined;
    return session;
  }

  async delete(cookie: string): Promise<void> {
    await this.sessions.delete(hashSecret(cookie));
  }

  async deleteById(id: string): Promise<void> {
    await this.sessions.delete(id);
  }

  /**
   * Deletes every stored session of the technician; returns how many. Tidying only: what ends
   * them on every instance at once is the token version they no longer match.
   */
  async deleteAllOf(technicianId: string): Promise<number> {
    const all = await this.sessions.find({ where: { technicianId }, limit: 10_000 });
    for (const session of all) await this.sessions.delete(session.id);
    return all.length;
  }

  get maxAgeSeconds(): number {
    return Math.floor(this.ttlMs / 1000);
  }
}

export function hashSecret(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Compares digests so neither content nor length leaks through timing. */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(
    createHash('sha256').update(given).digest(),
    createHash('sha256').update(expected).digest(),
  );
}
