import type { Lang } from '../../i18n/languages';
import type { KnowledgeService } from '../../knowledge';
import type { ConsoleAccess } from './access';
import type { CannedReplies } from './canned-replies';
import type { ConsoleEventFeed } from './event-feed';
import type { ConsoleHandoffService, ConsoleTechnicianDirectory } from './ports';

/** Everything the console routes use, built once by the console module. */
export interface ConsoleApiDeps {
  handoffs: ConsoleHandoffService;
  directory: ConsoleTechnicianDirectory;
  access: ConsoleAccess;
  knowledge: Pick<KnowledgeService, 'match' | 'getArticle'>;
  canned: CannedReplies;
  feed: ConsoleEventFeed;
  maxMessageChars: number;
  defaultLanguage: Lang;
}
