import type { Server } from 'restify';
import type { Config } from './config';
import type { Logger } from './logging';
import type { ContentSource } from './content';
import type { StorageBackend } from './storage/ports';
import type { LeasedJob } from './storage';
import { openFoundation } from './app-foundation';
import { createChannels, registerWebChat, runTurnsThroughBot } from './app-channels';
import { createAppFeedback, createDesk } from './app-desk';
import { createAppBot } from './app-bot';
import { createAppIncidents, createImprovement } from './app-improvement';
import { createAppConsole } from './app-console';
import { registerConsoleUiRoutes } from './console/ui-routes';
import { RetentionJob, retentionTasks } from './personal-data';
import type { AppHandoff } from './handoff';
import type { SlaScheduler } from './sla';
import type { InboxPass, MailSender, OutboxMailing } from './mail';
import type { FollowUpJob } from './followup';
import type { Incidents } from './incidents';
import type { AppFeedbackRouting } from './feedback';
import type { AppDigest } from './digest';

export interface FirstLineApp {
  readonly server: Server;
  readonly storage: StorageBackend;
  /** Live hand-over to technicians (queue, tickets, technicians); undefined when HANDOFF_ENABLED=false. */
  readonly handoff?: AppHandoff;
  /** The hourly retention job (tests run a pass with `runNow()`). */
  readonly retention: RetentionJob;
  /** SLA reminders and escalations (tests run a pass with `runNow()`); undefined without targets or hand-over. */
  readonly sla?: SlaScheduler;
  /** E-mail to users (SMTP_URL); undefined when e-mail is off. */
  readonly mail?: MailSender;
  /** Outgoing e-mail's outbox and its retry job (tests run a pass with `job.runNow()`); undefined when e-mail is off. */
  readonly mailOutbox?: OutboxMailing;
  /** The help desk mailbox's reader (tests run a pass with `runNow()`); undefined without IMAP_URL. */
  readonly mailInbox?: LeasedJob<InboxPass>;
  /** "Did the fix hold?" after resolutions, and closing on silence (tests run a pass with `runNow()`). */
  readonly followUp?: FollowUpJob;
  /** Spike detection and known problems (tests run a detector pass with `detector.runNow()`). */
  readonly incidents?: Incidents;
  /** Users' feedback filed by topic and sent to the owning teams (tests run a delivery pass with `job.runNow()`). */
  readonly feedback: AppFeedbackRouting;
  /** The weekly improvement digest (tests run a pass with `job.runNow()`). */
  readonly digest: AppDigest;
  /**
   * Resolves when no turn is in flight and the Teams channel relay has mirrored every stored event:
   * the barrier tests wait for before asserting that nothing more happened.
   */
  idle(): Promise<void>;
  /** Starts listening; resolves with the bound port. */
  listen(): Promise<number>;
  /** Stops accepting, lets turns in flight finish, flushes storage. Safe to call twice. */
  shutdown(): Promise<void>;
}

/**
 * The composition root: every module is wired by hand, here and in the `app-*.ts` wiring functions
 * it calls in order (one per step of the README's architecture sketch); nothing else creates
 * collaborators. Importing this file has no side effects; `main.ts` runs it.
 */
export async function createApp({
  config,
  logger,
  clock,
  storage: givenStorage,
  content,
}: {
  config: Config;
  logger: Logger;
  /** Storage opened by the caller (the benchmark counts its statements); else from the config. */
  storage?: StorageBackend;
  /**
   * What "now" is for hand-overs, tickets, queues and technicians (opening hours, waits, idle
   * take-overs); the system clock unless given. Time is an input of the app, not read in place.
   */
  clock?: () => Date;
  /** CONTENT_DIR as loaded by `main` (its log redactor needs it first); loaded here otherwise. */
  content?: ContentSource;
}): Promise<FirstLineApp> {
  let shuttingDown = false;
  // 1-2. Content, flows, storage, HTTP server, e-mail sender, knowledge, redaction, model help,
  // attachments, step titles (src/app-foundation.ts).
  const base = await openFoundation({
    config,
    logger,
    clock,
    storage: givenStorage,
    content,
    isShuttingDown: () => shuttingDown,
  });
  const { storage, server, inFlight, knowledge, mail, mailOutbox } = base;
  // 3. Channels and their senders: Direct Line and the Bot Framework (src/app-channels.ts).
  const channels = createChannels(base);
  // 4. The desk: feedback routing (rating comments arrive through the hand-over), the hand-over
  // with its tickets, SLA, follow-ups, the technicians' Teams channel and the mailbox
  // (src/app-desk.ts); then incidents over the desk's tickets (src/app-improvement.ts).
  const feedback = createAppFeedback(base, channels);
  const desk = createDesk(base, channels, feedback);
  const { handoff, sla, followUp, technicianChannel, mailInbox } = desk;
  const incidents = createAppIncidents(base, channels, desk);
  // 5. The bot with its ONE ordered middleware list, run by every channel (src/app-bot.ts).
  const bot = createAppBot(base, desk, feedback, incidents);
  runTurnsThroughBot(base, channels, bot, technicianChannel);
  handoff?.start();
  technicianChannel?.start();
  // 6. Retention, the web chat and console pages, knowledge gaps and the weekly digest.
  const retention = new RetentionJob({
    storage,
    tasks: retentionTasks(storage, config.retention),
    logger: logger.child({ module: 'retention' }),
    clock,
  });
  registerWebChat(base, channels);
  registerConsoleUiRoutes(server);
  const { gaps, digest } = createImprovement(base, desk, incidents);
  // 7. Scheduled work: each pass runs on one instance at a time, under its lease.
  const scheduled: ScheduledWork[] = [
    channels.directLine.stalledTurns,
    retention,
    ...(sla ? [sla] : []),
    ...(followUp ? [followUp.job] : []),
    ...(incidents ? [incidents] : []),
    feedback.job,
    ...(mailInbox ? [mailInbox.job] : []),
    ...(mailOutbox ? [mailOutbox.job] : []),
    digest.job,
  ];
  for (const work of scheduled) work.start();
  // 8. The console API over all of it (src/app-console.ts); left out without the hand-over.
  const technicianConsole = createAppConsole(base, desk, { feedback, incidents, gaps, digest });
  technicianConsole?.register(server);

  const shutdown = once(async () => {
    shuttingDown = true;
    technicianConsole?.close(); // live feeds end now; clients resume elsewhere with Last-Event-ID
    logger.info({ inFlight: inFlight.size }, 'shutting down');
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.server.closeIdleConnections();
    await channels.directLine.close();
    const unfinished = await inFlight.drain(config.server.shutdownTimeoutMs);
    if (unfinished > 0) logger.warn({ unfinished }, 'shutdown timed out with turns still running');
    server.server.closeAllConnections();
    await closed;
    await technicianChannel?.stop();
    for (const work of scheduled) await work.stop();
    await handoff?.stop();
    mail?.close();
    knowledge.close();
    await storage.close();
    logger.info('shutdown complete');
  });

  return {
    server,
    storage,
    handoff,
    retention,
    sla,
    mail,
    mailOutbox,
    followUp: followUp?.job,
    incidents,
    feedback,
    mailInbox: mailInbox?.job,
    digest,
    listen: () =>
      new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.server.port, config.server.host, () => {
          const address = server.address();
          resolve(typeof address === 'object' && address ? address.port : config.server.port);
        });
      }),
    idle: async () => {
      await inFlight.idle();
      for (const work of scheduled) await work.idle?.();
      technicianChannel?.relay.wake();
      await technicianChannel?.relay.idle();
    },
    shutdown,
  };
}

/** A job that runs every so often (retention, SLA, follow-ups, ...): started, stopped, awaited. */
interface ScheduledWork {
  start(): void;
  stop(): Promise<void>;
  /** Settles when no pass is running (the app's idle barrier). */
  idle?(): Promise<void>;
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}
