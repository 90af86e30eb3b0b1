import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** What the receiver does with one request: drop the connection, answer with a status, or accept. */
export type ReceiverBehaviour = 'drop' | number | 'accept';

/**
 * A real HTTP server that plays a team's webhook receiver: each request is answered by the next
 * scripted behaviour (then 'accept'), and the accepted ones are kept, headers and body as sent.
 */
export class WebhookReceiver {
  readonly attempts: ReceivedWebhook[] = [];
  readonly accepted: ReceivedWebhook[] = [];
  private readonly server: http.Server;

  constructor(
    private readonly script: ReceiverBehaviour[] = [],
    private readonly delayMs = 0,
  ) {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const received = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        const behaviour = this.script[this.attempts.length] ?? 'accept';
        this.attempts.push(received);
        const answer = () => {
          if (behaviour === 'drop') {
            req.socket.destroy();
            return;
          }
          if (behaviour === 'accept') this.accepted.push(received);
          res.statusCode = behaviour === 'accept' ? 204 : behaviour;
          res.end();
        };
        if (this.delayMs > 0) setTimeout(answer, this.delayMs);
        else answer();
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/feedback`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
