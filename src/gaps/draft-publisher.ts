import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors';
import { parseArticle } from '../knowledge';
import type { Logger } from '../logging';
import type { ArticleDraft, ArticleDraftStore } from './draft-store';

/** What publishing needs of the knowledge base (src/knowledge's KnowledgeService). */
export interface PublishTarget {
  /** CONTENT_DIR's kb folder (KB_DIR). */
  kbDir: string;
  topics: () => readonly string[];
  articleExists: (id: string) => boolean;
  /** Reloads the articles; `reloaded` false leaves the previous knowledge base serving. */
  reload: () => Promise<{ reloaded: boolean; errors: { file: string; message: string }[] }>;
}

/**
 * Publishes a draft into the knowledge base: each file must pass the article schema (the
 * parser `firstline kb check` uses), its topic must be in the taxonomy and its id new; then the
 * files are written to `<kbDir>/<topic>/<id>.<lang>.md` and the knowledge base reloads. When the
 * reload refuses the result, the files are taken out again and the lead gets the reasons.
 */
export class DraftPublisher {
  constructor(
    private readonly drafts: ArticleDraftStore,
    private readonly target: PublishTarget,
    private readonly logger: Logger,
  ) {}

  async publish(id: string, version: number, by: string): Promise<{ draft: ArticleDraft; files: string[] }> {
    const draft = await this.drafts.get(id);
    if (!draft) throw new AppError('NotFound', 'No such draft.');
    if (draft.status === 'published') throw new AppError('Conflict', 'This draft was published already.');
    if (draft.version !== version)
      throw new AppError('Conflict', 'The draft changed since it was loaded; reload it and publish again.');
    const planned = this.check(draft);
    const written: string[] = [];
    try {
      for (const file of planned) {
        fs.mkdirSync(path.dirname(file.target), { recursive: true });
        // 'wx': never overwrite an article that appeared since the check.
        fs.writeFileSync(file.target, file.content, { encoding: 'utf8', flag: 'wx' });
        written.push(file.target);
      }
    } catch (err) {
      this.remove(written);
      throw new AppError('Conflict', 'An article file with this name exists already.', { cause: err });
    }
    const reloaded = await this.target.reload();
    if (!reloaded.reloaded) {
      this.remove(written);
      await this.target.reload();
      const reasons = reloaded.errors.slice(0, 5).map((e) => `${path.basename(e.file)}: ${e.message}`);
      throw new AppError('BadArgument', `The knowledge base refused the article: ${reasons.join('; ')}`);
    }
    const published = await this.drafts.markPublished(id, version, by);
    this.logger.info({ draftId: id, files: written.length }, 'article draft published');
    return { draft: published, files: planned.map((f) => path.relative(this.target.kbDir, f.target)) };
  }

  /** What the article checks say of each file now (errors and warnings), for the review page. */
  problems(draft: ArticleDraft): string[] {
    const topics = new Set(this.target.topics());
    return draft.files.flatMap((file) => {
      const name = path.basename(file.path);
      const parsed = parseArticle(name, file.content, {});
      const found = parsed.problems.map((p) => `${name} line ${p.line}: ${p.severity}: ${p.message}`);
      if (parsed.article && !topics.has(parsed.article.topic))
        found.push(`${name}: error: topic "${parsed.article.topic}" is not in the taxonomy`);
      return found;
    });
  }

  private check(draft: ArticleDraft): { target: string; content: string }[] {
    const topics = new Set(this.target.topics());
    const problems: string[] = [];
    const planned: { target: string; content: string }[] = [];
    const ids = new Set<string>();
    for (const file of draft.files) {
      const name = path.basename(file.path);
      const parsed = parseArticle(name, file.content, {});
      for (const p of parsed.problems.filter((p) => p.severity === 'error'))
        problems.push(`${name} line ${p.line}: ${p.message}`);
      const article = parsed.article;
      if (!article) continue;
      if (!topics.has(article.topic))
        problems.push(`${name}: topic "${article.topic}" is not in the taxonomy`);
      if (this.target.articleExists(article.id))
        problems.push(`${name}: an article "${article.id}" exists already; choose another id`);
      ids.add(article.id);
      const target = path.join(this.target.kbDir, article.topic, `${article.id}.${article.language}.md`);
      if (planned.some((f) => f.target === target))
        problems.push(`${name}: a second ${article.language} version`);
      planned.push({
        target,
        content: file.content,
      });
    }
    if (ids.size > 1)
      problems.push(`the files name different articles (${[...ids].join(', ')}); one id for all`);
    if (problems.length > 0)
      throw new AppError(
        'BadArgument',
        `The draft is not a valid article yet: ${problems.slice(0, 8).join('; ')}`,
      );
    return planned;
  }

  private remove(files: readonly string[]): void {
    for (const file of files) fs.rmSync(file, { force: true });
  }
}
