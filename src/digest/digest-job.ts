import type { Catalogue } from '../i18n';
import type { Lang } from '../i18n/languages';
import type { Logger } from '../logging';
import { LeasedJob } from '../storage/lease';
import {
  DuplicateKeyError,
  type DocumentCollection,
  type StorageBackend,
  type StoredDocument,
} from '../storage/ports';
import { digestMail } from './digest-mail';
import { buildDigest, lastCompleteWeek, type DigestSources, type WeeklyDigest } from './weekly-digest';

/** The e-mail port (src/mail's MailSender has this shape). */
export interface DigestMailer {
  send(message: {
    to: string;
    subject: string;
    text: string;
    html: string;
    headers?: Record<string, string>;
  }): Promise<unknown>;
}

/** A digest as kept: one per week (its id is the week's Monday), mailed once. */
export interface StoredDigest extends StoredDocument, WeeklyDigest {
  mail: 'none' | 'pending' | 'sending' | 'sent';
  mailedAt?: string;
}

export const DIGESTS_COLLECTION = 'digests';
const PURGE_BATCH = 200;

export interface DigestPass {
  built?: string;
  mailed: number;
}

/**
 * Once a week, after the week has ended, the instance holding the lease builds the digest of the
 * week and keeps it: the insert with the week as id is the claim, so it is built and mailed once
 * however many instances run; the mail is claimed again by a conditional write before it is sent.
 */
export class DigestService {
  private readonly digests: DocumentCollection<StoredDigest>;

  constructor(
    private readonly deps: {
      storage: Pick<StorageBackend, 'collection'>;
      sources: DigestSources;
      clock: () => Date;
      logger: Logger;
      recipients: readonly string[];
      mailer?: DigestMailer;
      consoleUrl?: string;
      /** The message catalogue as the content is now (`digest.*`). */
      catalogue: () => Pick<Catalogue, 't'>;
      /** The language a recipient reads (a lead's first language), if known. */
      languageOf?: (address: string) => Promise<Lang | undefined>;
      /** For recipients whose language is not known. */
      defaultLanguage: Lang;
    },
  ) {
    this.digests = digestCollection(deps.storage);
  }

  async pass(): Promise<DigestPass> {
    const now = this.deps.clock();
    const week = lastCompleteWeek(now);
    const id = week.from.toISOString().slice(0, 10);
    let built: string | undefined;
    if (!(await this.digests.get(id))) {
      const digest = await buildDigest(this.deps.sources, week, now);
      const mail = this.deps.mailer && this.deps.recipients.length > 0 ? 'pending' : 'none';
      try {
        await this.digests.insert({ ...digest, id, mail });
        built = id;
      } catch (error) {
        if (!(error instanceof DuplicateKeyError)) throw error;
      }
    }
    return { ...(built ? { built } : {}), mailed: await this.mailPending(id) };
  }

  /** The digest of the week starting on `week` (YYYY-MM-DD), or the newest one kept. */
  async get(week?: string): Promise<StoredDigest | undefined> {
    if (week) return this.digests.get(week);
    const [newest] = await this.digests.find({ orderBy: [{ field: 'week', direction: 'desc' }], limit: 1 });
    return newest;
  }

  /** The weeks kept, newest first. */
  async weeks(): Promise<string[]> {
    const all = await this.digests.find({ orderBy: [{ field: 'week', direction: 'desc' }], limit: 60 });
    return all.map((d) => d.week);
  }

  /** The digest of the week so far (not kept): what the page shows before the first one is built. */
  preview(): Promise<WeeklyDigest> {
    const now = this.deps.clock();
    const { to } = lastCompleteWeek(now);
    return buildDigest(this.deps.sources, { from: to, to: now }, now);
  }

  private async mailPending(id: string): Promise<number> {
    const { mailer, recipients } = this.deps;
    const digest = await this.digests.get(id);
    if (!digest || digest.mail !== 'pending' || !mailer) return 0;
    const claimed = await this.digests.update(id, { version: digest.version }, { mail: 'sending' });
    if (!claimed) return 0; // another instance is mailing it
    const messages = new Map<Lang, ReturnType<typeof digestMail>>();
    let sent = 0;
    try {
      for (const to of recipients) {
        // Each lead reads it in their own language; the same language's text is written once.
        const lang = (await this.deps.languageOf?.(to)) ?? this.deps.defaultLanguage;
        let message = messages.get(lang);
        if (!message) {
          message = digestMail(digest, { lang, catalogue: this.deps.catalogue() }, this.deps.consoleUrl);
          messages.set(lang, message);
        }
        await mailer.send({ to, ...message, headers: { 'Auto-Submitted': 'auto-generated' } });
        sent += 1;
      }
      await this.digests.update(
        id,
        { version: claimed.version },
        { mail: 'sent', mailedAt: this.deps.clock().toISOString() },
      );
    } catch (err) {
      // The whole list again at the next pass: a lead mailed twice beats one never told.
      this.deps.logger.warn({ err, week: id, sent }, 'the weekly digest could not be mailed; retrying later');
      await this.digests.update(id, { version: claimed.version }, { mail: 'pending' });
    }
    return sent;
  }
}

export function digestJob(options: {
  service: DigestService;
  storage: Pick<StorageBackend, 'collection'>;
  intervalMs: number;
  clock: () => Date;
  logger: Logger;
}): LeasedJob<DigestPass> {
  return new LeasedJob({
    name: 'weekly-digest',
    storage: options.storage,
    intervalMs: options.intervalMs,
    clock: options.clock,
    logger: options.logger,
    pass: () => options.service.pass(),
    skipped: { mailed: 0 },
  });
}

export function digestCollection(
  storage: Pick<StorageBackend, 'collection'>,
): DocumentCollection<StoredDigest> {
  return storage.collection<StoredDigest>(DIGESTS_COLLECTION);
}

/** Deletes the digests of weeks that began before `before`; returns how many. */
export async function purgeDigests(digests: DocumentCollection<StoredDigest>, before: Date): Promise<number> {
  const cutoff = before.toISOString();
  let deleted = 0;
  for (;;) {
    const oldest = await digests.find({ orderBy: [{ field: 'from', direction: 'asc' }], limit: PURGE_BATCH });
    const expired = oldest.filter((d) => d.from < cutoff);
    for (const digest of expired) if (await digests.delete(digest.id)) deleted += 1;
    if (expired.length < PURGE_BATCH) return deleted;
  }
}
