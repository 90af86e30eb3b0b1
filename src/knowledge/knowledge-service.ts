import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import type { Logger } from '../logging';
import { LANGUAGES, type Lang } from '../i18n/languages';
import {
  COVERAGE_CODES,
  EMPTY_TAXONOMY,
  formatProblem,
  hasBlockingErrors,
  loadKnowledgeBase,
  topicLabel,
  type Article,
  type KbProblem,
  type LoadedKnowledgeBase,
  type Taxonomy,
} from './articles';
import { toMatchDocument } from './articles/to-match-document';
import type { WordLists } from '../words';
import {
  Matcher,
  OpenAiEmbeddings,
  type EmbeddingProvider,
  type MatchDocument,
  type MatchOptions,
  type MatchResponse,
  type SynonymGroup,
  type TextKind,
} from './matcher';

export interface KnowledgeServiceDeps {
  config: Config;
  logger: Logger;
  /** More for the matcher to find besides articles, e.g. diagnostic flows (`kind: 'flow'`). */
  extraDocuments?: readonly MatchDocument[];
  /** The content's word lists (content/words: stop words); the shipped ones when absent. */
  words?: WordLists;
  /** CONTENT_DIR/synonyms, from the content loader. */
  synonyms: readonly SynonymGroup[];
  /**
   * Reads articles, taxonomy and organisation (the content loader's reload path, so start-up,
   * reload and `firstline content check` agree). Default: the articles loader on the configured
   * paths.
   */
  loadArticles?: () => LoadedKnowledgeBase;
}

export interface ReloadResult {
  /** False when the new knowledge base had errors and the previous one stays active. */
  reloaded: boolean;
  articles: number;
  errors: KbProblem[];
  warnings: KbProblem[];
}

export interface ArticleLookup {
  article: Article;
  /** The language of the returned version; differs from the requested one on fallback. */
  language: Lang;
  fallback: boolean;
}

interface Snapshot {
  articles: readonly Article[];
  byId: ReadonlyMap<string, ReadonlyMap<Lang, Article>>;
  taxonomy: Taxonomy;
  matcher: Matcher;
}

const WATCH_DEBOUNCE_MS = 300;

/**
 * Owns the loaded articles and the matcher built from them. Everything a request needs lives
 * in one immutable snapshot that reload() replaces in a single assignment, so a request never
 * sees articles from one version and a matcher from another.
 */
export class KnowledgeService {
  private snapshot: Snapshot;
  private watchers: fs.FSWatcher[] = [];
  private debounce: NodeJS.Timeout | undefined;
  private reloading: Promise<ReloadResult> | undefined;

  private embeddingProvider?: EmbeddingProvider;

  private constructor(private readonly deps: KnowledgeServiceDeps) {
    this.snapshot = {
      articles: [],
      byId: new Map(),
      taxonomy: EMPTY_TAXONOMY,
      matcher: this.buildMatcher([]),
    };
  }

  /** Loads the knowledge base. Broken articles are left out and logged; start-up goes on. */
  static create(deps: KnowledgeServiceDeps): KnowledgeService {
    const service = new KnowledgeService(deps);
    const loaded = service.load();
    service.snapshot = loaded.snapshot;
    service.logProblems(loaded.problems);
    deps.logger.info({ articles: loaded.snapshot.articles.length }, 'knowledge base loaded');
    return service;
  }

  match(text: string, options: MatchOptions = {}): MatchResponse {
    return this.snapshot.matcher.match(text, options);
  }

  matchHybrid(text: string, options: MatchOptions = {}): Promise<MatchResponse> {
    return this.snapshot.matcher.matchHybrid(text, options);
  }

  /** The article in `language`, else in the default language, English or any other one. */
  getArticle(id: string, language: Lang): ArticleLookup | undefined {
    const versions = this.snapshot.byId.get(id);
    if (!versions) return undefined;
    const order = [language, this.deps.config.defaultLanguage, 'en' as const, ...LANGUAGES];
    for (const lang of order) {
      const article = versions.get(lang);
      if (article) return { article, language: lang, fallback: lang !== language };
    }
    return undefined;
  }

  articles(): readonly Article[] {
    return this.snapshot.articles;
  }

  /** Confidence from which a result is worth a "did you mean?" (MATCH_CLARIFY_THRESHOLD). */
  get clarifyThreshold(): number {
    return this.snapshot.matcher.clarifyThreshold;
  }

  /** The language the matcher reads a message in (its detector knows the KB's vocabulary); ranks nothing. */
  detectLanguage(text: string, fallback: Lang): Lang {
    return this.snapshot.matcher.detectLanguage(text, fallback);
  }

  /** Whether a message asks for something or reports a fault, as the current matcher reads it. */
  textKind(text: string, language: Lang): TextKind {
    return this.snapshot.matcher.textKind(text, language);
  }

  topicLabel(topic: string, language: Lang): string {
    return topicLabel(this.snapshot.taxonomy, topic, language);
  }

  /**
   * Reads the knowledge base again and swaps it in, unless it has errors: then the running
   * version stays and the errors are returned and logged. Translation gaps do not block.
   */
  reload(): Promise<ReloadResult> {
    // Reloads run one at a time; a burst of file events shares the running one.
    this.reloading ??= Promise.resolve()
      .then(() => this.reloadNow())
      .finally(() => {
        this.reloading = undefined;
      });
    return this.reloading;
  }

  /** Reloads on file changes when KB_WATCH is on. Returns whether it is watching. */
  watch(): boolean {
    const { knowledge, contentDir } = this.deps.config;
    if (!knowledge.watch || this.watchers.length > 0) return this.watchers.length > 0;
    const onChange = (): void => this.scheduleReload();
    try {
      this.watchers.push(fs.watch(knowledge.kbDir, { recursive: true }, onChange));
      for (const file of [path.join(contentDir, 'taxonomy.yaml'), knowledge.orgConfigFile]) {
        if (fs.existsSync(file)) this.watchers.push(fs.watch(file, onChange));
      }
    } catch (err) {
      this.deps.logger.warn(
        { err, kbDir: knowledge.kbDir },
        'cannot watch the knowledge base; reload manually',
      );
      this.close();
      return false;
    }
    for (const watcher of this.watchers) {
      watcher.on('error', (err) => this.deps.logger.warn({ err }, 'knowledge base watcher failed'));
    }
    this.deps.logger.info({ kbDir: knowledge.kbDir }, 'watching the knowledge base for changes');
    return true;
  }

  close(): void {
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = undefined;
    for (const watcher of this.watchers) watcher.close();
    this.watchers = [];
  }

  private scheduleReload(): void {
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      this.reload().catch((err: unknown) => this.deps.logger.error({ err }, 'knowledge base reload failed'));
    }, WATCH_DEBOUNCE_MS);
    this.debounce.unref();
  }

  private reloadNow(): ReloadResult {
    const { snapshot, problems } = this.load();
    const errors = problems.filter((p) => p.severity === 'error' && !COVERAGE_CODES.has(p.code));
    const warnings = problems.filter((p) => !errors.includes(p));
    if (hasBlockingErrors(problems)) {
      for (const problem of errors)
        this.deps.logger.error({ problem: formatProblem(problem) }, 'knowledge base error');
      this.deps.logger.error(
        { errors: errors.length, articles: this.snapshot.articles.length },
        'knowledge base has errors; keeping the previous version',
      );
      return { reloaded: false, articles: this.snapshot.articles.length, errors, warnings };
    }
    this.snapshot = snapshot;
    this.deps.logger.info(
      { articles: snapshot.articles.length, warnings: warnings.length },
      'knowledge base reloaded',
    );
    return { reloaded: true, articles: snapshot.articles.length, errors: [], warnings };
  }

  private load(): { snapshot: Snapshot; problems: KbProblem[] } {
    const { knowledge, contentDir } = this.deps.config;
    const kb =
      this.deps.loadArticles?.() ??
      loadKnowledgeBase({
        kbDir: knowledge.kbDir,
        taxonomyFile: path.join(contentDir, 'taxonomy.yaml'),
        orgFile: knowledge.orgConfigFile,
      });
    const byId = new Map<string, Map<Lang, Article>>();
    for (const article of kb.articles) {
      const versions = byId.get(article.id) ?? new Map<Lang, Article>();
      versions.set(article.language, article);
      byId.set(article.id, versions);
    }
    const matcher = this.buildMatcher(kb.articles);
    return {
      snapshot: { articles: kb.articles, byId, taxonomy: kb.taxonomy, matcher },
      problems: kb.problems,
    };
  }

  private buildMatcher(articles: readonly Article[]): Matcher {
    const { answerThreshold, clarifyThreshold } = this.deps.config.knowledge;
    const documents = [...articles.map(toMatchDocument), ...(this.deps.extraDocuments ?? [])];
    return Matcher.build(documents, {
      answerThreshold,
      clarifyThreshold,
      embeddings: this.embeddings(),
      words: this.deps.words,
      logger: this.deps.logger.child({ module: 'matcher' }),
      synonyms: this.deps.synonyms,
    });
  }

  /** Hybrid ranking is on only when an embedding model and an OpenAI-compatible key are configured. */
  private embeddings(): EmbeddingProvider | undefined {
    const { apiKey, baseUrl, embeddingModel } = this.deps.config.llm;
    if (!embeddingModel || !apiKey) return undefined;
    this.embeddingProvider ??= new OpenAiEmbeddings({ apiKey, baseURL: baseUrl, model: embeddingModel });
    return this.embeddingProvider;
  }

  private logProblems(problems: KbProblem[]): void {
    const blocking = problems.filter((p) => p.severity === 'error' && !COVERAGE_CODES.has(p.code));
    for (const problem of blocking)
      this.deps.logger.error({ problem: formatProblem(problem) }, 'knowledge base error');
    const gaps = problems.filter((p) => COVERAGE_CODES.has(p.code)).length;
    if (gaps > 0)
      this.deps.logger.warn({ gaps }, 'knowledge base has missing translations; run `firstline kb check`');
  }
}
