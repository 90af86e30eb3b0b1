import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig, type Config } from '../../../../src/config';
import { createLogger, type Logger } from '../../../../src/logging';

const GOOD = path.join(__dirname, '../../../fixtures/kb/good');

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

/** A writable copy of the good fixture KB, so tests can break and repair it. */
export function copyGoodKb(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-kb-'));
  fs.cpSync(GOOD, dir, { recursive: true });
  return dir;
}

export function testConfig(contentDir: string, env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    CONTENT_DIR: contentDir,
    KB_WATCH: 'false',
    ...env,
  });
}

/** A real pino logger whose lines the test can read. */
export function capturingLogger(): {
  logger: Logger;
  lines: () => { level: number; msg: string; [k: string]: unknown }[];
} {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({ level: 'debug', destination: stream });
  return {
    logger,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as { level: number; msg: string }),
  };
}

export const BROKEN_ARTICLE = `---
id: broken-placeholder
title: Broken
language: en
topic: printer
tags: [printer]
examples: [printer broken]
audience: [employee]
owner: workplace-team
lastReviewed: 2026-10-01
---
Summary.

## Steps
1. **Call us.** Ring {{org.hotline}}.
`;
