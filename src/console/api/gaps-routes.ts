import { z } from 'zod';
import { AppError } from '../../errors';
import type { ArticleDraft, DraftArticleFile, GapDetail, GapQuery, GapReport } from '../../gaps';
import { isLang } from '../../i18n';
import { MAX_RANGE_DAYS } from '../../insights';
import { defineRoute, type ConsoleRoute } from './route-registry';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Knowledge gaps and the article drafts leads review (src/gaps). */
export interface ConsoleGaps {
  list(query: GapQuery): Promise<GapReport>;
  get(query: GapQuery, id: string): Promise<GapDetail | undefined>;
  draftFromGap(gap: GapDetail, by: string): Promise<ArticleDraft>;
  drafts: {
    list(): Promise<ArticleDraft[]>;
    get(id: string): Promise<ArticleDraft | undefined>;
    update(id: string, version: number, files: DraftArticleFile[]): Promise<ArticleDraft>;
    discard(id: string): Promise<boolean>;
  };
  publish(id: string, version: number, by: string): Promise<{ draft: ArticleDraft; files: string[] }>;
  problems(draft: ArticleDraft): string[];
}

const rangeQuery = {
  from: { description: 'Questions asked at or after this ISO 8601 date or time', required: true },
  to: { description: 'Questions asked before this ISO 8601 date or time', required: true },
  language: { description: 'Only questions in this language (en, de, pl, ro)' },
};

const fileSchema = z
  .object({ path: z.string().trim().min(1).max(200), content: z.string().min(1).max(20_000) })
  .strict();
const DRAFT_FILE_EXAMPLE = {
  path: 'teams.app/gap-phone-dial-tone.en.md',
  content: '---\nid: gap-phone-dial-tone\ntitle: Desk phone has no dial tone\n...\n---\n...',
};

/** Knowledge gaps (leads and admins) and the review of article drafts: edit, publish, discard. */
export function gapsRoutes(gaps: ConsoleGaps): ConsoleRoute[] {
  const draftOf = async (id: string) => {
    const draft = await gaps.drafts.get(id);
    if (!draft) throw new AppError('NotFound', 'No such draft.');
    return draft;
  };
  return [
    defineRoute({
      operationId: 'listKnowledgeGaps',
      method: 'get',
      path: '/api/console/knowledge-gaps',
      tag: 'insights',
      summary:
        'Unanswered and escalated questions asked in [from, to) (redacted), clustered across en, de, pl and ro, ' +
        'ranked by volume and then by trend against the period of the same length before; each gap with example ' +
        `questions, languages and the technicians' resolution notes. At most ${MAX_RANGE_DAYS} days.`,
      minRole: 'lead',
      query: rangeQuery,
      responds:
        '`{ "from", "to", "questions", "truncated", "embeddings", "gaps": [{ "id", "cases", "previousCases", "trend", ' +
        '"unanswered", "escalated", "terms", "languages": [{ "language", "cases" }], "examples": [{ "text", ' +
        '"language" }], "resolutionNotes": [{ "ticketNumber", "note", "at" }] }] }`',
      handler: async ({ query }) => ({ body: await gaps.list(gapQuery(query)) }),
    }),
    defineRoute({
      operationId: 'draftArticleFromGap',
      method: 'post',
      path: '/api/console/knowledge-gaps/{gapId}/draft',
      tag: 'knowledge',
      summary:
        "An article draft from a gap of the period (its questions as examples, the technicians' resolution notes " +
        'as steps), stored for review.',
      minRole: 'lead',
      query: rangeQuery,
      responds:
        'The stored draft: `{ "id", "origin", "gapId", "title", "files": [{ "path", "content" }], ... }`',
      errors: [404],
      handler: async ({ query, params, caller }) => {
        const gap = await gaps.get(gapQuery(query), params.gapId ?? '');
        if (!gap) throw new AppError('NotFound', 'No such gap in this period.');
        return { status: 201, body: await gaps.draftFromGap(gap, caller.technician.id) };
      },
    }),
    defineRoute({
      operationId: 'listArticleDrafts',
      method: 'get',
      path: '/api/console/article-drafts',
      tag: 'knowledge',
      summary: 'Article drafts from knowledge gaps and from resolved tickets, newest first.',
      minRole: 'lead',
      responds: '`{ "drafts": [{ "id", "origin", "title", "status", "byModel", "files", "version", ... }] }`',
      handler: async () => ({ body: { drafts: await gaps.drafts.list() } }),
    }),
    defineRoute({
      operationId: 'getArticleDraft',
      method: 'get',
      path: '/api/console/article-drafts/{draftId}',
      tag: 'knowledge',
      summary:
        'One article draft with its files and what the article checks say of them (errors block publishing).',
      minRole: 'lead',
      responds: 'The draft, with `problems`: ["<file> line <n>: error|warning: <message>"].',
      handler: async ({ params }) => {
        const draft = await draftOf(params.draftId ?? '');
        return { body: { ...draft, problems: gaps.problems(draft) } };
      },
    }),
    defineRoute({
      operationId: 'updateArticleDraft',
      method: 'put',
      path: '/api/console/article-drafts/{draftId}',
      tag: 'knowledge',
      summary: "A lead's edit of a draft's files (redacted on save), from the version they loaded.",
      minRole: 'lead',
      body: z
        .object({ version: z.number().int().positive(), files: z.array(fileSchema).min(1).max(8) })
        .strict(),
      example: { version: 1, files: [DRAFT_FILE_EXAMPLE] },
      responds: 'The updated draft.',
      errors: [409],
      handler: async ({ params, body }) => {
        await draftOf(params.draftId ?? '');
        return { body: await gaps.drafts.update(params.draftId ?? '', body.version, body.files) };
      },
    }),
    defineRoute({
      operationId: 'publishArticleDraft',
      method: 'post',
      path: '/api/console/article-drafts/{draftId}/publish',
      tag: 'knowledge',
      summary:
        "Checks the draft as `firstline kb check` would, writes it into CONTENT_DIR's kb folder and reloads the " +
        'knowledge base; 400 naming every problem when it is not a valid article yet.',
      minRole: 'lead',
      body: z.object({ version: z.number().int().positive() }).strict(),
      example: { version: 1 },
      responds: '`{ "draft", "files": ["<topic>/<id>.<lang>.md"] }`',
      errors: [409],
      handler: async ({ params, body, caller }) => {
        await draftOf(params.draftId ?? '');
        return { body: await gaps.publish(params.draftId ?? '', body.version, caller.technician.id) };
      },
    }),
    defineRoute({
      operationId: 'discardArticleDraft',
      method: 'delete',
      path: '/api/console/article-drafts/{draftId}',
      tag: 'knowledge',
      summary: 'Discards a draft (a published article stays in the knowledge base).',
      minRole: 'lead',
      responds: '`{ "discarded": true }`',
      handler: async ({ params }) => {
        if (!(await gaps.drafts.discard(params.draftId ?? '')))
          throw new AppError('NotFound', 'No such draft.');
        return { body: { discarded: true } };
      },
    }),
  ];
}

function gapQuery(query: Record<string, string>): GapQuery {
  const from = time(query, 'from');
  const to = time(query, 'to');
  if (to.getTime() <= from.getTime()) throw new AppError('BadArgument', '"to" must be after "from".');
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS)
    throw new AppError('BadArgument', `The range covers at most ${MAX_RANGE_DAYS} days.`);
  const language = query.language?.trim();
  if (!language) return { from, to };
  if (!isLang(language)) throw new AppError('BadArgument', 'Invalid "language": one of en, de, pl, ro.');
  return { from, to, language };
}

function time(query: Record<string, string>, name: string): Date {
  const value = query[name];
  if (!value) throw new AppError('BadArgument', `"${name}" is required (an ISO 8601 date or time).`);
  const at = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(value) ? new Date(value) : undefined;
  if (!at || Number.isNaN(at.getTime()))
    throw new AppError('BadArgument', `Invalid "${name}": an ISO 8601 date or time.`);
  return at;
}
