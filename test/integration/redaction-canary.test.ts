import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logging';
import { createRedactor, expectNoCanary, redactingLogMethod } from '../../src/privacy';
import { FakeConnector, connectorActivity } from '../helpers/fake-connector';
import { startApp, type RunningApp } from '../helpers/in-process-app';
import { shippedPrivacy } from '../helpers/shipped-content';

const CANARY = 'Zq7!canary-Pw-4821';

interface Started {
  conversationId: string;
  token: string;
}

/** Every byte FirstLine wrote to its data directory (SQLite file, WAL, anything else). */
function dataDirBytes(dir: string): string {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => fs.readFileSync(path.join(entry.parentPath, entry.name)).toString('latin1'))
    .join('\n');
}

describe('a password typed by a user', () => {
  let running: RunningApp;
  const logLines: string[] = [];
  const connector = new FakeConnector();
  let serviceUrl: string;

  beforeAll(async () => {
    serviceUrl = await connector.start();
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger({
      level: 'trace',
      destination: sink,
      logMethod: redactingLogMethod(createRedactor(shippedPrivacy())),
    });
    running = await startApp({}, logger);
  });
  afterAll(async () => {
    await running.stop();
    await connector.stop();
  });

  it('is removed before the web chat stores or echoes it, and the user is told', async () => {
    const started = (await (
      await fetch(`${running.url}/v3/directline/conversations`, { method: 'POST' })
    ).json()) as Started;
    const activities = `${running.url}/v3/directline/conversations/${started.conversationId}/activities`;
    const headers = { authorization: `Bearer ${started.token}`, 'content-type': 'application/json' };
    const posted = await fetch(activities, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        type: 'message',
        text: `I can't log in, my password is ${CANARY}`,
        from: { id: 'x' },
      }),
    });
    expect(posted.status).toBe(200);
    const postedBody = await posted.text();
    const listed = await (await fetch(`${activities}?watermark=0`, { headers })).json();
    const texts = (listed as { activities: { from: { role?: string }; text?: string }[] }).activities;
    expect(texts.some((a) => a.text?.includes('[password removed]') || a.text?.match(/removed/i))).toBe(true);
    expect(
      texts.some((a) => a.from.role === 'bot' && /change (it|that|this|your) password/i.test(a.text ?? '')),
    ).toBe(true);
    expectNoCanary(postedBody, CANARY);
    expectNoCanary(listed, CANARY);
    expectNoCanary(await running.app.storage.transcripts.list(started.conversationId), CANARY);
  });

  it('is removed on the Teams channel too', async () => {
    const activity = connectorActivity(serviceUrl, {
      conversation: { id: 'teams-canary' },
      text: `Passwort: ${CANARY}`,
      locale: 'de-DE',
    });
    const res = await fetch(`${running.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    expect(res.status).toBe(200);
    const replies = await connector.waitForMessages(2, 'teams-canary');
    expectNoCanary(replies, CANARY);
    expectNoCanary(await running.app.storage.transcripts.list('teams-canary'), CANARY);
  });

  it('is found in no store and no log line afterwards', async () => {
    await running.stop();
    expectNoCanary(dataDirBytes(running.dataDir), CANARY);
    expect(logLines.length).toBeGreaterThan(0);
    expectNoCanary(logLines.join('\n'), CANARY);
  });
});
