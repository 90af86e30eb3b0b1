import { AuditLog } from '../audit';
import type { Config } from '../config';
import type { Catalogue } from '../i18n';
import type { Logger } from '../logging';
import type { StorageBackend } from '../storage/ports';
import { TechnicianDirectory } from '../technicians';
import { TicketStore, type StepTitle, type TicketStoreOptions } from '../tickets';
import { BotChatTakeover } from './bot-chat-takeover';
import { BotChats } from './bot-chats';
import { createHandoffCore } from './handoff-core';
import type { HandoffDeps } from './handoff-records';
import type { TechnicianDesk } from './technician-desk';
import type { UserQueue } from './user-queue';
import type { SupportConfig } from './support-config';
import type { HandoffPrompts } from './handoff-texts';
import type { UpstreamSender } from './upstream';
import { WaitUpdates } from './wait-updates';

/** The users' side as the bot's hand-over dialogs use it. */
export interface UserHandoff {
  readonly queue: UserQueue;
  readonly support: SupportConfig;
  /** Where the chats the bot answers are listed for technicians to take over. */
  readonly chats?: BotChats;
  /** What the user writes while waiting goes onto the ticket's problem. */
  readonly tickets?: Pick<TicketStore, 'addToProblem'>;
}

/** The hand-over as the composition root wires it. */
export interface AppHandoff {
  /** The technicians' side: queue view, claim, pick-up, transfer, resolve, access rule. */
  readonly desk: TechnicianDesk;
  /** The users' side: request, waiting, who owns a conversation. */
  readonly queue: UserQueue;
  readonly technicians: TechnicianDirectory;
  readonly tickets: TicketStore;
  readonly support: SupportConfig;
  /** What the bot's side (`src/dialogs/handoff`) works with. */
  readonly user: UserHandoff;
  /** The chats the bot is having, for technicians to take over (console). */
  readonly botChats: BotChatTakeover;
  /** Sign-ins, technician changes, privacy requests and views; purged with the events. */
  readonly audit: AuditLog;
  start(): void;
  stop(): Promise<void>;
}

/** Builds the hand-over's parts from support.yaml as the content loader read it. */
export function createAppHandoff(deps: {
  config: Config;
  storage: StorageBackend;
  catalogue: Catalogue;
  /** CONTENT_DIR's support.yaml (SUPPORT_CONFIG_FILE), from the content loader. */
  support: SupportConfig | undefined;
  logger: Logger;
  /** Reaches users' conversations (from the channels' adapters, created before the hand-over). */
  upstream: UpstreamSender;
  /** The questions sent to users outside their turn, in the bot's dialogs' words. */
  prompts: HandoffPrompts;
  clock?: () => Date;
  /** Names the steps tried in ticket summaries (flow node and article step titles). */
  stepTitle?: StepTitle;
  /** The redaction pipeline's entry for technician input (replies, notes, resolutions). */
  redactTechnicianText?: (text: string, conversationId: string) => Promise<string>;
  /** The redactor the ticket store runs every text it keeps through. */
  redactText?: (text: string) => string;
  /** Live translation of technicians' replies into the user's language (src/llm). */
  translate?: HandoffDeps['translate'];
  /** Told of every comment a user leaves with a rating (feedback routing). */
  onRatingComment?: HandoffDeps['onRatingComment'];
  /** Service levels: the due times the ticket store keeps on every ticket (src/sla). */
  ticketSla?: TicketStoreOptions['sla'];
  /** E-mail to users away from the chat (src/mail, with SMTP_URL). */
  awayMail?: HandoffDeps['awayMail'];
}): AppHandoff {
  const { config, storage, catalogue, clock } = deps;
  const logger = deps.logger.child({ module: 'handoff' });
  const { support } = deps;
  if (!support) {
    throw new Error(
      `the hand-over needs ${config.handoff.supportConfigFile} (opening hours and queues); it is missing (HANDOFF_ENABLED=false starts without it)`,
    );
  }
  const technicians = new TechnicianDirectory(storage, clock);
  const tickets = new TicketStore(storage, clock, deps.stepTitle, {
    redact: deps.redactText,
    sla: deps.ticketSla,
  });
  const { desk, queue } = createHandoffCore({
    storage,
    tickets,
    technicians,
    support,
    upstream: deps.upstream,
    catalogue,
    prompts: deps.prompts,
    logger,
    clock,
    redactTechnicianText: deps.redactTechnicianText,
    translate: deps.translate,
    awayMail: deps.awayMail,
    onRatingComment: deps.onRatingComment,
  });
  const waitUpdates = new WaitUpdates({
    queue,
    storage,
    intervalMs: config.handoff.waitUpdateMs,
    logger,
    clock,
  });
  const chats = new BotChats(storage, clock ?? (() => new Date()));
  const audit = new AuditLog(storage, logger, {
    retentionDays: config.retention.auditDays,
    clock,
  });
  return {
    desk,
    queue,
    technicians,
    tickets,
    support,
    audit,
    user: { queue, support, chats, tickets },
    botChats: new BotChatTakeover({
      chats,
      desk,
      queue,
      transcripts: storage.transcripts,
      clock: clock ?? (() => new Date()),
    }),
    start: () => {
      waitUpdates.start();
    },
    stop: async () => {
      await waitUpdates.stop();
    },
  };
}
