import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../../logging';
import type { ConversationSignals } from '../../storage/ports';
import { errorBody, toPublicError, type ErrorBody } from '../../errors';
import type { DirectLineTokens, TokenClaims } from './tokens';
import type { DirectLineConversations } from './conversations';
import { parseWatermark } from './activity-validation';
import { STREAM_PATH } from './urls';
import type { LiveActivities } from './live-activities';

const FRAME_PAGE = 100;
const CLOSE_GOING_AWAY = 1001;
const CLOSE_POLICY = 1008;
const MAX_TIMER_MS = 2_147_483_647;
/**
 * Open streams one conversation may have on this instance. Web Chat opens one per page; a few
 * allow for tabs and reconnects whose old socket has not been noticed dead yet.
 */
export const MAX_STREAMS_PER_CONVERSATION = 8;

export interface StreamOptions {
  tokens: DirectLineTokens;
  conversations: DirectLineConversations;
  signals: ConversationSignals;
  live: LiveActivities;
  logger: Logger;
  keepAliveMs: number;
  /** The clock tokens are issued by, so a stream ends when its token does; the system clock unless given. */
  clock?: () => Date;
}

/**
 * The Direct Line WebSocket stream. Every frame is read from the store after a signal, never from
 * this process's memory, so activities written by another instance reach this client too.
 */
export class DirectLineStreams {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  private readonly connections = new Set<StreamConnection>();
  /** Streams per conversation, counted from the moment the upgrade is accepted. */
  private readonly perConversation = new Map<string, number>();
  private httpServer?: HttpServer;
  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    void this.upgrade(req, socket, head);
  };

  constructor(private readonly options: StreamOptions) {}

  attach(httpServer: HttpServer): void {
    this.httpServer = httpServer;
    httpServer.on('upgrade', this.onUpgrade);
  }

  get size(): number {
    return this.connections.size;
  }

  async close(): Promise<void> {
    this.httpServer?.off('upgrade', this.onUpgrade);
    const closing = [...this.connections].map((connection) =>
      connection.close(CLOSE_GOING_AWAY, 'Server shutting down'),
    );
    await Promise.all(closing);
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    // Until ws takes the socket over, a client reset must not become an unhandled 'error' event.
    const onSocketError = () => socket.destroy();
    socket.on('error', onSocketError);
    try {
      await this.authenticateAndUpgrade(req, socket, head);
    } finally {
      socket.off('error', onSocketError);
    }
  }

  private async authenticateAndUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = STREAM_PATH.exec(url.pathname);
    if (!match?.[1]) {
      // Another listener (if any) may own this path; with none, answer instead of leaving it hanging.
      if (this.httpServer && this.httpServer.listenerCount('upgrade') > 1) return;
      reject(socket, 404, errorBody('NotFound', 'Not found.'));
      return;
    }
    let claims: TokenClaims;
    let watermark: number;
    try {
      claims = await this.options.tokens.verify(url.searchParams.get('t') ?? '', 'stream');
      if (claims.conversationId !== decodeURIComponent(match[1])) {
        reject(socket, 403, errorBody('Forbidden', 'The token does not open this conversation.'));
        return;
      }
      watermark = parseWatermark(url.searchParams.get('watermark') ?? undefined);
      if ((this.perConversation.get(claims.conversationId) ?? 0) >= MAX_STREAMS_PER_CONVERSATION) {
        reject(
          socket,
          429,
          errorBody('TooManyRequests', 'Too many open streams for this conversation; close one first.'),
        );
        return;
      }
    } catch (err) {
      const { status, body } = toPublicError(err);
      if (status >= 500) this.options.logger.error({ err }, 'Direct Line stream upgrade failed');
      reject(socket, status, body);
      return;
    }
    // Counted before the handshake finishes, so a burst of upgrades cannot all slip past the cap.
    const release = this.count(claims.conversationId);
    socket.once('close', release);
    this.wss.handleUpgrade(req, socket, head, (ws) => this.serve(ws, claims, watermark));
  }

  private count(conversationId: string): () => void {
    this.perConversation.set(conversationId, (this.perConversation.get(conversationId) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.perConversation.get(conversationId) ?? 1) - 1;
      if (left > 0) this.perConversation.set(conversationId, left);
      else this.perConversation.delete(conversationId);
    };
  }

  private serve(ws: WebSocket, claims: TokenClaims, watermark: number): void {
    const connection = new StreamConnection(ws, claims, watermark, this.options);
    this.connections.add(connection);
    ws.once('close', () => this.connections.delete(connection));
    connection.start();
  }
}

class StreamConnection {
  private flushing = false;
  private dirty = false;
  private alive = true;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly unsubscribers: (() => void)[] = [];
  private readonly log: Logger;

  constructor(
    private readonly ws: WebSocket,
    private readonly claims: TokenClaims,
    private cursor: number,
    private readonly options: StreamOptions,
  ) {
    this.log = options.logger.child({ conversationId: claims.conversationId });
  }

  start(): void {
    // Subscribe before the first read so nothing appended in between is missed.
    const conversationId = this.claims.conversationId;
    this.unsubscribers.push(
      this.options.signals.subscribe(conversationId, () => this.flush()),
      // No watermark: a live activity is not in the log, so it moves no client's position.
      this.options.live.subscribe(conversationId, (activity) => this.sendLive(activity)),
    );
    this.ws.on('pong', () => (this.alive = true));
    this.ws.on('error', (err) => this.log.debug({ err }, 'Direct Line stream socket error'));
    this.ws.once('close', () => this.cleanup());
    const now = this.options.clock?.().getTime() ?? Date.now();
    const untilExpiry = Math.min(MAX_TIMER_MS, this.claims.expiresAt * 1000 - now);
    this.timers.push(
      setTimeout(() => void this.close(CLOSE_POLICY, 'Token expired'), Math.max(0, untilExpiry)),
      setInterval(() => this.keepAlive(), this.options.keepAliveMs),
    );
    for (const timer of this.timers) timer.unref();
    this.flush();
  }

  /** Sends the close frame, and drops the socket if the peer does not answer within a second. */
  close(code: number, reason: string): Promise<void> {
    this.cleanup();
    if (this.ws.readyState === this.ws.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const force = setTimeout(() => this.ws.terminate(), 1000);
      this.ws.once('close', () => {
        clearTimeout(force);
        resolve();
      });
      this.ws.close(code, reason);
    });
  }

  private keepAlive(): void {
    if (!this.alive) {
      this.log.debug('Direct Line stream missed a pong; dropping it');
      this.ws.terminate();
      return;
    }
    this.alive = false;
    this.ws.ping();
    // A safety net in case a signal was lost: the store is the truth, so re-reading is harmless.
    this.flush();
  }

  private sendLive(activity: Record<string, unknown>): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify({ activities: [activity] }));
  }

  /** Serialised: one read-and-send at a time, run again if a signal arrived meanwhile. */
  private flush(): void {
    if (this.flushing) {
      this.dirty = true;
      return;
    }
    this.flushing = true;
    this.dirty = false;
    void this.sendPending().finally(() => {
      this.flushing = false;
      if (this.dirty) this.flush();
    });
  }

  private async sendPending(): Promise<void> {
    try {
      while (this.ws.readyState === this.ws.OPEN) {
        const page = await this.options.conversations.list(
          this.claims.conversationId,
          this.cursor,
          FRAME_PAGE,
        );
        if (page.activities.length === 0 || this.ws.readyState !== this.ws.OPEN) return;
        this.ws.send(JSON.stringify(page));
        this.cursor = Number(page.watermark);
        if (page.activities.length < FRAME_PAGE) return;
      }
    } catch (err) {
      this.log.warn(
        { err },
        'Direct Line stream could not read the conversation; will retry on the next signal',
      );
    }
  }

  private cleanup(): void {
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
    for (const timer of this.timers.splice(0)) clearTimeout(timer);
  }
}

function reject(socket: Duplex, status: number, body: ErrorBody): void {
  const payload = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(payload)}\r\n` +
      'Connection: close\r\n\r\n' +
      payload,
  );
}
