import type { Config } from './config';
import type { Logger } from './logging';
import { ContentSource, contentPathsOf } from './content';
import { createHttpServer, registerHealthRoutes, InFlightTracker } from './server';
import { createStorage } from './storage';
import type { StorageBackend } from './storage/ports';
import { loadAppFlows } from './dialogs/flows';
import { KnowledgeService, registerKnowledgeRoutes } from './knowledge';
import { isDirectLineUploadPath } from './channels/directline';
import { AttachmentService } from './attachments';
import { createRedactionPipeline, createRedactor, personalDataPolicy } from './privacy';
import { createLlmFeatures } from './llm';
import { createStepTitles } from './tickets';
import { createMailOutbox, createMailSender, createTicketMail } from './mail';

/** What every capability of the app is built on: content, storage, HTTP, knowledge, privacy. */
export type AppFoundation = Awaited<ReturnType<typeof openFoundation>>;

/**
 * Steps 1 and 2 of `createApp`: content (one loader) -> diagnostic flows -> storage -> HTTP server
 * and health routes -> e-mail sender -> knowledge base -> redaction -> language model ->
 * attachments -> step titles. Nothing here reaches users yet: the channels come next.
 */
export async function openFoundation({
  config,
  logger,
  clock,
  storage: givenStorage,
  content,
  isShuttingDown,
}: {
  config: Config;
  logger: Logger;
  storage?: StorageBackend;
  clock?: () => Date;
  content?: ContentSource;
  /** The health routes answer 503 once the app is shutting down. */
  isShuttingDown: () => boolean;
}) {
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
      taxonomy: () => contentSource.current().taxonomy,
    },
  });
  const storage = givenStorage ?? (await createStorage(config, logger));
  const catalogue = loaded.catalogue;
  const inFlight = new InFlightTracker();
  // E-mail to users (follow-ups, ticket notices, feedback routing); undefined without SMTP_URL.
  // Every message goes through the outbox: stored, sent at once, retried by its job if that failed.
  const smtp = createMailSender(config.mail, logger.child({ module: 'mail' }));
  const mailOutbox = smtp
    ? createMailOutbox({
        smtp,
        storage,
        settings: {
          intervalMs: config.mail.outboxIntervalMs,
          maxAttempts: config.mail.maxAttempts,
          retryBaseMs: config.mail.retryBaseMs,
          retryMaxMs: 6 * 3600_000,
          retentionMs: config.mail.outboxRetentionDays * 86_400_000,
          claimMs: 15 * 60_000,
        },
        clock: clock ?? (() => new Date()),
        logger: logger.child({ module: 'mail' }),
      })
    : undefined;
  const mail = mailOutbox?.sender;
  // Tickets by e-mail: notices to users away from the chat; the help desk mailbox (IMAP_URL).
  const {
    ticketMail,
    incidentMail,
    inbox: mailInboxFor,
  } = createTicketMail({
    config,
    sender: mail,
    content: () => contentSource.current(),
    storage,
    logger: logger.child({ module: 'mail' }),
    clock: clock ?? (() => new Date()),
  });

  const server = createHttpServer({
    bodyLimitBytes: config.server.bodyLimitBytes,
    keepAliveTimeoutMs: config.server.keepAliveTimeoutMs,
    logger,
    hsts: config.env === 'production' || (config.server.publicUrl?.startsWith('https://') ?? false),
    acceptsMultipart: isDirectLineUploadPath,
  });
  registerHealthRoutes(server, { storage, logger, isShuttingDown });

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
  return {
    config,
    logger,
    clock,
    contentSource,
    loaded,
    words,
    flows,
    storage,
    catalogue,
    inFlight,
    mail,
    mailOutbox,
    ticketMail,
    incidentMail,
    mailInboxFor,
    server,
    knowledge,
    redactor,
    /** Personal data taken out of a text (what stores and the model get). */
    redactText: (text: string) => redactor.redact(text).text,
    redaction,
    llm,
    attachments,
    stepTitle,
  };
}
