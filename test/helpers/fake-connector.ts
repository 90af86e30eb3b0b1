import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedActivity {
  path: string;
  authorization?: string;
  activity: Record<string, unknown> & { text?: string; type?: string; replyToId?: string };
}

/**
 * A local stand-in for the Bot Connector service (what Teams' serviceUrl points at): it accepts
 * the bot's replies and remembers them, so tests can assert on what a Teams user would see.
 */
export class FakeConnector {
  readonly received: ReceivedActivity[] = [];
  /** Files served on GET (Teams attachments: inline images and file download links), by path. */
  readonly files = new Map<string, Buffer>();
  /** Every GET of a file, with the Authorization header it carried. */
  readonly fileRequests: { path: string; authorization?: string }[] = [];
  private server?: http.Server;
  private waiters: (() => void)[] = [];

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  messages(conversationId?: string): ReceivedActivity[] {
    return this.received.filter(
      (r) =>
        r.activity.type === 'message' &&
        (!conversationId || r.path.includes(encodeURIComponent(conversationId))),
    );
  }

  /** Resolves once `count` messages have arrived (or rejects after timeoutMs). */
  async waitForMessages(
    count: number,
    conversationId?: string,
    timeoutMs = 10000,
  ): Promise<ReceivedActivity[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages(conversationId).length < count) {
      if (Date.now() > deadline) {
        throw new Error(`expected ${count} messages, got ${this.messages(conversationId).length}`);
      }
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
    return this.messages(conversationId);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.method === 'GET') {
      const file = this.files.get(req.url ?? '');
      this.fileRequests.push({ path: req.url ?? '', authorization: req.headers.authorization });
      res.writeHead(file ? 200 : 404, { 'content-type': 'application/octet-stream' });
      res.end(file);
      return;
    }
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      if (req.method === 'POST' && /^\/v3\/conversations\//.test(req.url ?? '')) {
        this.received.push({
          path: req.url ?? '',
          authorization: req.headers.authorization,
          activity: JSON.parse(body || '{}') as ReceivedActivity['activity'],
        });
        this.waiters.splice(0).forEach((wake) => wake());
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: `reply-${this.received.length}` }));
        return;
      }
      res.writeHead(404).end();
    });
  }
}

/** A realistic message activity as the Bot Connector would deliver it. */
export function connectorActivity(
  serviceUrl: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    type: 'message',
    id: `act-${Math.random().toString(36).slice(2)}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: { id: '29:user-aad-id', name: 'Ana Popescu', aadObjectId: '00000000-0000-0000-0000-000000000001' },
    conversation: { id: 'a:1conversation-personal', conversationType: 'personal', tenantId: 'tenant-1' },
    recipient: { id: '28:firstline-bot', name: 'FirstLine' },
    text: 'hello',
    locale: 'en-US',
    ...overrides,
  };
}

/**
 * A Teams user of one conversation posting to FirstLine's `/api/messages` as the Bot Connector
 * would (an unauthenticated test app); resolves with the HTTP status.
 */
export function teamsPoster(
  appUrl: string,
  serviceUrl: string,
  conversation: Record<string, unknown>,
): (text: string) => Promise<number> {
  return async (text) =>
    (
      await fetch(`${appUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(connectorActivity(serviceUrl, { conversation, text })),
      })
    ).status;
}
