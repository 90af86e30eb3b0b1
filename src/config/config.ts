import path from 'node:path';
import type { Lang } from '../i18n/languages';
import { envSchema, SECRET_SETTINGS, type Env } from './schema';
import { ConfigError } from './config-error';

export interface Config {
  readonly env: Env['NODE_ENV'];
  readonly isProduction: boolean;
  readonly server: {
    port: number;
    host: string;
    publicUrl?: string;
    bodyLimitBytes: number;
    shutdownTimeoutMs: number;
    keepAliveTimeoutMs: number;
  };
  readonly logLevel: Env['LOG_LEVEL'];
  readonly logFormat: Env['LOG_FORMAT'];
  readonly storage: {
    dataDir: string;
    sqliteSynchronous?: Env['SQLITE_SYNCHRONOUS'];
    mongoUri?: string;
    mongoDb: string;
    /** Files users send are kept in this folder instead of the database (ATTACHMENT_DIR). */
    attachmentDir?: string;
  };
  readonly contentDir: string;
  readonly botFramework: {
    appId?: string;
    appPassword?: string;
    appType: Env['MICROSOFT_APP_TYPE'];
    tenantId?: string;
    /** Where the signing keys of channel (and Emulator) tokens are published. */
    openIdMetadataUrl: string;
    emulatorOpenIdMetadataUrl: string;
  };
  readonly teamsApp: { appId?: string; developerName: string; privacyUrl?: string; termsUrl?: string };
  /** Technicians take over hand-overs from a Teams channel; off unless a channel is set. */
  readonly teamsTakeover?: { channelId: string; serviceUrl: string; tenantId?: string };
  readonly directLine: { tokenSecret?: string; tokenTtlSeconds: number };
  readonly limits: { maxMessageChars: number; messagesPerMinute: number; conversationsPerMinute: number };
  /** Files users send: per-file size, files per message, where Teams files may come from. */
  readonly attachments: {
    maxBytes: number;
    maxFiles: number;
    /** Host names (`*.` for any subdomain) files are downloaded from; anything else is kept as a link. */
    downloadHosts: string[];
  };
  readonly defaultLanguage: Lang;
  readonly webChat: {
    botName: string;
    /** Same in every language; unset: the catalogue's `webchat.title` in the page's language. */
    title?: string;
    logoUrl?: string;
    /** The bot's avatar: an image, else these initials, else the built-in bot picture. */
    botAvatarUrl?: string;
    botAvatarInitials?: string;
    accentColor: string;
    backgroundColor: string;
    /** Shared with the host site, which signs its signed-in user's identity with it (HS256). */
    identitySecret?: string;
    /** Days a browser (or a verified user's other device) can come back to its conversation. */
    resumeDays: number;
  };
  readonly adminToken?: string;
  readonly console: {
    sessionTtlHours: number;
    ssoTenants: string[];
    ssoJwksUrl: string;
    /** Sign-in attempts per minute from one client address, and sign-ins per minute to one account. */
    loginAttemptsPerMinute: number;
  };
  readonly knowledge: {
    kbDir: string;
    watch: boolean;
    orgConfigFile: string;
    answerThreshold?: number;
    clarifyThreshold?: number;
    matchApiEnabled: boolean;
  };
  readonly flows: { dir: string; skipInvalid: boolean; resumeAfterHours: number };
  /** Personal data removed like secrets, by policy (secrets themselves are always removed). */
  readonly redaction: { emailAddresses: boolean; phoneNumbers: boolean };
  readonly handoff: {
    enabled: boolean;
    supportConfigFile: string;
    waitUpdateMs: number;
    /** How often one instance looks for SLA reminders and breaches due (support.yaml `sla`). */
    slaCheckMs: number;
    /** "It's broken again" in chat reopens a ticket of the user resolved at most this many days ago. */
    ticketReopenDays: number;
  };
  /** "Did the fix hold?" after a resolution, and closing a ticket nobody answered for (src/followup). */
  readonly followUp: {
    /** How long after a resolution the user is asked. */
    afterMs: number;
    /** How long after the question an unanswered ticket is closed. */
    autoCloseMs: number;
    /** How often one instance (a lease) looks for follow-ups due. */
    checkMs: number;
  };
  /** How long each kind of data is kept after its last use; the hourly retention job enforces it. */
  readonly retention: {
    /** Console events (the live views' history). */
    eventsDays: number;
    /** A conversation's transcript, counted from its newest entry. */
    transcriptsDays: number;
    /** A web chat conversation's Direct Line log, counted from its newest activity. */
    directLineDays: number;
    /** Bot state items (user and conversation state) and conversation records, from their last write. */
    botStateDays: number;
    /** Records of the chats the bot is having (the console's "With the bot" list), from their last message. */
    botChatsHours: number;
    /** Resolved and closed tickets and their ended hand-overs, from their last change; 0 keeps them. */
    ticketsDays: number;
    /** Audit log entries (sign-ins, technician changes, privacy requests, views). */
    auditDays: number;
    /** Files users sent, from when they were sent. */
    attachmentsDays: number;
    /** Users' feedback on the help, from when it was given. */
    feedbackDays: number;
    /** Feedback deliveries to the owning teams (sent or not), from when they were queued. */
    feedbackOutboxDays: number;
    /** Weekly digests, from the week's start. */
    digestsDays: number;
    /** Case records (src/insights), from when the case opened. */
    casesDays: number;
    /** Resolved and dismissed incidents, from when they were closed. */
    incidentsDays: number;
    /** Article drafts (src/gaps), from their last change. */
    articleDraftsDays: number;
  };
  readonly insights: {
    /** A case still open this long after its last record counts as abandoned. */
    abandonedAfterMinutes: number;
  };
  readonly mail: {
    /** SMTP server for e-mail to users; undefined turns e-mail off. */
    smtpUrl?: string;
    /** The From address of every e-mail (required with SMTP_URL). */
    from: string;
    /** The help desk mailbox read for replies and new requests; undefined: no e-mail in. */
    imapUrl?: string;
    pollMs: number;
    /** The outbox: how often what failed is retried, attempts in all, the first wait (doubled each time). */
    outboxIntervalMs: number;
    maxAttempts: number;
    retryBaseMs: number;
    /** Sent and given-up e-mails are deleted this many days after they were queued. */
    outboxRetentionDays: number;
  };
  /** The spike detector (src/incidents); off: no detector, no known-problem notices. */
  readonly incidents: {
    enabled: boolean;
    checkMs: number;
    /** A spike is counted in this recent window ... */
    windowMinutes: number;
    /** ... against the rate of the baseline before it. */
    baselineHours: number;
    /** Fewest cases in the window that make a spike. */
    minCases: number;
    /** How many times the baseline's rate (scaled to the window) the window must reach. */
    ratio: number;
  };
  readonly gaps: {
    /** Average similarity two groups of questions need to be one knowledge gap. */
    clusterSimilarity: number;
  };
  /** The weekly improvement digest (src/digest). */
  readonly digest: {
    /** The leads' addresses it is e-mailed to; none: kept for the console only. */
    recipients: readonly string[];
  };
  /** Routing feedback to the owning teams (src/feedback). */
  readonly feedback: {
    /** Webhook signing keys by the name content/taxonomy.yaml gives them. */
    webhookSecrets: Readonly<Record<string, string>>;
    deliveryIntervalMs: number;
    /** Attempts per delivery before it is given up. */
    maxAttempts: number;
    /** The wait after the first failed attempt; it doubles after each further one (at most 6 hours). */
    retryBaseMs: number;
  };
  readonly llm: {
    apiKey?: string;
    baseUrl?: string;
    embeddingModel?: string;
    /** The chat model; with the key it turns the language-model features on (src/llm). */
    chatModel?: string;
    timeoutMs: number;
    /** Streamed answers: how long the model may take to begin (then it may use the whole timeout). */
    firstTokenMs: number;
    tokensPerConversation: number;
    tokensPerDay: number;
  };
}

/** Reads and validates every setting at once, so one start-up shows every mistake. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        setting: issue.path.join('.') || '(environment)',
        problem: issue.message,
      })),
    );
  }
  const env = parsed.data;
  assertProductionCredentials(env);
  assertTeamsTakeover(env);
  assertMail(env);
  return toConfig(env);
}

/** Half a technicians' channel would silently post nowhere: both settings or neither. */
function assertTeamsTakeover(env: Env): void {
  if (Boolean(env.TEAMS_TECHNICIANS_CHANNEL_ID) === Boolean(env.TEAMS_TECHNICIANS_SERVICE_URL)) return;
  const missing = env.TEAMS_TECHNICIANS_CHANNEL_ID
    ? 'TEAMS_TECHNICIANS_SERVICE_URL'
    : 'TEAMS_TECHNICIANS_CHANNEL_ID';
  throw new ConfigError([
    { setting: missing, problem: 'required when the other TEAMS_TECHNICIANS_ setting is set' },
  ]);
}

/** E-mail without a From address would go out as whatever the SMTP server makes up. */
function assertMail(env: Env): void {
  if (env.SMTP_URL && !env.MAIL_FROM)
    throw new ConfigError([{ setting: 'MAIL_FROM', problem: 'required when SMTP_URL is set' }]);
  // E-mail in is answered by e-mail: reading the mailbox without a way to answer would go silent.
  if (env.IMAP_URL && !env.SMTP_URL)
    throw new ConfigError([{ setting: 'SMTP_URL', problem: 'required when IMAP_URL is set' }]);
}

function assertProductionCredentials(env: Env): void {
  if (env.NODE_ENV !== 'production') return;
  const problems = [];
  // With an empty app id the Bot Framework SDK silently accepts unauthenticated requests.
  if (!env.MICROSOFT_APP_ID)
    problems.push({ setting: 'MICROSOFT_APP_ID', problem: 'required in production' });
  if (!env.MICROSOFT_APP_PASSWORD && env.MICROSOFT_APP_TYPE !== 'UserAssignedMSI') {
    problems.push({ setting: 'MICROSOFT_APP_PASSWORD', problem: 'required in production' });
  }
  if (env.MICROSOFT_APP_TYPE !== 'MultiTenant' && !env.MICROSOFT_APP_TENANT_ID) {
    problems.push({ setting: 'MICROSOFT_APP_TENANT_ID', problem: `required for ${env.MICROSOFT_APP_TYPE}` });
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

function toConfig(env: Env): Config {
  const contentDir = path.resolve(env.CONTENT_DIR);
  return {
    env: env.NODE_ENV,
    isProduction: env.NODE_ENV === 'production',
    server: {
      port: env.PORT,
      host: env.HOST,
      publicUrl: env.PUBLIC_URL?.replace(/\/+$/, ''),
      bodyLimitBytes: env.BODY_LIMIT_BYTES,
      shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
      keepAliveTimeoutMs: env.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    },
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT,
    storage: {
      dataDir: path.resolve(env.DATA_DIR),
      sqliteSynchronous: env.SQLITE_SYNCHRONOUS,
      mongoUri: env.MONGODB_URI,
      attachmentDir: env.ATTACHMENT_DIR ? path.resolve(env.ATTACHMENT_DIR) : undefined,
      mongoDb: env.MONGODB_DB,
    },
    contentDir,
    botFramework: {
      appId: env.MICROSOFT_APP_ID,
      appPassword: env.MICROSOFT_APP_PASSWORD,
      appType: env.MICROSOFT_APP_TYPE,
      tenantId: env.MICROSOFT_APP_TENANT_ID,
      openIdMetadataUrl: env.BOT_OPENID_METADATA_URL,
      emulatorOpenIdMetadataUrl: env.BOT_EMULATOR_OPENID_METADATA_URL,
    },
    teamsApp: {
      appId: env.TEAMS_APP_ID,
      developerName: env.TEAMS_DEVELOPER_NAME,
      privacyUrl: env.TEAMS_PRIVACY_URL,
      termsUrl: env.TEAMS_TERMS_URL,
    },
    ...(env.TEAMS_TECHNICIANS_CHANNEL_ID && env.TEAMS_TECHNICIANS_SERVICE_URL
      ? {
          teamsTakeover: {
            channelId: env.TEAMS_TECHNICIANS_CHANNEL_ID,
            serviceUrl: env.TEAMS_TECHNICIANS_SERVICE_URL,
            tenantId: env.TEAMS_TENANT_ID ?? env.MICROSOFT_APP_TENANT_ID,
          },
        }
      : {}),
    directLine: {
      tokenSecret: env.DIRECTLINE_TOKEN_SECRET,
      tokenTtlSeconds: env.DIRECTLINE_TOKEN_TTL_SECONDS,
    },
    limits: {
      maxMessageChars: env.MAX_MESSAGE_CHARS,
      messagesPerMinute: env.RATE_LIMIT_MESSAGES_PER_MINUTE,
      conversationsPerMinute: env.RATE_LIMIT_CONVERSATIONS_PER_MINUTE,
    },
    attachments: {
      maxBytes: env.ATTACHMENT_MAX_BYTES,
      maxFiles: env.ATTACHMENT_MAX_FILES,
      downloadHosts: env.ATTACHMENT_DOWNLOAD_HOSTS.split(',')
        .map((host) => host.trim().toLowerCase())
        .filter(Boolean),
    },
    defaultLanguage: env.DEFAULT_LANGUAGE,
    webChat: {
      botName: env.WEBCHAT_BOT_NAME,
      title: env.WEBCHAT_TITLE,
      logoUrl: env.WEBCHAT_LOGO_URL,
      botAvatarUrl: env.WEBCHAT_BOT_AVATAR_URL,
      botAvatarInitials: env.WEBCHAT_BOT_AVATAR_INITIALS,
      accentColor: env.WEBCHAT_ACCENT_COLOR,
      backgroundColor: env.WEBCHAT_BACKGROUND_COLOR,
      identitySecret: env.WEBCHAT_IDENTITY_SECRET,
      resumeDays: env.WEBCHAT_RESUME_DAYS,
    },
    adminToken: env.ADMIN_TOKEN,
    console: {
      sessionTtlHours: env.CONSOLE_SESSION_TTL_HOURS,
      // Default: the bot's own tenant, so a single-tenant install needs no extra setting.
      ssoTenants: (env.CONSOLE_SSO_TENANTS ?? env.MICROSOFT_APP_TENANT_ID ?? '')
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
      ssoJwksUrl: env.CONSOLE_SSO_JWKS_URL,
      loginAttemptsPerMinute: env.CONSOLE_LOGIN_ATTEMPTS_PER_MINUTE,
    },
    knowledge: {
      kbDir: path.resolve(env.KB_DIR ?? path.join(contentDir, 'kb')),
      watch: env.KB_WATCH ?? env.NODE_ENV === 'development',
      orgConfigFile: path.resolve(env.ORG_CONFIG_FILE ?? path.join(contentDir, 'organisation.yaml')),
      answerThreshold: env.MATCH_ANSWER_THRESHOLD,
      clarifyThreshold: env.MATCH_CLARIFY_THRESHOLD,
      matchApiEnabled: env.MATCH_API_ENABLED ?? env.NODE_ENV !== 'production',
    },
    flows: {
      dir: path.join(contentDir, 'flows'),
      skipInvalid: env.FLOWS_SKIP_INVALID,
      resumeAfterHours: env.FLOW_RESUME_AFTER_HOURS,
    },
    redaction: { emailAddresses: env.PRIVACY_REDACT_EMAIL, phoneNumbers: env.PRIVACY_REDACT_PHONE },
    handoff: {
      enabled: env.HANDOFF_ENABLED,
      supportConfigFile: path.resolve(env.SUPPORT_CONFIG_FILE ?? path.join(contentDir, 'support.yaml')),
      waitUpdateMs: env.HANDOFF_WAIT_UPDATE_SECONDS * 1000,
      slaCheckMs: env.SLA_CHECK_SECONDS * 1000,
      ticketReopenDays: env.TICKET_REOPEN_DAYS,
    },
    followUp: {
      afterMs: Math.round(env.FOLLOW_UP_AFTER_HOURS * 3_600_000),
      autoCloseMs: Math.round(env.AUTO_CLOSE_AFTER_DAYS * 86_400_000),
      checkMs: env.FOLLOW_UP_CHECK_SECONDS * 1000,
    },
    retention: {
      eventsDays: env.EVENT_RETENTION_DAYS,
      transcriptsDays: env.TRANSCRIPT_RETENTION_DAYS,
      directLineDays: env.DIRECTLINE_RETENTION_DAYS,
      botStateDays: env.BOT_STATE_RETENTION_DAYS,
      botChatsHours: env.BOT_CHAT_RETENTION_HOURS,
      ticketsDays: env.TICKET_RETENTION_DAYS,
      auditDays: env.AUDIT_RETENTION_DAYS,
      attachmentsDays: env.ATTACHMENT_RETENTION_DAYS,
      feedbackDays: env.FEEDBACK_RETENTION_DAYS,
      feedbackOutboxDays: env.FEEDBACK_OUTBOX_RETENTION_DAYS,
      digestsDays: env.DIGEST_RETENTION_DAYS,
      casesDays: env.INSIGHTS_RETENTION_DAYS,
      incidentsDays: env.INCIDENTS_RETENTION_DAYS,
      articleDraftsDays: env.ARTICLE_DRAFT_RETENTION_DAYS,
    },
    insights: {
      abandonedAfterMinutes: env.INSIGHTS_ABANDONED_MINUTES,
    },
    mail: {
      smtpUrl: env.SMTP_URL,
      from: env.MAIL_FROM ?? '',
      imapUrl: env.IMAP_URL,
      pollMs: env.MAIL_POLL_SECONDS * 1000,
      outboxIntervalMs: env.MAIL_OUTBOX_INTERVAL_SECONDS * 1000,
      maxAttempts: env.MAIL_SEND_ATTEMPTS,
      retryBaseMs: env.MAIL_RETRY_BASE_SECONDS * 1000,
      outboxRetentionDays: env.MAIL_OUTBOX_RETENTION_DAYS,
    },
    incidents: {
      enabled: env.INCIDENTS_ENABLED,
      checkMs: env.INCIDENTS_CHECK_SECONDS * 1000,
      windowMinutes: env.INCIDENTS_WINDOW_MINUTES,
      baselineHours: env.INCIDENTS_BASELINE_HOURS,
      minCases: env.INCIDENTS_MIN_CASES,
      ratio: env.INCIDENTS_SPIKE_RATIO,
    },
    gaps: {
      clusterSimilarity: env.GAPS_CLUSTER_SIMILARITY,
    },
    digest: { recipients: env.DIGEST_RECIPIENTS ?? [] },
    feedback: {
      webhookSecrets: env.FEEDBACK_WEBHOOK_SECRETS,
      deliveryIntervalMs: env.FEEDBACK_DELIVERY_INTERVAL_SECONDS * 1000,
      maxAttempts: env.FEEDBACK_DELIVERY_ATTEMPTS,
      retryBaseMs: env.FEEDBACK_RETRY_BASE_SECONDS * 1000,
    },
    llm: {
      apiKey: env.OPENAI_API_KEY,
      baseUrl: env.OPENAI_BASE_URL,
      embeddingModel: env.OPENAI_EMBEDDING_MODEL,
      chatModel: env.OPENAI_MODEL,
      timeoutMs: env.LLM_TIMEOUT_MS,
      firstTokenMs: env.LLM_FIRST_TOKEN_MS,
      tokensPerConversation: env.LLM_TOKENS_PER_CONVERSATION,
      tokensPerDay: env.LLM_TOKENS_PER_DAY,
    },
  };
}

/** The environment as it may be logged: secrets replaced, unknown variables left out. */
export function describeSettings(source: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const described: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape) as (keyof Env)[]) {
    const value = source[key];
    if (value === undefined || value === '') continue;
    described[key] = SECRET_SETTINGS.has(key) ? '[redacted]' : value;
  }
  return described;
}
