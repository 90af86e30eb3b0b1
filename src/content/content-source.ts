import type { Config } from '../config';
import { serviceDeskDirectory } from '../dialogs/service-desk';
import type { OrgValues } from '../knowledge/articles/organisation';
import type { LoadedKnowledgeBase } from '../knowledge/articles/load-knowledge-base';
import { hasBlockingErrors } from '../knowledge/articles/format-problems';
import type { KbProblem } from '../knowledge/articles/types';
import type { ContentPaths } from './content-kind';
import { loadArticles, loadContent, loadTaxonomyAndOrganisation, type Content } from './load-content';
import { formatContentProblem, type ContentProblem } from './yaml-file';

/** CONTENT_DIR and the files its settings move elsewhere, as the server resolves them. */
export function contentPathsOf(config: Config): ContentPaths {
  return {
    contentDir: config.contentDir,
    kbDir: config.knowledge.kbDir,
    orgFile: config.knowledge.orgConfigFile,
    supportFile: config.handoff.supportConfigFile,
  };
}

/**
 * The running app's content: loaded once at start-up by the one loader, and the knowledge part
 * (articles, taxonomy, organisation) read again by the same loader on reload. Readers that must
 * see a reload (service desk contacts, flow texts with {{org.*}}) ask `current()` each time.
 */
export class ContentSource {
  private constructor(
    private readonly paths: ContentPaths,
    private content: Content,
    /** Warnings of the start-up load for the app to log (articles and flows log their own). */
    readonly startWarnings: readonly ContentProblem[],
  ) {}

  /** Throws, listing every file and line, when content the bot cannot start without is broken. */
  static open(paths: ContentPaths): ContentSource {
    const { content, problems, startWarnings } = loadContent(paths);
    if (!content) {
      const errors = problems.filter((p) => p.severity === 'error').map(formatContentProblem);
      throw new Error(
        `content in ${paths.contentDir} is invalid (\`firstline content check\` lists every problem):\n  ${errors.join('\n  ')}`,
      );
    }
    return new ContentSource(paths, content, startWarnings);
  }

  /** Service desk contacts from the organisation file as it is now (a reload shows at once). */
  readonly serviceDesk = serviceDeskDirectory(() => this.content.organisation);

  /** The organisation values as they are now, for `{{org.*}}` in flow texts. */
  readonly organisation = (): OrgValues | undefined => this.content.organisation;

  current(): Content {
    return this.content;
  }

  /**
   * The reload path: taxonomy, organisation and articles read again; swapped in only when
   * nothing blocks (the knowledge service keeps its previous version then, and so does this).
   */
  reloadKnowledge(): LoadedKnowledgeBase {
    const { taxonomy, organisation, problems } = loadTaxonomyAndOrganisation(this.paths);
    const knowledge = loadArticles(this.paths, { taxonomy, organisation });
    const fileProblems: KbProblem[] = problems.map((p) => ({
      ...p,
      code: p.file === this.paths.orgFile ? 'organisation' : 'taxonomy',
    }));
    const loaded = { ...knowledge, problems: [...fileProblems, ...knowledge.problems] };
    if (!hasBlockingErrors(loaded.problems) && taxonomy) {
      this.content = { ...this.content, taxonomy, organisation, knowledge: loaded };
    }
    return loaded;
  }
}
