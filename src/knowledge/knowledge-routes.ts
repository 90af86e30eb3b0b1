import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import type { Config } from '../config';
import { errorBody } from '../errors';
import { isLang } from '../i18n/languages';
import type { Logger } from '../logging';
import { formatProblem } from './articles';
import type { KnowledgeService } from './knowledge-service';
import type { MatchResponse } from './matcher';

export interface KnowledgeRoutesDeps {
  knowledge: KnowledgeService;
  config: Config;
  logger: Logger;
}

const MAX_QUESTION_CHARS = 1000;

/**
 * `POST /api/admin/kb/reload` and, when MATCH_API_ENABLED, `GET /api/match`. Both need the
 * admin token until technician sign-in exists; without ADMIN_TOKEN they are switched off.
 */
export function registerKnowledgeRoutes(server: Server, deps: KnowledgeRoutesDeps): void {
  server.post('/api/admin/kb/reload', async (req: Request, res: Response) => {
    if (!authorise(req, res, deps)) return;
    const result = await deps.knowledge.reload();
    deps.logger.info(
      { reloaded: result.reloaded, articles: result.articles },
      'knowledge reload requested over HTTP',
    );
    const problems = (list: typeof result.errors) => list.map((p) => ({ ...p, text: formatProblem(p) }));
    if (!result.reloaded) {
      res.send(409, {
        ...errorBody('Conflict', 'The knowledge base has errors; the previous version stays active.'),
        errors: problems(result.errors),
      });
      return;
    }
    res.send(200, { reloaded: true, articles: result.articles, warnings: result.warnings.length });
  });

  server.get('/api/match', async (req: Request, res: Response) => {
    if (!deps.config.knowledge.matchApiEnabled) {
      res.send(404, errorBody('NotFound', 'Not found.'));
      return;
    }
    if (!authorise(req, res, deps)) return;
    // Parsed here rather than by queryParser so the route works whatever plugins the server uses.
    const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const q = (params.get('q') ?? '').trim();
    const lang = params.get('lang') ?? undefined;
    if (q === '' || q.length > MAX_QUESTION_CHARS) {
      res.send(
        400,
        errorBody('BadArgument', `Give the question in "q" (1-${MAX_QUESTION_CHARS} characters).`),
      );
      return;
    }
    if (lang !== undefined && !isLang(lang)) {
      res.send(400, errorBody('BadArgument', '"lang" must be one of en, de, pl, ro.'));
      return;
    }
    res.send(200, toMatchJson(deps.knowledge.match(q, { language: lang ?? deps.config.defaultLanguage })));
  });
}

/** The same shape as `firstline match --json`, so scripts work against either. */
export function toMatchJson(response: MatchResponse): unknown {
  return {
    language: response.language,
    decision: response.decision,
    crossLingual: response.crossLingual,
    results: response.results.map((r) => ({
      kind: r.kind,
      id: r.id,
      topic: r.topic,
      title: r.title,
      language: r.language,
      score: r.score,
      confidence: r.confidence,
    })),
  };
}

function authorise(req: Request, res: Response, deps: KnowledgeRoutesDeps): boolean {
  const expected = deps.config.adminToken;
  if (!expected) {
    res.send(403, errorBody('Forbidden', 'Admin endpoints are disabled: set ADMIN_TOKEN to enable them.'));
    return false;
  }
  const header = req.header('authorization') ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match || !sameSecret(match[1] ?? '', expected)) {
    deps.logger.warn({ path: req.path() }, 'admin request with a missing or wrong token');
    res.header('WWW-Authenticate', 'Bearer');
    res.send(401, errorBody('Unauthorized', 'Send "Authorization: Bearer <ADMIN_TOKEN>".'));
    return false;
  }
  return true;
}

/** Compares digests so neither content nor length of the token leaks through timing. */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
