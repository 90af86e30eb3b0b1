import type { IncomingHttpHeaders } from 'node:http';

export const DIRECT_LINE_PREFIX = '/v3/directline';
export const STREAM_PATH = /^\/v3\/directline\/conversations\/([^/?#]+)\/stream\/?$/;

const HOST_PATTERN = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The WebSocket origin clients should use: from PUBLIC_URL when set, else from the request's Host
 * and X-Forwarded-Proto (a TLS-terminating proxy in front means the browser must use wss).
 */
export function webSocketOrigin(publicUrl: string | undefined, headers: IncomingHttpHeaders): string {
  if (publicUrl) return publicUrl.replace(/^http/i, 'ws');
  const forwardedProto = firstHeaderValue(headers['x-forwarded-proto'])?.toLowerCase();
  const scheme = forwardedProto === 'https' ? 'wss' : 'ws';
  const host = firstHeaderValue(headers.host);
  return `${scheme}://${host && HOST_PATTERN.test(host) ? host : 'localhost'}`;
}

export function streamUrl(origin: string, conversationId: string, watermark: number, ticket: string): string {
  const query = new URLSearchParams({ watermark: String(watermark), t: ticket });
  return `${origin}${DIRECT_LINE_PREFIX}/conversations/${encodeURIComponent(conversationId)}/stream?${query}`;
}

/** The service URL put on activities; stable, because bots store it in conversation references. */
export function serviceUrlFor(publicUrl: string | undefined): string {
  return `${publicUrl ?? 'http://localhost'}${DIRECT_LINE_PREFIX}`;
}

function firstHeaderValue(value: string | string[] | undefined): string | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  return raw?.split(',')[0]?.trim() || undefined;
}
