import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeConnector, type ReceivedActivity } from './fake-connector';

export interface CreatedThread {
  /** What the bot sent to POST /v3/conversations (ConversationParameters). */
  parameters: Record<string, unknown> & {
    isGroup?: boolean;
    channelData?: { channel?: { id?: string } };
    activity?: ReceivedActivity['activity'] & { attachments?: { contentType: string; content: unknown }[] };
    tenantId?: string;
  };
  conversationId: string;
  activityId: string;
}

export interface UpdatedActivity {
  conversationId: string;
  activityId: string;
  activity: ReceivedActivity['activity'] & { attachments?: { contentType: string; content: unknown }[] };
}

/**
 * The Bot Connector of a Teams team: on top of the plain fake (messages posted into
 * conversations), it starts channel threads (`POST /v3/conversations`, answered as Teams does with
 * `<channel>;messageid=<id>`) and takes card updates (`PUT .../activities/{id}`).
 */
export class FakeTeamsConnector {
  readonly inner = new FakeConnector();
  readonly threads: CreatedThread[] = [];
  readonly updates: UpdatedActivity[] = [];
  /** The team's roster by user id (`29:…`), as `GET /v3/conversations/{id}/members/{userId}` answers. */
  readonly roster = new Map<string, Record<string, unknown>>();
  /** Every roster lookup the bot made: conversation and user id. */
  readonly rosterLookups: { conversationId: string; userId: string }[] = [];
  private server?: http.Server;
  private innerUrl = '';
  private nextMessageId = 1_700_000_000_000;

  async start(): Promise<string> {
    this.innerUrl = await this.inner.start();
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    await this.inner.stop();
  }

  /** Messages posted into one conversation (a thread's id includes `;messageid=`). */
  messages(conversationId: string): ReceivedActivity[] {
    const path = `/v3/conversations/${encodeURIComponent(conversationId)}/activities`;
    return this.inner.received.filter((r) => r.activity.type === 'message' && r.path.startsWith(path));
  }

  async waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = probe();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** The latest card the bot put on a thread's root message (or the one it started with). */
  latestCard(thread: CreatedThread): Record<string, unknown> | undefined {
    const update = this.updates.filter((u) => u.activityId === thread.activityId).at(-1);
    const activity = update?.activity ?? thread.parameters.activity;
    return activity?.attachments?.[0]?.content as Record<string, unknown> | undefined;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const url = req.url ?? '';
      if (req.method === 'POST' && /^\/v3\/conversations\/?$/.test(url)) return this.createThread(body, res);
      const member = /^\/v3\/conversations\/([^/]+)\/members\/([^/?]+)$/.exec(url);
      if (req.method === 'GET' && member) return this.getMember(member, res);
      const update = /^\/v3\/conversations\/([^/]+)\/activities\/([^/]+)$/.exec(url);
      if (req.method === 'PUT' && update) return this.updateActivity(update, body, res);
      this.forward(req, body, res);
    });
  }

  private createThread(body: string, res: http.ServerResponse): void {
    const parameters = JSON.parse(body || '{}') as CreatedThread['parameters'];
    const channelId = parameters.channelData?.channel?.id;
    if (!parameters.isGroup || !channelId) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'BadSyntax', message: 'channelData.channel.id required' } }));
      return;
    }
    const activityId = String(this.nextMessageId++);
    const conversationId = `${channelId};messageid=${activityId}`;
    this.threads.push({ parameters, conversationId, activityId });
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: conversationId, activityId }));
  }

  /** Teams answers a member of the conversation with their TeamsChannelAccount, else 404. */
  private getMember(match: RegExpExecArray, res: http.ServerResponse): void {
    const conversationId = decodeURIComponent(match[1] ?? '');
    const userId = decodeURIComponent(match[2] ?? '');
    this.rosterLookups.push({ conversationId, userId });
    const found = this.roster.get(userId);
    res.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify(found ?? { error: { code: 'MemberNotFoundInConversation', message: 'not found' } }),
    );
  }

  private updateActivity(match: RegExpExecArray, body: string, res: http.ServerResponse): void {
    const [, conversationId = '', activityId = ''] = match;
    this.updates.push({
      conversationId: decodeURIComponent(conversationId),
      activityId: decodeURIComponent(activityId),
      activity: JSON.parse(body || '{}') as UpdatedActivity['activity'],
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: decodeURIComponent(activityId) }));
  }

  /** Everything else is the plain fake's business. */
  private forward(req: http.IncomingMessage, body: string, res: http.ServerResponse): void {
    const target = new URL(req.url ?? '/', this.innerUrl);
    const proxied = http.request(
      target,
      { method: req.method, headers: { ...req.headers, host: target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    proxied.on('error', () => res.writeHead(502).end());
    proxied.end(body);
  }
}
