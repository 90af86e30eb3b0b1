import type { AuditLog } from '../../audit';
import type { Lang } from '../../i18n/languages';
import type { KnowledgeService } from '../../knowledge';
import type { StepTitle } from '../../tickets';
import type { ConsoleAuthenticator } from '../auth/authenticator';
import type { SessionStore } from '../auth/session-store';
import type { ConsoleAccess } from './access';
import type { CannedReplies } from './canned-replies';
import type { ConsoleEventFeed } from './event-feed';
import type { ConsoleHandoffService, ConsoleTechnicianDirectory } from './ports';

/** Everything the console routes use, built once by the console module. */
export interface ConsoleApiDeps {
  handoffs: ConsoleHandoffService;
  directory: ConsoleTechnicianDirectory;
  access: ConsoleAccess;
  /** Whether a caller may still use what they signed in with (live feeds re-check it). */
  auth: Pick<ConsoleAuthenticator, 'stillValid'>;
  sessions: Pick<SessionStore, 'deleteAllOf'>;
  audit: AuditLog;
  knowledge: Pick<KnowledgeService, 'match' | 'getArticle'>;
  stepTitle?: StepTitle;
  canned: CannedReplies;
  feed: ConsoleEventFeed;
  maxMessageChars: number;
  defaultLanguage: Lang;
  clock: () => Date;
}
