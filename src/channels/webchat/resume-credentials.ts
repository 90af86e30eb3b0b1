import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../errors';
import type { VerifiedUser } from '../../identity';
import {
  DuplicateKeyError,
  type DocumentCollection,
  type StorageBackend,
  type StoredDocument,
} from '../../storage';

/** Where resume credentials are kept (hashed); retention and privacy requests name it too. */
export const RESUME_COLLECTION = 'webchat-resume';
const DAY_MS = 24 * 60 * 60 * 1000;
/** 256 bits: a credential cannot be guessed, so refusing one needs no lockout. */
const CREDENTIAL_BYTES = 32;
const MAX_CREDENTIAL_CHARS = 128;

/**
 * One browser's right to come back to its web chat conversation after the Direct Line token is
 * gone. Only the SHA-256 of the credential is stored (its id); the browser holds the credential.
 */
export interface ResumeRecord extends StoredDocument {
  conversationId: string;
  /** Who it belongs to, named as tickets name users, so privacy requests find it by `user.id`. */
  user: { id: string; name?: string; email?: string; externalId?: string };
  /** The host site's id of a verified user (`sub`), so their other devices find the conversation. */
  subject: string | null;
  createdAt: string;
  expiresAt: string;
}

/** What a redeemed or new credential opens: the conversation, and who is in it. */
export interface ResumeGrant {
  conversationId: string;
  userId: string;
  user?: VerifiedUser;
  /** The next credential (the one presented no longer works). */
  credential: string;
}

/**
 * Resume credentials: issued with each web chat conversation, bound to its user and conversation,
 * single-use (each use returns the next one, so a copied credential stops working once the owner
 * comes back, and an old one is refused), kept `days` after their last use, revocable.
 */
export class ResumeCredentials {
  private readonly records: DocumentCollection<ResumeRecord>;

  constructor(
    storage: Pick<StorageBackend, 'collection'>,
    private readonly options: { days: number; clock: () => Date },
  ) {
    this.records = storage.collection<ResumeRecord>(RESUME_COLLECTION);
  }

  /** A new credential for this conversation (a new conversation, or another device of its user). */
  async issue(conversationId: string, userId: string, user?: VerifiedUser): Promise<string> {
    const credential = randomBytes(CREDENTIAL_BYTES).toString('base64url');
    const now = this.options.clock();
    try {
      await this.records.insert({
        id: digest(credential),
        conversationId,
        user: {
          id: userId,
          ...(user?.name ? { name: user.name } : {}),
          ...(user?.email ? { email: user.email } : {}),
          ...(user ? { externalId: user.subject } : {}),
        },
        subject: user?.subject ?? null,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + this.options.days * DAY_MS).toISOString(),
      });
    } catch (err) {
      // 256 random bits do not collide; a duplicate means something is badly wrong.
      if (err instanceof DuplicateKeyError) throw new Error('resume credential collision', { cause: err });
      throw err;
    }
    return credential;
  }

  /**
   * Spends `credential` and returns the next one. Refused (401) when it is unknown, already used,
   * expired, or belongs to another verified user than `subject` says (when given).
   */
  async redeem(credential: unknown, subject?: string): Promise<ResumeGrant> {
    if (
      typeof credential !== 'string' ||
      credential.length === 0 ||
      credential.length > MAX_CREDENTIAL_CHARS
    ) {
      throw new AppError('BadArgument', 'A resume credential (string) is required.');
    }
    const record = await this.records.get(digest(credential));
    if (!record) throw refused();
    if (subject !== undefined && record.subject !== subject) throw refused();
    // Deleting is the claim: of two requests with the same credential, exactly one gets it.
    if (!(await this.records.delete(record.id))) throw refused();
    if (Date.parse(record.expiresAt) <= this.options.clock().getTime()) throw refused();
    const user = verifiedUserOf(record);
    const next = await this.issue(record.conversationId, record.user.id, user);
    return {
      conversationId: record.conversationId,
      userId: record.user.id,
      ...(user ? { user } : {}),
      credential: next,
    };
  }

  /** The newest live conversation of a verified user, for their other devices. */
  async latestOf(subject: string): Promise<{ conversationId: string; userId: string } | undefined> {
    const [newest] = await this.records.find({
      where: { subject },
      orderBy: [{ field: 'createdAt', direction: 'desc' }],
      limit: 1,
    });
    if (!newest || Date.parse(newest.expiresAt) <= this.options.clock().getTime()) return undefined;
    return { conversationId: newest.conversationId, userId: newest.user.id };
  }

  /** Ends every credential of the conversation of `credential` (the user's "forget this chat"). */
  async revoke(credential: unknown): Promise<number> {
    if (typeof credential !== 'string' || credential.length > MAX_CREDENTIAL_CHARS) return 0;
    const record = await this.records.get(digest(credential));
    return record ? this.revokeConversations([record.conversationId]) : 0;
  }

  async revokeConversations(conversationIds: readonly string[]): Promise<number> {
    let deleted = 0;
    for (const record of await this.ofConversations(conversationIds)) {
      if (await this.records.delete(record.id)) deleted++;
    }
    return deleted;
  }

  async ofConversations(conversationIds: readonly string[]): Promise<ResumeRecord[]> {
    if (conversationIds.length === 0) return [];
    return this.records.find({ where: { conversationId: { in: [...conversationIds] } } });
  }
}

function verifiedUserOf(record: ResumeRecord): VerifiedUser | undefined {
  if (!record.subject) return undefined;
  const { name, email } = record.user;
  return { subject: record.subject, ...(name ? { name } : {}), ...(email ? { email } : {}) };
}

function digest(credential: string): string {
  return createHash('sha256').update(credential).digest('base64url');
}

function refused(): AppError {
  return new AppError('Unauthorized', 'This chat cannot be resumed; start a new one.');
}
