import { toRestifyPath } from '../../../src/console/api/route-registry';
import { createHttpServer } from '../../../src/server';
import { silentLogger } from '../../../src/logging';
import { startConsoleHarness, type ConsoleHarness } from './console-harness';

type Doc = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, { operationId: string; requestBody?: unknown; responses: unknown }>>;
};

const REQUIRED = [
  'listQueue',
  'claimHandoff',
  'sendTechnicianMessage',
  'handBackToBot',
  'resolveHandoff',
  'getTicket',
  'listTickets',
  'updateTicket',
  'replyToTicket',
  'getTicketHistory',
  'mergeTicket',
  'linkTicket',
  'getHandoff',
  'addNote',
  'sendTyping',
  'transferHandoff',
  'listCannedReplies',
  'sendArticle',
  'searchArticles',
  'setAvailability',
  'setNotificationPreferences',
  'setMyEmail',
  'me',
  'listTechnicians',
  'createTechnician',
  'setTechnicianStatus',
  'endTechnicianSessions',
  'listAuditEntries',
];

describe('console OpenAPI document', () => {
  let h: ConsoleHarness;
  let doc: Doc;
  beforeAll(async () => {
    h = await startConsoleHarness();
    const res = await fetch(`${h.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    doc = JSON.parse(await res.text()) as Doc;
  });
  afterAll(() => h.stop());

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ path, method, ...op })),
    );

  it('is OpenAPI 3.1 with unique operationIds, including every console action', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toMatch(/console/);
    const ids = operations().map((op) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(REQUIRED));
    for (const op of operations()) {
      expect(['get', 'post', 'put', 'patch', 'delete']).toContain(op.method);
      expect(op.responses).toBeDefined();
    }
  });

  it('describes request bodies as JSON Schema from the zod schemas', () => {
    const send = doc.paths['/api/console/handoffs/{handoffId}/messages']?.post;
    expect(send?.requestBody).toMatchObject({
      content: {
        'application/json': {
          schema: {
            type: 'object',
            required: ['text'],
            properties: { text: { type: 'string', maxLength: 4000 } },
          },
        },
      },
    });
    const create = doc.paths['/api/console/technicians']?.post;
    expect(JSON.stringify(create?.requestBody)).toContain('"enum":["technician","lead","admin"]');
  });

  it('lists exactly the /api/console routes the server registers', () => {
    const server = createHttpServer({ bodyLimitBytes: 1024, logger: silentLogger() });
    h.console.register(server);
    const registered = Object.values(server.router.getRoutes())
      .map((route) => `${route.method} ${String(route.path)}`)
      .filter((key) => key.includes(' /api/console/'))
      .sort();
    const documented = operations()
      .map((op) => `${op.method.toUpperCase()} ${toRestifyPath(op.path)}`)
      .sort();
    expect(registered).toEqual(documented);
    server.close();
  });
});
