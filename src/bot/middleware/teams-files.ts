import type { Attachment, Middleware, TurnContext } from 'botbuilder';
import {
  FILES_FIELD,
  REFUSED_FILES_FIELD,
  type AttachmentService,
  type FileRefusal,
  type IncomingFile,
} from '../../attachments';
import type { Logger } from '../../logging';

const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';
const DOWNLOAD_TIMEOUT_MS = 15_000;

export interface TeamsFilesOptions {
  attachments: AttachmentService;
  maxFiles: number;
  /** Host names files may be fetched from; `*.example.com` covers its subdomains. */
  downloadHosts: readonly string[];
  /** The bot's own access token, sent only to the Bot Connector that delivered the activity. */
  botToken?: () => Promise<string | undefined>;
  logger: Logger;
}

interface Candidate {
  name: string;
  url: URL;
  /** Inline images live on the Bot Connector and need the bot's token; file links carry their own. */
  withBotToken: boolean;
}

/**
 * Files and inline images a user sends the bot in a Teams 1:1 chat: fetched from allowed hosts only
 * (never following redirects, never more than the size limit), checked and kept like web chat
 * uploads, and replaced in the activity by their name, so no download link (which carries its
 * own access token) is stored or passed on. Runs first, before redaction would mangle the links.
 */
export function storeTeamsFiles(options: TeamsFilesOptions): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>) {
      const activity = context.activity;
      // Only the server sets these; from any other channel they are dropped.
      if (activity.channelId !== 'directline') dropServerFields(activity);
      if (
        activity.channelId === 'msteams' &&
        activity.type === 'message' &&
        activity.conversation?.conversationType === 'personal'
      ) {
        await keepFiles(context, options);
      }
      await next();
    },
  };
}

async function keepFiles(context: TurnContext, options: TeamsFilesOptions): Promise<void> {
  const activity = context.activity;
  const serviceOrigin = originOf(activity.serviceUrl);
  const candidates: { attachment: Attachment; candidate: Candidate }[] = [];
  for (const attachment of activity.attachments ?? []) {
    const candidate = candidateOf(attachment, serviceOrigin);
    if (candidate) candidates.push({ attachment, candidate });
  }
  if (candidates.length === 0) return;
  const refused: FileRefusal[] = [];
  const downloaded: IncomingFile[] = [];
  for (const { candidate } of candidates.slice(0, options.maxFiles)) {
    const name = options.attachments.cleanName(candidate.name);
    if (!hostAllowed(candidate.url, options.downloadHosts)) {
      options.logger.info({ host: candidate.url.hostname }, 'Teams file not fetched: host not allowed');
      refused.push({ name, reason: 'host-not-allowed' });
      continue;
    }
    const result = await download(candidate, options);
    if (result === 'too-large') refused.push({ name, reason: 'too-large' });
    else if (!result) refused.push({ name, reason: 'download-failed' });
    else downloaded.push({ name: candidate.name, content: result });
  }
  for (const { candidate } of candidates.slice(options.maxFiles))
    refused.push({ name: options.attachments.cleanName(candidate.name), reason: 'too-large' });
  const { stored, refused: notKept } = await options.attachments.accept(
    {
      conversationId: activity.conversation.id,
      userId: activity.from?.id ?? 'unknown',
      channelId: activity.channelId,
    },
    downloaded,
  );
  const taken = new Set(candidates.map((c) => c.attachment));
  activity.attachments = [
    ...(activity.attachments ?? []).filter((a) => !taken.has(a)),
    ...stored.map((file) => ({ contentType: file.mediaType, name: file.name })),
  ];
  activity.channelData = {
    ...(activity.channelData as Record<string, unknown> | undefined),
    [FILES_FIELD]: stored,
    [REFUSED_FILES_FIELD]: [...refused, ...notKept],
  };
}

function candidateOf(attachment: Attachment, serviceOrigin: string | undefined): Candidate | undefined {
  if (attachment.contentType === FILE_DOWNLOAD_INFO) {
    const content = attachment.content as { downloadUrl?: unknown } | undefined;
    const url = parseUrl(content?.downloadUrl);
    return url ? { name: attachment.name ?? 'file', url, withBotToken: false } : undefined;
  }
  if (attachment.contentType?.startsWith('image/')) {
    const url = parseUrl(attachment.contentUrl);
    if (!url) return undefined;
    return { name: attachment.name ?? 'image', url, withBotToken: url.origin === serviceOrigin };
  }
  return undefined;
}

async function download(
  candidate: Candidate,
  options: TeamsFilesOptions,
): Promise<Buffer | 'too-large' | undefined> {
  const limit = options.attachments.maxBytes;
  try {
    const token = candidate.withBotToken ? await options.botToken?.() : undefined;
    const response = await fetch(candidate.url, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      redirect: 'manual',
      signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
    });
    if (!response.ok || !response.body) {
      options.logger.info(
        { status: response.status, host: candidate.url.hostname },
        'Teams file download failed',
      );
      await response.body?.cancel();
      return undefined;
    }
    if (Number(response.headers.get('content-length') ?? 0) > limit) {
      await response.body.cancel();
      return 'too-large';
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size > limit) return 'too-large';
      chunks.push(Buffer.from(chunk));
    }
    return Buffer.concat(chunks);
  } catch (err) {
    options.logger.info({ err, host: candidate.url.hostname }, 'Teams file download failed');
    return undefined;
  }
}

/** https from an allowed host; plain http only to this machine (a local connector in development). */
export function hostAllowed(url: URL, hosts: readonly string[]): boolean {
  const host = url.hostname.toLowerCase();
  const loopback = host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) return false;
  return hosts.some((allowed) =>
    allowed.startsWith('*.')
      ? host.endsWith(allowed.slice(1)) && host.length > allowed.length - 1
      : host === allowed,
  );
}

function parseUrl(value: unknown): URL | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

function originOf(value: string | undefined): string | undefined {
  return parseUrl(value)?.origin;
}

function dropServerFields(activity: TurnContext['activity']): void {
  const data = activity.channelData as Record<string, unknown> | undefined;
  if (!data || typeof data !== 'object') return;
  if (!(FILES_FIELD in data) && !(REFUSED_FILES_FIELD in data)) return;
  const { [FILES_FIELD]: _files, [REFUSED_FILES_FIELD]: _refused, ...rest } = data;
  activity.channelData = rest;
}
