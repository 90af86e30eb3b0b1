import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import restify, { type Server } from 'restify';
import { KnowledgeService, registerKnowledgeRoutes } from '../../../../src/knowledge';
import { silentLogger } from '../../../../src/logging';
import { ADMIN_TOKEN, BROKEN_ARTICLE, copyGoodKb, testConfig } from './kb-test-env';
import { shippedContent } from '../../../helpers/shipped-content';

let dir: string;
let server: Server | undefined;
let knowledge: KnowledgeService | undefined;

async function start(env: Record<string, string>): Promise<string> {
  const config = testConfig(dir, env);
  knowledge = KnowledgeService.create({
    synonyms: shippedContent().synonyms,
    config,
    logger: silentLogger(),
  });
  server = restify.createServer();
  server.use(restify.plugins.bodyParser());
  registerKnowledgeRoutes(server, { knowledge, config, logger: silentLogger() });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeEach(() => {
  dir = copyGoodKb();
});
afterEach(async () => {
  if (server) await new Promise<void>((resolve) => server?.close(() => resolve()));
  server = undefined;
  knowledge?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('POST /api/admin/kb/reload', () => {
  it('rejects requests without the admin token with a JSON 401', async () => {
    const base = await start({ ADMIN_TOKEN });
    const none = await fetch(`${base}/api/admin/kb/reload`, { method: 'POST' });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(await none.json()).toEqual({
      error: { code: 'Unauthorized', message: expect.stringContaining('Bearer') },
    });

    const wrong = await fetch(`${base}/api/admin/kb/reload`, {
      method: 'POST',
      headers: bearer(`${ADMIN_TOKEN}x`),
    });
    expect(wrong.status).toBe(401);
    const basic = await fetch(`${base}/api/admin/kb/reload`, {
      method: 'POST',
      headers: { authorization: `Basic ${ADMIN_TOKEN}` },
    });
    expect(basic.status).toBe(401);
  });

  it('reloads with the right token', async () => {
    const base = await start({ ADMIN_TOKEN });
    const file = path.join(dir, 'kb/printer/printer-offline.en.md');
    fs.writeFileSync(
      file,
      fs.readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: Printer is offline again'),
    );
    const res = await fetch(`${base}/api/admin/kb/reload`, { method: 'POST', headers: bearer(ADMIN_TOKEN) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ reloaded: true, articles: 8, warnings: 0 });
    expect(knowledge?.getArticle('printer-offline', 'en')?.article.title).toBe('Printer is offline again');
  });

  it('answers 409 with the problems and keeps the old KB when the new one is broken', async () => {
    const base = await start({ ADMIN_TOKEN });
    fs.writeFileSync(path.join(dir, 'kb/printer/broken-placeholder.en.md'), BROKEN_ARTICLE);
    const res = await fetch(`${base}/api/admin/kb/reload`, { method: 'POST', headers: bearer(ADMIN_TOKEN) });
    expect(res.status).toBe(409);
    const body = (await res.json()) as {
      error: { code: string };
      errors: { code: string; line: number; text: string }[];
    };
    expect(body.error.code).toBe('Conflict');
    expect(body.errors).toEqual([expect.objectContaining({ code: 'unknown-placeholder', line: 15 })]);
    expect(knowledge?.articles()).toHaveLength(8);
  });

  it('is disabled with 403 when no ADMIN_TOKEN is configured', async () => {
    const base = await start({});
    const res = await fetch(`${base}/api/admin/kb/reload`, { method: 'POST', headers: bearer(ADMIN_TOKEN) });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: { code: 'Forbidden', message: expect.stringContaining('ADMIN_TOKEN') },
    });
  });
});

describe('GET /api/match', () => {
  it('is 404 unless MATCH_API_ENABLED', async () => {
    const base = await start({ ADMIN_TOKEN, MATCH_API_ENABLED: 'false' });
    const res = await fetch(`${base}/api/match?q=wifi`, { headers: bearer(ADMIN_TOKEN) });
    expect(res.status).toBe(404);
  });

  it('needs the admin token and returns the match JSON', async () => {
    const base = await start({ ADMIN_TOKEN, MATCH_API_ENABLED: 'true' });
    expect((await fetch(`${base}/api/match?q=wifi`)).status).toBe(401);

    const res = await fetch(`${base}/api/match?q=${encodeURIComponent('drucker zeigt offline')}&lang=de`, {
      headers: bearer(ADMIN_TOKEN),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { language: string; results: Record<string, unknown>[] };
    expect(body.language).toBe('de');
    expect(body.results[0]).toEqual({
      kind: 'article',
      id: 'printer-offline',
      topic: 'printer',
      title: 'Drucker ist offline',
      language: 'de',
      score: expect.any(Number),
      confidence: expect.any(Number),
    });
  });

  it('rejects a missing question or an unknown language', async () => {
    const base = await start({ ADMIN_TOKEN, MATCH_API_ENABLED: 'true' });
    expect((await fetch(`${base}/api/match`, { headers: bearer(ADMIN_TOKEN) })).status).toBe(400);
    const res = await fetch(`${base}/api/match?q=wifi&lang=fr`, { headers: bearer(ADMIN_TOKEN) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('BadArgument');
  });
});
