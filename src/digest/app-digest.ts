import type { Config } from '../config';
import { feedbackCollection } from '../feedback';
import { caseCollection, InsightsReports } from '../insights';
import type { Catalogue } from '../i18n';
import type { Lang } from '../i18n/languages';
import type { Logger } from '../logging';
import type { LeasedJob } from '../storage/lease';
import type { StorageBackend } from '../storage/ports';
import { DigestService, digestJob, type DigestMailer, type DigestPass } from './digest-job';
import type { DigestGap, DigestIncident, DigestSources } from './weekly-digest';

/** Checked hourly; a digest is built once its week has ended, so at most an hour after Monday 00:00 UTC. */
const CHECK_MS = 60 * 60 * 1000;

export interface AppDigest {
  readonly service: DigestService;
  /** Tests run a pass with `runNow()`. */
  readonly job: LeasedJob<DigestPass>;
}

/** The weekly digest as the composition root wires it, over the other capabilities' public surfaces. */
export function createDigest(deps: {
  config: Config;
  storage: StorageBackend;
  clock: () => Date;
  logger: Logger;
  mailer?: DigestMailer;
  /** The message catalogue as the content is now (the e-mail's words, `digest.*`). */
  catalogue: () => Pick<Catalogue, 't'>;
  /** A recipient's language: the first language of the lead with that address (src/technicians). */
  languageOf?: (address: string) => Promise<Lang | undefined>;
  gaps?: (from: Date, to: Date) => Promise<DigestGap[]>;
  incidents?: (from: Date, to: Date) => Promise<DigestIncident[]>;
}): AppDigest {
  const { config, storage, clock, logger } = deps;
  const reports = new InsightsReports(storage, {
    abandonedAfterMinutes: config.insights.abandonedAfterMinutes,
    clock,
  });
  const sources: DigestSources = {
    insights: (from, to) => reports.report({ from, to }),
    repeatContacts: async (from, to) => {
      const perUser = await caseCollection(storage).tally({
        ranges: [{ field: 'openedAt', from: from.toISOString(), to: to.toISOString() }],
        groupBy: ['userId'],
      });
      const repeat = perUser.filter((g) => g.count > 1);
      return { users: repeat.length, cases: repeat.reduce((n, g) => n + g.count, 0) };
    },
    negativeFeedback: async (from, to) => {
      const byTopic = await feedbackCollection(storage).tally({
        where: { sentiment: 'negative' },
        ranges: [{ field: 'createdAt', from: from.toISOString(), to: to.toISOString() }],
        groupBy: ['topic'],
      });
      return byTopic.map((g) => ({ topic: String(g.key[0] ?? 'no topic'), count: g.count }));
    },
    ...(deps.gaps ? { gaps: deps.gaps } : {}),
    ...(deps.incidents ? { incidents: deps.incidents } : {}),
  };
  const service = new DigestService({
    storage,
    sources,
    clock,
    logger,
    recipients: config.digest.recipients,
    mailer: deps.mailer,
    consoleUrl: config.server.publicUrl,
    catalogue: deps.catalogue,
    ...(deps.languageOf ? { languageOf: deps.languageOf } : {}),
    defaultLanguage: config.defaultLanguage,
  });
  return { service, job: digestJob({ service, storage, intervalMs: CHECK_MS, clock, logger }) };
}
