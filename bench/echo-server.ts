/**
 * The baseline for `npm run bench`: a bare botbuilder echo bot behind the same built-in Direct
 * Line channel and HTTP server as FirstLine, with none of FirstLine's middleware or state.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TurnContext } from 'botbuilder';
import { loadConfig } from '../src/config';
import { silentLogger } from '../src/logging';
import { createHttpServer, InFlightTracker } from '../src/server';
import { createStorage } from '../src/storage';
import { createDirectLineChannel } from '../src/channels/directline';
import { AttachmentService } from '../src/attachments';
import { createRedactor } from '../src/privacy';
import { StorageProbe } from './probe';
import { shippedPrivacy } from '../test/helpers/shipped-content';

async function main(): Promise<void> {
  const dataDir = process.env.DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-echo-'));
  const config = loadConfig({
    ...process.env,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_MESSAGES_PER_MINUTE: '100000',
    RATE_LIMIT_CONVERSATIONS_PER_MINUTE: '100000',
  });
  const logger = silentLogger();
  const probe = new StorageProbe();
  const storage = await createStorage(config, logger, probe.observer);
  const server = createHttpServer({ bodyLimitBytes: config.server.bodyLimitBytes, logger });
  const directLine = createDirectLineChannel({
    config,
    storage,
    logger,
    inFlight: new InFlightTracker(),
    attachments: new AttachmentService({
      store: storage.attachments,
      redactor: createRedactor(shippedPrivacy()),
      maxBytes: config.attachments.maxBytes,
    }),
  });
  probe.register(server);
  directLine.register(server, async (context: TurnContext) => {
    if (context.activity.type === 'message')
      await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
  });
  server.listen(config.server.port, config.server.host, () => {
    const address = server.address();
    process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : ''}\n`);
  });
  process.once('SIGTERM', () => {
    void directLine
      .close()
      .then(() => storage.close())
      .then(() => process.exit(0));
  });
}

void main();
