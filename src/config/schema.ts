import { z } from 'zod';
import { LANGUAGES } from '../i18n/languages';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');
const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));
const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const unitInterval = z.coerce.number().min(0).max(1);
const cssColour = z.string().regex(/^#[0-9a-fA-F]{3,8}$|^[a-zA-Z]+$/, 'must be a CSS colour such as #0063B1');

function webhookSecrets(value: string | undefined, ctx: z.RefinementCtx): Record<string, string> {
  const secrets: Record<string, string> = {};
  for (const pair of (value ?? '').split(',').filter((p) => p.trim() !== '')) {
    const match = /^\s*([a-z0-9]+(?:-[a-z0-9]+)*)=(\S{32,})\s*$/.exec(pair);
    // The message never repeats the value: it is a secret.
    if (!match)
      ctx.addIssue({ code: 'custom', message: 'each entry is name=key, the key at least 32 characters' });
    else secrets[match[1] as string] = match[2] as string;
  }
  return secrets;
}

/**
 * Every setting FirstLine reads, with its default. `.env.example` documents the same names;
 * a unit test keeps the two in step.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port.default(3978),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: optionalString.pipe(z.url().optional()),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  DATA_DIR: z.string().min(1).default('./data'),
  CONTENT_DIR: z.string().min(1).default('./content'),

  SQLITE_SYNCHRONOUS: z.enum(['normal', 'full']).default('normal'),
  MONGODB_URI: optionalString,
  MONGODB_DB: z.string().min(1).default('firstline'),

  MICROSOFT_APP_ID: optionalString,
  MICROSOFT_APP_PASSWORD: optionalString,
  MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  MICROSOFT_APP_TENANT_ID: optionalString,
  BOT_OPENID_METADATA_URL: z
    .url()
    .default('https://login.botframework.com/v1/.well-known/openidconfiguration'),
  BOT_EMULATOR_OPENID_METADATA_URL: z
    .url()
    .default('https://login.microsoftonline.com/botframework.com/v2.0/.well-known/openid-configuration'),

  DIRECTLINE_TOKEN_SECRET: optionalString.pipe(
    z.string().min(32, 'must be at least 32 characters').optional(),
  ),
  DIRECTLINE_TOKEN_TTL_SECONDS: positiveInt.default(1800),

  BODY_LIMIT_BYTES: positiveInt.default(256 * 1024),
  MAX_MESSAGE_CHARS: positiveInt.default(4000),
  RATE_LIMIT_MESSAGES_PER_MINUTE: positiveInt.default(60),
  RATE_LIMIT_CONVERSATIONS_PER_MINUTE: positiveInt.default(30),
  SHUTDOWN_TIMEOUT_MS: positiveInt.default(10000),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: positiveInt.default(65000),

  ATTACHMENT_MAX_BYTES: positiveInt.max(50 * 1024 * 1024, 'must be at most 50 MB').default(10 * 1024 * 1024),
  ATTACHMENT_MAX_FILES: positiveInt.max(20).default(5),
  ATTACHMENT_RETENTION_DAYS: positiveInt.default(90),
  ATTACHMENT_DIR: optionalString,
  ATTACHMENT_DOWNLOAD_HOSTS: z
    .string()
    .default('smba.trafficmanager.net,*.botframework.com,*.sharepoint.com'),

  DEFAULT_LANGUAGE: z.enum(LANGUAGES).default('en'),

  WEBCHAT_BOT_NAME: z.string().min(1).default('FirstLine'),
  WEBCHAT_TITLE: optionalString,
  WEBCHAT_LOGO_URL: optionalString,
  WEBCHAT_BOT_AVATAR_URL: optionalString,
  WEBCHAT_BOT_AVATAR_INITIALS: optionalString.pipe(z.string().max(3, 'at most 3 characters').optional()),
  WEBCHAT_ACCENT_COLOR: cssColour.default('#0063B1'),
  WEBCHAT_BACKGROUND_COLOR: cssColour.default('#F7F7F7'),
  WEBCHAT_RESUME_DAYS: positiveInt.default(30),
  WEBCHAT_IDENTITY_SECRET: optionalString.pipe(
    z.string().min(32, 'must be at least 32 characters').optional(),
  ),

  TEAMS_APP_ID: optionalString.pipe(z.uuid('must be a GUID').optional()),
  TEAMS_DEVELOPER_NAME: z.string().min(1).default('IT Service Desk'),
  TEAMS_PRIVACY_URL: optionalString.pipe(z.url().optional()),
  TEAMS_TERMS_URL: optionalString.pipe(z.url().optional()),
  TEAMS_TECHNICIANS_CHANNEL_ID: optionalString.pipe(
    z
      .string()
      .regex(/^19:[^;\s]+$/, 'must be a channel conversation id such as 19:...@thread.tacv2')
      .optional(),
  ),
  TEAMS_TECHNICIANS_SERVICE_URL: optionalString.pipe(z.url().optional()),
  TEAMS_TENANT_ID: optionalString,

  CONSOLE_SESSION_TTL_HOURS: z.coerce.number().positive().max(720).default(12),
  CONSOLE_SSO_TENANTS: optionalString,
  CONSOLE_SSO_JWKS_URL: z.url().default('https://login.microsoftonline.com/common/discovery/v2.0/keys'),
  CONSOLE_LOGIN_ATTEMPTS_PER_MINUTE: positiveInt.default(10),

  ADMIN_TOKEN: optionalString.pipe(z.string().min(24, 'must be at least 24 characters').optional()),

  KB_DIR: optionalString,
  KB_WATCH: bool.optional(),
  ORG_CONFIG_FILE: optionalString,
  MATCH_ANSWER_THRESHOLD: unitInterval.optional(),
  MATCH_CLARIFY_THRESHOLD: unitInterval.optional(),
  MATCH_API_ENABLED: bool.optional(),
  FLOWS_SKIP_INVALID: bool.default(false),
  FLOW_RESUME_AFTER_HOURS: z.coerce.number().positive().default(12),

  SUPPORT_CONFIG_FILE: optionalString,
  HANDOFF_ENABLED: bool.default(true),
  HANDOFF_WAIT_UPDATE_SECONDS: positiveInt.default(120),
  SLA_CHECK_SECONDS: positiveInt.default(30),
  TICKET_REOPEN_DAYS: positiveInt.default(14),
  // Follow-up after a resolution (src/followup): "Did the fix hold?", then auto-close on silence.
  FOLLOW_UP_AFTER_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 90)
    .default(24),
  AUTO_CLOSE_AFTER_DAYS: z.coerce.number().positive().max(365).default(5),
  FOLLOW_UP_CHECK_SECONDS: positiveInt.default(60),

  // Retention: how long each kind of data is kept (see src/personal-data), enforced hourly.
  EVENT_RETENTION_DAYS: positiveInt.default(30),
  TRANSCRIPT_RETENTION_DAYS: positiveInt.default(90),
  DIRECTLINE_RETENTION_DAYS: positiveInt.default(30),
  BOT_STATE_RETENTION_DAYS: positiveInt.default(90),
  BOT_CHAT_RETENTION_HOURS: positiveInt.default(24),
  /** 0 keeps resolved and closed tickets for ever (an organisation with its own records policy). */
  TICKET_RETENTION_DAYS: z.coerce.number().int().min(0).default(365),
  AUDIT_RETENTION_DAYS: positiveInt.default(365),
  FEEDBACK_RETENTION_DAYS: positiveInt.default(365),
  /** Case records (src/insights): one per problem the bot handled, for the reports. */
  INSIGHTS_RETENTION_DAYS: positiveInt.default(395),
  /** A case still open this long after its last record counts as abandoned in the reports. */
  INSIGHTS_ABANDONED_MINUTES: positiveInt.default(60),
  /** Incidents (src/incidents): the spike detector and what users with a known problem are told. */
  INCIDENTS_ENABLED: bool.default(true),
  INCIDENTS_CHECK_SECONDS: positiveInt.default(60),
  INCIDENTS_WINDOW_MINUTES: positiveInt.default(10),
  INCIDENTS_BASELINE_HOURS: positiveInt.default(24),
  INCIDENTS_MIN_CASES: positiveInt.default(10),
  INCIDENTS_SPIKE_RATIO: z.coerce.number().min(1).default(4),
  INCIDENTS_RETENTION_DAYS: positiveInt.default(365),

  // E-mail with users (src/mail): off without SMTP_URL.
  SMTP_URL: optionalString.pipe(
    z
      .string()
      .regex(
        /^smtps?:\/\/[^\s]+$/,
        'must be an smtp:// or smtps:// URL such as smtps://user:pass@mail.example.com',
      )
      .optional(),
  ),
  MAIL_FROM: optionalString,
  IMAP_URL: optionalString.pipe(
    z
      .string()
      .regex(
        /^imaps?:\/\/[^\s]+$/,
        'must be an imap:// or imaps:// URL such as imaps://user:pass@mail.example.com',
      )
      .optional(),
  ),
  MAIL_POLL_SECONDS: positiveInt.default(60),
  /** The mail outbox (src/mail): retries of e-mails the SMTP server did not take. */
  MAIL_OUTBOX_INTERVAL_SECONDS: positiveInt.default(60),
  MAIL_SEND_ATTEMPTS: positiveInt.default(10),
  MAIL_RETRY_BASE_SECONDS: positiveInt.default(60),
  MAIL_OUTBOX_RETENTION_DAYS: positiveInt.default(14),
  /** Knowledge gaps (src/gaps): how alike two groups of questions must be to merge (0..1). */
  GAPS_CLUSTER_SIMILARITY: unitInterval.default(0.2),
  /** Article drafts waiting for review (src/gaps), from their last change. */
  ARTICLE_DRAFT_RETENTION_DAYS: positiveInt.default(90),
  /**
   * Signing keys of the feedback webhooks (content/taxonomy.yaml names them): `name=key` pairs
   * separated by commas, each key at least 32 characters.
   */
  FEEDBACK_WEBHOOK_SECRETS: optionalString.transform((value, ctx) => webhookSecrets(value, ctx)),
  FEEDBACK_DELIVERY_INTERVAL_SECONDS: positiveInt.default(30),
  FEEDBACK_DELIVERY_ATTEMPTS: positiveInt.default(12),
  FEEDBACK_RETRY_BASE_SECONDS: positiveInt.default(60),
  FEEDBACK_OUTBOX_RETENTION_DAYS: positiveInt.default(30),
  /** Who gets the weekly improvement digest by e-mail (the leads): addresses separated by commas. */
  DIGEST_RECIPIENTS: optionalString.pipe(
    z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((address) => address.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.email('must be e-mail addresses separated by commas')).max(50))
      .optional(),
  ),
  DIGEST_RETENTION_DAYS: positiveInt.default(365),

  PRIVACY_REDACT_EMAIL: bool.default(false),
  PRIVACY_REDACT_PHONE: bool.default(false),

  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString.pipe(z.url().optional()),
  OPENAI_EMBEDDING_MODEL: optionalString,
  OPENAI_MODEL: optionalString,
  LLM_TIMEOUT_MS: positiveInt.max(120_000).default(8000),
  LLM_FIRST_TOKEN_MS: positiveInt.max(120_000).default(4000),
  LLM_TOKENS_PER_CONVERSATION: positiveInt.default(20_000),
  LLM_TOKENS_PER_DAY: positiveInt.default(2_000_000),
});

export type Env = z.infer<typeof envSchema>;

/** Settings whose values never appear in logs or error messages. */
export const SECRET_SETTINGS: ReadonlySet<keyof Env> = new Set<keyof Env>([
  'MICROSOFT_APP_PASSWORD',
  'DIRECTLINE_TOKEN_SECRET',
  'ADMIN_TOKEN',
  'OPENAI_API_KEY',
  'MONGODB_URI',
  'SMTP_URL',
  'IMAP_URL',
]);
