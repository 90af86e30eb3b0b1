import { randomUUID } from 'node:crypto';
import { AppError } from '../errors';
import type { DocumentCollection, StorageBackend, StoredDocument } from '../storage/ports';

export const ARTICLE_DRAFTS_COLLECTION = 'article-drafts';
/** Files in one draft: the four language versions, with room for a lead's split. */
export const MAX_DRAFT_FILES = 8;
export const MAX_DRAFT_FILE_CHARS = 20_000;
/** `<topic>/<id>.<lang>.md`, relative to the KB folder: nothing else can be written. */
export const DRAFT_PATH = /^[a-z0-9]+([.-][a-z0-9]+)*\/[a-z0-9]+(-[a-z0-9]+)*\.(en|de|pl|ro)\.md$/;

export interface DraftArticleFile {
  path: string;
  content: string;
}

/** A knowledge article waiting for a lead: from a gap's questions, or from a resolved ticket. */
export interface ArticleDraft extends StoredDocument {
  origin: 'gap' | 'ticket';
  /** The gap it was drafted from (origin 'gap'). */
  gapId?: string;
  /** The ticket's conversation (origin 'ticket'). */
  conversationId?: string;
  title: string;
  files: DraftArticleFile[];
  status: 'draft' | 'published';
  /** True when a language model wrote or improved it. */
  byModel: boolean;
  createdBy?: string;
  createdAt: string;
  updatedAt: string;
  publishedAt?: string;
  publishedBy?: string;
}

export type NewDraft = Pick<
  ArticleDraft,
  'origin' | 'gapId' | 'conversationId' | 'files' | 'byModel' | 'createdBy'
>;

/** Drafts on SQLite or MongoDB, every text redacted before it is stored; kept for the retention period. */
export class ArticleDraftStore {
  private readonly drafts: DocumentCollection<ArticleDraft>;

  constructor(
    storage: Pick<StorageBackend, 'collection'>,
    private readonly redact: (text: string) => string,
    private readonly clock: () => Date,
  ) {
    this.drafts = storage.collection<ArticleDraft>(ARTICLE_DRAFTS_COLLECTION);
  }

  async create(draft: NewDraft): Promise<ArticleDraft> {
    const now = this.clock().toISOString();
    const files = this.clean(draft.files);
    return this.drafts.insert({
      id: `draft-${randomUUID()}`,
      ...stripUndefined(draft),
      files,
      title: titleOf(files),
      status: 'draft',
      createdAt: now,
      updatedAt: now,
    });
  }

  get(id: string): Promise<ArticleDraft | undefined> {
    return this.drafts.get(id);
  }

  /** Newest first; published ones stay listed (with their date) until their retention ends. */
  async list(): Promise<ArticleDraft[]> {
    return this.drafts.find({ orderBy: [{ field: 'updatedAt', direction: 'desc' }], limit: 500 });
  }

  /** A lead's edit; only a draft not yet published, and only from the version the lead saw. */
  async update(id: string, version: number, files: DraftArticleFile[]): Promise<ArticleDraft> {
    const clean = this.clean(files);
    const updated = await this.drafts.update(
      id,
      { version, status: 'draft' },
      { files: clean, title: titleOf(clean), updatedAt: this.clock().toISOString() },
    );
    if (!updated) throw await this.conflict(id);
    return updated;
  }

  /** Marks it published, once: a second publisher gets a conflict. */
  async markPublished(id: string, version: number, by: string): Promise<ArticleDraft> {
    const now = this.clock().toISOString();
    const updated = await this.drafts.update(
      id,
      { version, status: 'draft' },
      { status: 'published', publishedAt: now, publishedBy: by, updatedAt: now },
    );
    if (!updated) throw await this.conflict(id);
    return updated;
  }

  async discard(id: string): Promise<boolean> {
    return this.drafts.delete(id);
  }

  private async conflict(id: string): Promise<AppError> {
    const current = await this.drafts.get(id);
    if (!current) return new AppError('NotFound', 'No such draft.');
    if (current.status === 'published') return new AppError('Conflict', 'This draft was published already.');
    return new AppError('Conflict', 'The draft changed since it was loaded; reload it and edit again.');
  }

  private clean(files: readonly DraftArticleFile[]): DraftArticleFile[] {
    if (files.length === 0 || files.length > MAX_DRAFT_FILES)
      throw new AppError('BadArgument', `A draft has 1 to ${MAX_DRAFT_FILES} files.`);
    const paths = new Set<string>();
    return files.map((file) => {
      const path = file.path.replace(/^content\/kb\//, '');
      if (!DRAFT_PATH.test(path))
        throw new AppError(
          'BadArgument',
          `Invalid file path "${path.slice(0, 100)}": <topic>/<id>.<en|de|pl|ro>.md`,
        );
      if (paths.has(path)) throw new AppError('BadArgument', `"${path}" is listed twice.`);
      paths.add(path);
      if (file.content.length > MAX_DRAFT_FILE_CHARS)
        throw new AppError('BadArgument', `"${path}" is longer than ${MAX_DRAFT_FILE_CHARS} characters.`);
      return { path, content: this.redact(file.content) };
    });
  }
}

/** The English version's title (or the first file's), read from its front matter. */
function titleOf(files: readonly DraftArticleFile[]): string {
  const ordered = [...files].sort(
    (a, b) => Number(b.path.endsWith('.en.md')) - Number(a.path.endsWith('.en.md')),
  );
  for (const file of ordered) {
    const title = /^title:\s*(.+)$/m.exec(file.content)?.[1]?.trim();
    if (title) return title.replace(/^["']|["']$/g, '').slice(0, 200);
  }
  return ordered[0]?.path ?? '';
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
