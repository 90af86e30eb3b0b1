import type { AddressInfo } from 'node:net';
import type { Server } from 'restify';
import type { TurnContext } from 'botbuilder';
import { loadConfig, type Config } from '../../src/config';
import { silentLogger } from '../../src/logging';
import { AttachmentService } from '../../src/attachments';
import { createRedactor } from '../../src/privacy';
import { createHttpServer, InFlightTracker } from '../../src/server';
import type { StorageBackend } from '../../src/storage/ports';
import {
  createDirectLineChannel,
  isDirectLineUploadPath,
  type DirectLineChannel,
  type DirectLineTuning,
} from '../../src/channels/directline';
import { shippedPrivacy } from './shipped-content';

/**
 * The official DirectLineJS client expects a browser: rxjs' ajax needs XMLHttpRequest (xhr2 gives
 * Node one) and streaming needs a global WebSocket (built into Node 22+; jest may hide it).
 */
export function installBrowserGlobals(): void {
  const globals = globalThis as Record<string, unknown>;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  globals.XMLHttpRequest ??= require('xhr2');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  globals.WebSocket ??= require('ws').WebSocket;
}

export const echoBot = async (context: TurnContext): Promise<void> => {
  if (context.activity.type === 'message') await context.sendActivity(`echo: ${context.activity.text}`);
};

export interface RunningDirectLine {
  baseUrl: string;
  domain: string;
  config: Config;
  channel: DirectLineChannel;
  server: Server;
  inFlight: InFlightTracker;
  stop(): Promise<void>;
}

export interface StartOptions {
  storage: StorageBackend;
  env?: Record<string, string>;
  tuning?: Partial<DirectLineTuning>;
  logic?: (context: TurnContext) => Promise<void>;
}

/** A real restify server on 127.0.0.1, port 0, with the Direct Line channel and a bot. */
export async function startDirectLine(options: StartOptions): Promise<RunningDirectLine> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...options.env });
  const logger = silentLogger();
  const server = createHttpServer({
    bodyLimitBytes: config.server.bodyLimitBytes,
    keepAliveTimeoutMs: config.server.keepAliveTimeoutMs,
    logger,
    acceptsMultipart: isDirectLineUploadPath,
  });
  const inFlight = new InFlightTracker();
  const channel = createDirectLineChannel({
    config,
    storage: options.storage,
    logger,
    inFlight,
    attachments: new AttachmentService({
      store: options.storage.attachments,
      redactor: createRedactor(shippedPrivacy()),
      maxBytes: config.attachments.maxBytes,
    }),
    tuning: options.tuning,
  });
  channel.register(server, options.logic ?? echoBot);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    domain: `${baseUrl}/v3/directline`,
    config,
    channel,
    server,
    inFlight,
    async stop() {
      await channel.close();
      await inFlight.drain(5000);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface JsonResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

/** A raw call, for what the official client hides (status codes, error bodies). */
export async function call<T = Record<string, unknown>>(
  url: string,
  init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as T, headers: response.headers };
}

/** Resolves when `predicate` holds, polling every 20 ms; rejects with `what` after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The first value of an rxjs 5 observable (DirectLineJS uses rxjs 5, without toPromise typings). */
export function firstValue<T>(observable: {
  subscribe(next: (value: T) => void, error: (err: unknown) => void): { unsubscribe(): void };
}): Promise<T> {
  return new Promise((resolve, reject) => {
    let done = false;
    const subscription = observable.subscribe(
      (value) => {
        if (done) return;
        done = true;
        resolve(value);
        queueMicrotask(() => subscription?.unsubscribe());
      },
      (err) => reject(err),
    );
  });
}
