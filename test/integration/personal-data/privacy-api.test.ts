import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pseudonymousUserId } from '../../../src/audit';
import { SQLITE_FILE_NAME } from '../../../src/storage/embedded/sqlite-backend';
import { dumpSqlite } from '../../helpers/each-backend';
import { FakeConnector, connectorActivity } from '../../helpers/fake-connector';
import { webChatUser } from './web-chat-user';
import { startApp, type RunningApp } from '../../helpers/in-process-app';

const ADMIN_TOKEN = 'admin-token-for-privacy-tests-0123456789';

const ALWAYS_OPEN = `timeZone: UTC
queues: { printer: { skills: [workplace] } }
hours: { mon: ["00:00-24:00"], tue: ["00:00-24:00"], wed: ["00:00-24:00"], thu: ["00:00-24:00"], fri: ["00:00-24:00"], sat: ["00:00-24:00"], sun: ["00:00-24:00"] }
`;

describe('privacy requests through the admin API', () => {
  let running: RunningApp;
  let leadToken: string;
  let technicianToken: string;
  const connector = new FakeConnector();
  let serviceUrl: string;

  beforeAll(async () => {
    serviceUrl = await connector.start();
    // Always open, so the test does not depend on the day it runs.
    const support = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-support-')), 'support.yaml');
    fs.writeFileSync(support, ALWAYS_OPEN);
    running = await startApp({ ADMIN_TOKEN, SUPPORT_CONFIG_FILE: support });
    const directory = running.app.handoff!.technicians;
    leadToken = (await directory.create({ name: 'Lea Lead', role: 'lead', skills: [], languages: ['en'] }))
      .token;
    technicianToken = (
      await directory.create({ name: 'Tom Tech', role: 'technician', skills: [], languages: ['en'] })
    ).token;
  });
  afterAll(async () => {
    await running.stop();
    await connector.stop();
  });

  const post = (path: string, body: unknown, token?: string) =>
    fetch(`${running.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    }).then(async (res) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> }));

  it('answers 401 without credentials, 403 to a technician, 400 to a bad body', async () => {
    for (const path of ['/api/admin/privacy/export', '/api/admin/privacy/delete']) {
      expect((await post(path, { userId: 'dl_x' })).status).toBe(401);
      expect((await post(path, { userId: 'dl_x' }, 'not-a-token')).status).toBe(401);
      expect((await post(path, { userId: 'dl_x' }, technicianToken)).status).toBe(403);
      expect((await post(path, { user: 'dl_x' }, leadToken)).status).toBe(400);
      expect((await post(path, { userId: '' }, ADMIN_TOKEN)).status).toBe(400);
    }
  });

  it("exports a web chat user's conversation to a lead, and ADMIN_TOKEN deletes it", async () => {
    const secretWords = 'my docking station flickers since the Zyxwv update';
    const user = await webChatUser(running.url, secretWords);
    const other = await webChatUser(running.url, 'the printer on floor 2 is jammed');
    expect(user.userId).not.toBe('');

    const exported = await post('/api/admin/privacy/export', { userId: user.userId }, leadToken);
    expect(exported.status).toBe(200);
    const text = JSON.stringify(exported.body);
    expect(text).toContain(secretWords);
    expect(text).not.toContain(other.userId);
    expect(exported.body).toMatchObject({
      subject: { id: user.userId, conversationIds: [user.conversationId] },
    });

    const erased = await post('/api/admin/privacy/delete', { userId: user.userId }, ADMIN_TOKEN);
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ found: true });

    const dump = await dumpSqlite(path.join(running.dataDir, SQLITE_FILE_NAME));
    const left = Object.entries(dump).flatMap(([table, text]) =>
      [user.userId, secretWords].filter((trace) => text.includes(trace)).map((trace) => `${table}: ${trace}`),
    );
    expect(left).toEqual([]);
    expect(JSON.stringify(dump)).toContain(other.userId);

    const again = await post('/api/admin/privacy/export', { userId: user.userId }, ADMIN_TOKEN);
    expect(JSON.stringify(again.body)).not.toContain(secretWords);
    const storage = running.app.storage;
    expect(await storage.transcripts.list(user.conversationId)).toEqual([]);
    expect(await storage.directLine.getConversation(user.conversationId)).toBeUndefined();
    expect((await storage.transcripts.list(other.conversationId)).length).toBeGreaterThan(0);
    // The erased conversation's token now leads nowhere: a clear 4xx, not a 500.
    const status = await user.say('are you still there?');
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);

    const audited = await running.app.handoff!.audit.query({
      subjectId: pseudonymousUserId(user.userId),
      limit: 10,
    });
    expect(audited.map((e) => [e.action, e.actorKind, e.actorName])).toEqual([
      ['privacy.export', 'admin-token', undefined],
      ['privacy.delete', 'admin-token', undefined],
      ['privacy.export', 'technician', 'Lea Lead'],
    ]);
  });

  it('finds a Teams user by their Entra object id and erases them from every table; the ticket stays', async () => {
    const teamsUser = {
      id: '29:privacy-teams-user-4f1e',
      name: 'Zofia Grabowska-Lindqvist',
      aadObjectId: '7b0e3c55-2f8a-4d19-9c61-5e2d7a4b9f03',
    };
    const conversation = { id: 'a:privacy-teams-chat', conversationType: 'personal', tenantId: 'tenant-1' };
    const words = ['my Quokkabook keyboard types double letters', 'I need to speak to a technician'];
    // The connector call returns once the turn is over, so every reply of that turn has arrived.
    const say = async (text: string, value?: Record<string, unknown>) => {
      const before = connector.messages(conversation.id).length;
      const activity = connectorActivity(serviceUrl, { conversation, text, from: teamsUser, value });
      const posted = await fetch(`${running.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
      expect(posted.status).toBe(200);
      return (await connector.waitForMessages(before + 1, conversation.id)).slice(before);
    };
    await say(words[0]!);
    // The knowledge base knows keyboards, so the bot checks the queue it guessed before queuing.
    const question = await say(words[1]!);
    expect(JSON.stringify(question.map((r) => r.activity))).toContain('is it about **Keyboard and mouse**');
    await say('Yes', { firstlineChoice: 'handoff-topic-yes', firstlineLabel: 'Yes' });
    const [ticket] = (await running.app.handoff!.tickets.list()).filter(
      (t) => t.conversationId === conversation.id,
    );
    expect(ticket?.user.name).toBe(teamsUser.name);
    expect(ticket?.category).toBe('hardware');

    const erased = await post('/api/admin/privacy/delete', { userId: teamsUser.aadObjectId }, leadToken);
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ found: true, counts: { tickets: 1, handoffs: 1 } });

    const dump = await dumpSqlite(path.join(running.dataDir, SQLITE_FILE_NAME));
    const traces = [
      teamsUser.id,
      teamsUser.aadObjectId,
      teamsUser.name,
      'Zofia',
      'Grabowska',
      ...words.slice(0, 1),
    ];
    const left = Object.entries(dump).flatMap(([table, text]) =>
      traces.filter((trace) => text.includes(trace)).map((trace) => `${table}: ${trace}`),
    );
    expect(left).toEqual([]);
    const kept = await running.app.handoff!.tickets.get(ticket!.id);
    expect(kept?.user.id).toMatch(/^erased-/);
    expect(kept?.number).toBe(ticket?.number);
  });

  it('describes both operations in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${running.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>;
    };
    expect(doc.paths['/api/admin/privacy/export']?.post?.operationId).toBe('privacyExport');
    expect(Object.keys(doc.paths['/api/admin/privacy/delete']?.post?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '400', '401', '403']),
    );
  });
});
