import type { BotAdapter } from 'botbuilder';
import type { Server } from 'restify';
import type { Config } from './config';
import type { Logger } from './logging';
import { ContentSource, contentPathsOf } from './content';
import { createHttpServer, registerHealthRoutes, InFlightTracker } from './server';
import { createStorage } from './storage';
import type { StorageBackend } from './storage/ports';
import { createBot } from './bot';
import { loadAppFlows } from './dialogs/flows';
import { KnowledgeService, OpenAiEmbeddings } from './knowledge';
import { createBotFrameworkChannel } from './channels/bot-framework';
import {
  createDirectLineChannel,
  DIRECT_LINE_CHANNEL_ID,
  isDirectLineUploadPath,
} from './channels/directline';
import { AttachmentService } from './attachments';
import { registerWebChatRoutes, ResumeCredentials } from './channels/webchat';
import { registerConsoleUiRoutes } from './console/ui-routes';
import { createConsole } from './console';
import { registerKnowledgeRoutes } from './knowledge';
import { createRedactionPipeline, createRedactor, personalDataPolicy, userSpeaker } from './privacy';
import { createLlmFeatures } from './llm';
import { channelUpstream, createAppHandoff, type AppHandoff } from './handoff';
import { BotHandoff, handoffPrompts } from './dialogs/handoff';
import { createTechnicianChannel } from './channels/teams/technician-channel';
import { teamsMentions } from './channels/teams/mentions';
import { createStepTitles } from './tickets';
import { PrivacyRequests, RetentionJob, retentionTasks } from './personal-data';
import { HostIdentityVerifier, teamsRosterIdentity } from './identity';
import { CaseRecorder, InsightsReports } from './insights';
import { createAppGaps } from './gaps';
import { createSlaScheduler, slaPolicyOf, ticketSla, type SlaScheduler } from './sla';
import { createMailSender, createTicketMail, type InboxPass, type MailSender } from './mail';
import type { LeasedJob } from './storage';
import { createFollowUp, type FollowUpJob } from './followup';
import { followUpPrompts } from './dialogs/followup';
import { recogniseTicketCommand } from './dialogs/tickets';
import { createIncidents, type Incidents } from './incidents';
import { createFeedbackRouting, type AppFeedbackRouting } from './feedback';
import { createDigest, type AppDigest } from './digest';
import { channelCardPoster } from './channels/teams/technician-channel';

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
 * The composition root: every module is wired here by hand and nothing else creates
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
  // Before storage opens: broken content, or a broken diagnostic flow (unless FLOWS_SKIP_INVALID),
  // stops start-up, naming the file and line.
  const contentSource = content ?? ContentSource.open(contentPathsOf(config));
  const loaded = contentSource.current();
  for (const warning of contentSource.startWarnings)
    logger.warn({ file: warning.file, line: warning.line }, warning.message);
  const words = loaded.words;
  const flows = loadAppFlows({
    config,
    logger,
    words,
    content: {
      flows: loaded.flows,
      strings: loaded.flowStrings,
      organisation: contentSource.organisation,
      serviceDesk: contentSource.serviceDesk,
    },
  });
  const storage = givenStorage ?? (await createStorage(config, logger));
  const catalogue = loaded.catalogue;
  const inFlight = new InFlightTracker();
  // E-mail to users (follow-ups, ticket notices, feedback routing); undefined without SMTP_URL.
  const mail = createMailSender(config.mail, logger.child({ module: 'mail' }));
  // Tickets by e-mail: notices to users away from the chat; the help desk mailbox (IMAP_URL).
  const { ticketMail, inbox: mailInboxFor } = createTicketMail({
    config,
    sender: mail,
    content: () => contentSource.current(),
    storage,
    logger: logger.child({ module: 'mail' }),
    clock: clock ?? (() => new Date()),
  });
  let shuttingDown = false;

  const server = createHttpServer({
    bodyLimitBytes: config.server.bodyLimitBytes,
    keepAliveTimeoutMs: config.server.keepAliveTimeoutMs,
    logger,
    hsts: config.env === 'production' || (config.server.publicUrl?.startsWith('https://') ?? false),
    acceptsMultipart: isDirectLineUploadPath,
  });
  registerHealthRoutes(server, { storage, logger, isShuttingDown: () => shuttingDown });

  const knowledge = KnowledgeService.create({
    config,
    logger,
    extraDocuments: flows.documents,
    words,
    synonyms: loaded.synonyms,
    loadArticles: () => contentSource.reloadKnowledge(),
  });
  knowledge.watch();
  registerKnowledgeRoutes(server, { knowledge, config, logger });
  const policy = personalDataPolicy(config.redaction);
  const redactor = createRedactor(loaded.privacy, policy);
  // One pipeline for every activity in both directions and every technician input.
  const redaction = createRedactionPipeline(redactor, {
    state: storage.botState,
    outgoingRedactor: createRedactor(
      loaded.privacy,
      { ...policy, kinds: { ...policy.kinds, password: false } },
      // The bot's prompts, cards and buttons repeat: each clean one is searched once.
      { rememberClean: 5000 },
    ),
  });
  // Optional language-model help (OPENAI_API_KEY and OPENAI_MODEL); every text redacted first.
  const llm = createLlmFeatures({
    config,
    storage,
    redact: (text) => redactor.redact(text).text,
    logger: logger.child({ module: 'llm' }),
    clock: clock ?? (() => new Date()),
  });
  const attachments = new AttachmentService({
    store: storage.attachments,
    redactor,
    maxBytes: config.attachments.maxBytes,
  });
  // Steps tried are named by their own titles on tickets and in the console, not by ids.
  const stepTitle = createStepTitles({
    flowNodeText: (flowId, nodeId) => flows.library.nodeText(flowId, nodeId),
    articleStepText: (articleId, step) => knowledge.getArticle(articleId, 'en')?.article.steps[step - 1],
  });
  // Channels first: the web chat's own Direct Line endpoint and the Bot Framework (Teams, Azure
  // channels). Their adapters are the senders everything else reaches users through.
  const directLine = createDirectLineChannel({
    config,
    storage,
    logger,
    inFlight,
    clock,
    attachments,
    // Before the user's activity is stored and echoed, not only before the bot sees it.
    sanitize: async (activity, conversationId) => {
      const { activity: clean, findings } = await redaction.incoming(activity, {
        conversationId,
        role: 'user',
      });
      return { activity: clean, removed: findings.map((f) => f.kind) };
    },
  });
  const botFramework = createBotFrameworkChannel({ config, logger, inFlight, turns: storage });

  // Feedback on the help (chat remarks, rating comments) is filed under a topic, kept for the
  // console's inbox and sent through an outbox to the topic's owning team (content/taxonomy.yaml).
  const feedback = createFeedbackRouting({
    config,
    storage,
    redactor,
    taxonomy: () => contentSource.current().taxonomy,
    matchTopic: (text, language) => {
      const match = knowledge.match(text, { language });
      return match.decision === 'answer' ? match.results[0]?.topic : undefined;
    },
    articleTopic: (articleId) => knowledge.getArticle(articleId, config.defaultLanguage)?.article.topic,
    logger: logger.child({ module: 'feedback' }),
    clock: clock ?? (() => new Date()),
    mailer: mail,
    postCard:
      config.teamsTakeover &&
      channelCardPoster(botFramework.adapter, config.botFramework.appId ?? '', config.teamsTakeover),
  });

  // Then the hand-over, built with its upstream (the channels' senders), and the technicians'
  // Teams channel that works it from downstream.
  // Service levels: support.yaml's targets counted in its opening hours (none: no SLA).
  const slaPolicy = slaPolicyOf(loaded.sla, loaded.support);
  // Technicians' messages, notices and follow-ups reach users through the channels' adapters.
  const upstream = channelUpstream({
    directLine: directLine.adapter,
    botFramework: botFramework.adapter,
    appId: config.botFramework.appId ?? '',
  });
  const handoff = config.handoff.enabled
    ? createAppHandoff({
        config,
        storage,
        catalogue,
        support: loaded.support,
        logger,
        upstream,
        prompts: handoffPrompts(catalogue),
        stepTitle,
        clock,
        redactTechnicianText: async (text, conversationId) =>
          (await redaction.text(text, { conversationId, role: 'technician' })).text,
        redactText: (text) => redactor.redact(text).text,
        ticketSla: slaPolicy && ticketSla(slaPolicy),
        // A technician's reply in the user's language, when they do not speak it (src/llm).
        translate: llm && ((request) => llm.translations.translate(request)),
        awayMail: ticketMail,
        onRatingComment: async (ticket) => {
          if (!ticket.rating?.comment) return;
          await feedback.routing
            .ratingComment({
              ticketNumber: ticket.number,
              userId: ticket.user.id,
              conversationId: ticket.conversationId,
              channelId: ticket.channelId,
              language: ticket.language,
              score: ticket.rating.score,
              comment: ticket.rating.comment,
              articleId: ticket.articlesSuggested[0]?.articleId,
              problem: ticket.problem,
            })
            .catch((err: unknown) => logger.warn({ err }, 'a rating comment could not be filed as feedback'));
        },
      })
    : undefined;
  const sla =
    handoff && slaPolicy
      ? createSlaScheduler({
          policy: slaPolicy,
          tickets: handoff.tickets,
          storage,
          logger,
          clock,
          intervalMs: config.handoff.slaCheckMs,
        })
      : undefined;
  // "Did the fix hold?" some hours after each resolution; "no" reopens, silence closes.
  const followUp =
    handoff &&
    createFollowUp({
      handoff,
      upstream,
      prompts: followUpPrompts(catalogue),
      mail: mail && {
        sender: mail,
        catalogue,
        chatUrl: config.server.publicUrl && `${config.server.publicUrl}/`,
      },
      storage,
      logger,
      clock,
      settings: config.followUp,
    });
  const technicianChannel =
    handoff && config.teamsTakeover
      ? createTechnicianChannel({
          settings: config.teamsTakeover,
          adapter: botFramework.adapter,
          appId: config.botFramework.appId ?? '',
          storage,
          handoffs: handoff.desk,
          directory: handoff.technicians,
          tickets: handoff.tickets,
          redactor,
          logger,
        })
      : undefined;

  // Incidents: a spike detector over the case records raises suspected incidents for the console
  // and the Teams channel; while a lead's confirmed incident is active, users with that problem are
  // told its status, linked, and told again (the ticket replies' paths) when it is resolved.
  const incidents =
    handoff && config.incidents.enabled
      ? createIncidents({
          settings: config.incidents,
          storage,
          catalogue,
          words,
          upstream,
          tickets: handoff.tickets,
          redact: (text) => redactor.redact(text).text,
          topicLabel: (topic) => knowledge.topicLabel(topic, 'en'),
          clock,
          logger,
        })
      : undefined;

  // E-mail in: one instance at a time reads the mailbox; replies go onto their ticket, new
  // e-mails open one and are answered with the best article.
  const mailInbox =
    handoff &&
    mailInboxFor({
      tickets: handoff.tickets,
      queue: handoff.queue,
      knowledge,
      // "Solved" read as the chat reads "HD-1042 is fixed" (content/words, every language).
      saysSolved: (ticket, text) =>
        recogniseTicketCommand(`${ticket} ${text}`, contentSource.current().words)?.kind === 'close',
    });

  // Then the bot, with its problem handlers and its one ordered middleware list.
  const bot = createBot({
    config,
    storage,
    catalogue,
    smallTalk: loaded.smallTalk,
    serviceDesk: contentSource.serviceDesk,
    logger,
    knowledge,
    redaction,
    // Direct Line runs the pipeline, split-message rule included, before it stores the activity.
    redactionSpeaker: (context) =>
      context.activity.channelId === DIRECT_LINE_CHANNEL_ID ? undefined : userSpeaker(context),
    // ... so what reaches a Direct Line turn was cleaned already: it is not searched a second time.
    redactedByChannel: (context) => context.activity.channelId === DIRECT_LINE_CHANNEL_ID,
    handoff:
      handoff &&
      new BotHandoff({
        handoff: handoff.user,
        catalogue,
        defaultLanguage: config.defaultLanguage,
        logger: logger.child({ module: 'handoff' }),
        knowledge,
        words,
        askForEmail: !config.redaction.emailAddresses,
        followUps: followUp?.followUps,
      }),
    attachments,
    words,
    // The user's own tickets in chat (status, "my tickets", comment, close, reopen).
    tickets: handoff && {
      tickets: handoff.tickets,
      handoffs: handoff.queue,
      timeZone: handoff.support.timeZone,
      reopenWithinDays: config.handoff.ticketReopenDays,
      clock,
    },
    // Articles are built in; the diagnostic flows take the problems a flow matches best.
    problemHandlers: flows.handlers({ catalogue, knowledge }),
    frustration: flows.frustration({ storage: storage.botState, catalogue }),
    groundedAnswers: llm?.groundedAnswers,
    feedbackRecorder: feedback.routing,
    // One record per problem for the console's insights, written only when its outcome changes.
    knownProblems: incidents?.known,
    cases: new CaseRecorder({
      storage,
      redact: (text) => redactor.redact(text).text,
      logger: logger.child({ module: 'insights' }),
      clock,
    }),
    // Problems the bot resolved become resolved tickets, followed up like technicians' ones.
    botResolutions: followUp?.botResolutions,
  });
  // Every channel runs a turn the same way: Teams first keeps what is not for the bot away (the
  // technicians' channel, team chats where the bot was not @mentioned, mention removed), then
  // the bot's middleware in its order, then the bot. A failed turn gets the generic error.
  // The roster says who a Teams user is (name, e-mail, Entra id) for the hand-over and tickets.
  const teamsOnly = [
    ...(technicianChannel ? [technicianChannel.middleware] : []),
    teamsMentions(storage),
    teamsRosterIdentity({ logger: logger.child({ module: 'teams-roster' }), clock }),
  ];
  for (const [adapter, channelMiddleware] of [
    [directLine.adapter, []],
    [botFramework.adapter, teamsOnly],
  ] as const) {
    for (const middleware of [...channelMiddleware, ...bot.middleware]) adapter.use(middleware);
    (adapter as BotAdapter).onTurnError = async (context, err) => {
      logger.error({ err, conversationId: context.activity.conversation?.id }, 'turn failed');
      await context
        .sendActivity(catalogue.t(config.defaultLanguage, 'error.turn'))
        .catch((sendErr: unknown) =>
          logger.warn({ err: sendErr }, 'could not tell the user about a failed turn'),
        );
    };
  }
  directLine.register(server, bot.logic);
  botFramework.register(server, bot.logic);
  handoff?.start();
  technicianChannel?.start();
  const retention = new RetentionJob({
    storage,
    tasks: retentionTasks(storage, config.retention),
    logger: logger.child({ module: 'retention' }),
    clock,
  });
  // The host site's word on who the user is, checked with the secret it shares with us.
  const hostIdentity =
    config.webChat.identitySecret !== undefined
      ? new HostIdentityVerifier(config.webChat.identitySecret, clock)
      : undefined;
  registerWebChatRoutes(server, {
    config,
    catalogue,
    logger,
    rateLimits: storage,
    tokensPerMinutePerClient: config.limits.conversationsPerMinute,
    issueToken: (user) => directLine.issueToken(user),
    resume: {
      credentials: new ResumeCredentials(storage, {
        days: config.webChat.resumeDays,
        clock: clock ?? (() => new Date()),
      }),
      tokenFor: (conversationId, user) => directLine.tokenFor(conversationId, user),
    },
    checkIdentity: hostIdentity && ((token) => hostIdentity.verify(token)),
  });
  registerConsoleUiRoutes(server);
  // Knowledge gaps: unanswered and escalated questions clustered across languages, and the article
  // drafts leads review and publish into the KB folder (src/gaps); texts redacted before storing.
  const taxonomyTopics = () => [...loaded.taxonomy.topics.keys()];
  const gaps = createAppGaps({
    storage,
    clusterSimilarity: config.gaps.clusterSimilarity,
    kbDir: config.knowledge.kbDir,
    terms: loaded.gapTerms,
    words,
    topics: taxonomyTopics,
    tickets: handoff?.tickets,
    knowledge,
    articleDrafts: llm?.articleDrafts,
    embeddings:
      config.llm.apiKey && config.llm.embeddingModel
        ? new OpenAiEmbeddings({
            apiKey: config.llm.apiKey,
            baseURL: config.llm.baseUrl,
            model: config.llm.embeddingModel,
          })
        : undefined,
    summary: (lang, vars) => catalogue.t(lang, 'gaps.draft.summary', vars),
    redact: (text) => redactor.redact(text).text,
    logger: logger.child({ module: 'gaps' }),
    clock: clock ?? (() => new Date()),
  });
  // The weekly improvement digest for leads (console page and e-mail), built over the week's
  // insights, gaps, incidents and feedback once the week has ended.
  const digest = createDigest({
    config,
    storage,
    clock: clock ?? (() => new Date()),
    logger: logger.child({ module: 'digest' }),
    mailer: mail,
    gaps: async (from, to) =>
      (await gaps.list({ from, to })).gaps.map((gap) => ({
        terms: gap.terms,
        cases: gap.cases,
        trend: gap.trend,
        ...(gap.examples[0] ? { example: gap.examples[0].text } : {}),
      })),
    incidents:
      incidents &&
      (async (from, to) =>
        (await incidents.service.list())
          .filter((i) => i.createdAt >= from.toISOString() && i.createdAt < to.toISOString())
          .map((i) => ({ number: i.number, title: i.title, status: i.status, createdAt: i.createdAt }))),
  });
  // Scheduled work: each pass runs on one instance at a time, under its lease.
  const scheduled: ScheduledWork[] = [
    retention,
    ...(sla ? [sla] : []),
    ...(followUp ? [followUp.job] : []),
    ...(incidents ? [incidents] : []),
    feedback.job,
    ...(mailInbox ? [mailInbox.job] : []),
    digest.job,
  ];
  for (const work of scheduled) work.start();
  // The console API needs the hand-over's service and technicians; without them it is left out.
  const technicianConsole = handoff
    ? createConsole({
        config,
        storage,
        cannedReplies: loaded.cannedReplies,
        logger,
        knowledge,
        handoffs: handoff.desk,
        directory: handoff.technicians,
        botChats: handoff.botChats,
        stepTitle,
        briefings: llm?.handoverSummaries,
        translator: llm?.translations,
        feedback: {
          list: (query) => feedback.store.list(query),
          setStatus: (id, status, by) => feedback.store.setStatus(id, status, by),
          deliveries: (ids) => feedback.outbox.forFeedback(ids),
        },
        digest: digest.service,
        insights: new InsightsReports(storage, {
          abandonedAfterMinutes: config.insights.abandonedAfterMinutes,
          // Technicians' response and resolution times count the desk's opening hours only.
          ...(loaded.support ? { hours: loaded.support } : {}),
          clock,
        }),
        incidents: incidents?.service,
        // Filed under a topic of the taxonomy as it is now (a knowledge reload changes it).
        // Kept with the gaps' drafts, for leads to review on the Drafts page.
        articleDrafter: llm && {
          draft: async (source) => {
            const files = await llm.articleDrafts.draft({
              ...source,
              topics: [...new Set(knowledge.articles().map((a) => a.topic))],
            });
            if (files) await gaps.keepTicketDraft(source.conversationId, files);
            return files;
          },
        },
        gaps,
        audit: handoff.audit,
        clock,
        privacy: new PrivacyRequests({
          storage,
          logger: logger.child({ module: 'privacy' }),
          audit: handoff.audit,
          clock,
        }),
      })
    : undefined;
  technicianConsole?.register(server);

  const shutdown = once(async () => {
    shuttingDown = true;
    technicianConsole?.close(); // live feeds end now; clients resume elsewhere with Last-Event-ID
    logger.info({ inFlight: inFlight.size }, 'shutting down');
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.server.closeIdleConnections();
    await directLine.close();
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
