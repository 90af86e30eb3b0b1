import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger, type Logger } from '../../../src/logging';
import { CircuitBreaker, LlmClient, TokenBudgets, type TokenLimits } from '../../../src/llm';
import { SqliteBackend } from '../../../src/storage/embedded/sqlite-backend';
import type { StorageBackend } from '../../../src/storage/ports';

export const TEST_KEY = 'sk-test-9f8e7d6c5b4a39281706f5e4d3c2b1a0';

/** A logger whose JSON lines are kept, to check what was (not) logged. */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => lines.push(line) } });
  return { logger, lines };
}

export function openSqlite(clock: { now: number }): StorageBackend {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-llm-'));
  return SqliteBackend.open({
    dataDir: dir,
    logger: createLogger({ level: 'silent' }),
    clock: () => clock.now,
  });
}

export interface ClientKit {
  client: LlmClient;
  budgets: TokenBudgets;
  breaker: CircuitBreaker;
  sleeps: number[];
  lines: string[];
}

/** An LlmClient on the fake server with a settable clock, recorded backoffs and captured logs. */
export function clientFor(
  baseURL: string,
  storage: StorageBackend,
  clock: { now: number },
  options: {
    timeoutMs?: number;
    firstTokenMs?: number;
    limits?: Partial<TokenLimits>;
    redact?: (t: string) => string;
  } = {},
): ClientKit {
  const { logger, lines } = capturingLogger();
  const budgets = new TokenBudgets(
    storage,
    { perConversation: 100_000, perDay: 1_000_000, ...options.limits },
    () => new Date(clock.now),
  );
  const breaker = new CircuitBreaker({
    failureThreshold: 3,
    openForMs: 60_000,
    clock: () => new Date(clock.now),
  });
  const sleeps: number[] = [];
  const client = new LlmClient({
    apiKey: TEST_KEY,
    baseURL,
    model: 'fake-chat',
    timeoutMs: options.timeoutMs ?? 5000,
    firstTokenMs: options.firstTokenMs,
    redact: options.redact ?? ((t) => t),
    budgets,
    logger,
    clock: () => new Date(clock.now),
    breaker,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return { client, budgets, breaker, sleeps, lines };
}
