import type { StepTitle } from '../tickets';
import type { Server } from 'restify';
import { AuditLog } from '../audit';
import type { Config } from '../config';
import type { KnowledgeService } from '../knowledge';
import type { Logger } from '../logging';
import type { StorageBackend } from '../storage/ports';
import { ConsoleAccess } from './api/access';
import type { ConsoleApiDeps } from './api/api-deps';
import { auditRoutes } from './api/audit-routes';
import { attachmentRoutes } from './api/attachment-routes';
import { botChatRoutes } from './api/bot-chat-routes';
import { CannedReplies, type CannedReplyEntries } from './api/canned-replies';
import { directoryRoutes } from './api/directory-routes';
import { ConsoleEventFeed } from './api/event-feed';
import { handoffRoutes } from './api/handoff-routes';
import { incidentRoutes, type ConsoleIncidents } from './api/incident-routes';
import { insightsRoutes, type ConsoleInsights } from './api/insights-routes';
import { gapsRoutes, type ConsoleGaps } from './api/gaps-routes';
import { feedbackRoutes, type ConsoleFeedback } from './api/feedback-routes';
import { digestRoutes, type ConsoleDigest } from './api/digest-routes';
import { mailOutboxRoutes, type ConsoleMailOutbox } from './api/mail-outbox-routes';
import { buildOpenApiDocument } from './api/openapi';
import type { ConsoleBotChats, ConsoleHandoffService, ConsoleTechnicianDirectory } from './api/ports';
import { registerConsoleRoutes, type ConsoleRoute } from './api/route-registry';
import { privacyRoutes, type ConsolePrivacyRequests } from './api/privacy-routes';
import {
  briefingRoutes,
  type ArticleDrafter,
  type HandoverBriefings,
  type MessageTranslator,
} from './api/briefing-routes';
import { sessionRoutes } from './api/session-routes';
import { technicianRoutes } from './api/technician-routes';
import { ticketRoutes } from './api/ticket-routes';
import { topicRoutes, type ConsoleTopics } from './api/topic-routes';
import { ConsoleAuthenticator } from './auth/authenticator';
import { createEntraSsoValidator, type EntraIdentity } from './auth/entra-sso';
import { LoginThrottle } from './auth/login-throttle';
import { SessionStore } from './auth/session-store';

export { ConsoleEventFeed, CONSOLE_STREAM } from './api/event-feed';
export { ConsoleAccess } from './api/access';
export { SessionStore } from './auth/session-store';
export type { ConsoleRoute } from './api/route-registry';
export type { ConsoleBotChats, ConsoleHandoffService, ConsoleTechnicianDirectory } from './api/ports';
export type { ConsolePrivacyRequests } from './api/privacy-routes';
export type { ConsoleMailOutbox } from './api/mail-outbox-routes';

export interface ConsoleDeps {
  config: Config;
  /** content/canned-replies.yaml from the content loader (empty when the file is absent). */
  cannedReplies: CannedReplyEntries;
  storage: StorageBackend;
  logger: Logger;
  handoffs: ConsoleHandoffService;
  directory: ConsoleTechnicianDirectory;
  knowledge: Pick<KnowledgeService, 'match' | 'getArticle'>;
  /** The chats the bot is having, which technicians may take over; without it those routes are left out. */
  botChats?: ConsoleBotChats;
  /** Where sign-ins, technician changes and views are recorded; one on the storage by default. */
  audit?: AuditLog;
  /** GDPR export and erasure of one user's data (admin API); without it those routes are left out. */
  privacy?: ConsolePrivacyRequests;
  /** Titles for the steps a ticket lists as tried; without it they show as flow/article ids. */
  stepTitle?: StepTitle;
  /** A language model's hand-over notes (src/llm); without it that route is left out. */
  briefings?: HandoverBriefings;
  /** Live translation of users' messages for technicians (src/llm); with `briefings` only. */
  translator?: MessageTranslator;
  /** Reports over the problems the bot handled (src/insights); without it that route is left out. */
  insights?: ConsoleInsights;
  /** Incidents (src/incidents): listed for technicians, raised and closed by leads; absent: left out. */
  incidents?: ConsoleIncidents;
  /** The taxonomy's topics as they are now (listTopics; an incident's topic is checked against them). */
  topics?: ConsoleTopics;
  /** Knowledge gaps and article drafts to review (src/gaps); without it those routes are left out. */
  gaps?: ConsoleGaps;
  /** Users' feedback filed by topic and owning team (src/feedback); without it those routes are left out. */
  feedback?: ConsoleFeedback;
  /** The weekly improvement digest (src/digest); without it that route is left out. */
  digest?: ConsoleDigest;
  /** The mail outbox (src/mail), for administrators; absent without SMTP_URL: those routes are left out. */
  mailOutbox?: ConsoleMailOutbox;
  /** Knowledge-article drafts from tickets (src/llm); with `briefings` only. */
  articleDrafter?: ArticleDrafter;
  /** Tests: validate Teams SSO tokens some other way (e.g. against a local issuer). */
  validateSso?: (token: string) => Promise<EntraIdentity>;
  /** What "now" is (saved views such as "Breaching SLA"); the system clock by default. */
  clock?: () => Date;
  heartbeatMs?: number;
  /** How often an idle live feed re-checks that its caller may still listen. */
  accessCheckMs?: number;
}

export interface TechnicianConsole {
  readonly routes: readonly ConsoleRoute[];
  readonly openApi: Record<string, unknown>;
  readonly feed: ConsoleEventFeed;
  /** Adds the console API and `GET /api/openapi.json` (the page itself: `ui-routes.ts`). */
  register(server: Server): void;
  /** Ends live feeds (shutdown); call before closing the server. */
  close(): void;
}

/** The technician console's back end: API, authentication, OpenAPI document and live feed. */
export function createConsole(deps: ConsoleDeps): TechnicianConsole {
  const { config, storage, logger } = deps;
  const sessions = new SessionStore(storage, config.console.sessionTtlHours * 3600 * 1000);
  const auth = new ConsoleAuthenticator({
    directory: deps.directory,
    sessions,
    validateSso: deps.validateSso ?? ssoValidator(config, logger),
    logger,
    adminToken: config.adminToken,
  });
  const feed = new ConsoleEventFeed({
    storage,
    access: deps.handoffs.access,
    logger,
    heartbeatMs: deps.heartbeatMs,
    accessCheckMs: deps.accessCheckMs,
  });
  const audit = deps.audit ?? new AuditLog(storage, logger, { retentionDays: config.retention.auditDays });
  const api: ConsoleApiDeps = {
    handoffs: deps.handoffs,
    directory: deps.directory,
    access: new ConsoleAccess(deps.handoffs.access),
    auth,
    sessions,
    audit,
    knowledge: deps.knowledge,
    stepTitle: deps.stepTitle,
    canned: new CannedReplies(deps.cannedReplies),
    feed,
    maxMessageChars: config.limits.maxMessageChars,
    defaultLanguage: config.defaultLanguage,
    clock: deps.clock ?? (() => new Date()),
  };
  const secureCookies = config.server.publicUrl?.startsWith('https://') ?? false;
  const routes = [
    ...sessionRoutes(api, {
      auth,
      sessions,
      secureCookies,
      throttle: new LoginThrottle(storage, config.console.loginAttemptsPerMinute),
    }),
    ...handoffRoutes(api),
    ...ticketRoutes(api),
    ...directoryRoutes(api),
    ...technicianRoutes(api),
    ...auditRoutes(api),
    ...(deps.botChats ? botChatRoutes(api, deps.botChats) : []),
    ...(deps.privacy ? privacyRoutes(deps.privacy) : []),
    ...attachmentRoutes(api, storage.attachments),
    ...(deps.briefings ? briefingRoutes(api, deps.briefings, deps.translator, deps.articleDrafter) : []),
    ...(deps.insights ? insightsRoutes(deps.insights) : []),
    ...(deps.topics ? topicRoutes(deps.topics) : []),
    ...(deps.incidents ? incidentRoutes(deps.incidents, deps.topics) : []),
    ...(deps.gaps ? gapsRoutes(deps.gaps) : []),
    ...(deps.feedback ? feedbackRoutes(deps.feedback) : []),
    ...(deps.digest ? digestRoutes(deps.digest) : []),
    ...(deps.mailOutbox ? mailOutboxRoutes(deps.mailOutbox, audit) : []),
  ];
  const openApi = buildOpenApiDocument(routes, appVersion());
  return {
    routes,
    openApi,
    feed,
    register(server) {
      registerConsoleRoutes(server, routes, auth);
      server.get('/api/openapi.json', async (_req, res) => {
        res.header('cache-control', 'no-cache');
        res.send(200, openApi);
      });
    },
    close: () => feed.close(),
  };
}

function ssoValidator(config: Config, logger: Logger) {
  const appId = config.botFramework.appId;
  const tenants = config.console.ssoTenants;
  if (!appId || tenants.length === 0) {
    logger.info('Teams sign-in for the console is off (needs MICROSOFT_APP_ID and CONSOLE_SSO_TENANTS)');
    return undefined;
  }
  const host = config.server.publicUrl ? new URL(config.server.publicUrl).host : undefined;
  return createEntraSsoValidator({
    jwksUrl: config.console.ssoJwksUrl,
    appId,
    host,
    allowedTenants: tenants,
  });
}

function appVersion(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('../../package.json') as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
