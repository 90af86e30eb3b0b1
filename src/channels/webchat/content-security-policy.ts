/**
 * The chat page's Content-Security-Policy. The Web Chat bundle injects its styles at run time
 * (emotion), so styles need 'unsafe-inline'; scripts do not need inline or eval.
 * Bot avatars and Adaptive Card images may come from any https host.
 */
export function chatPageCsp(options: { embed: boolean; socketOrigins: string[] }): string {
  const directives = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "media-src 'self' data: blob: https:",
    "font-src 'self' data:",
    // blob: because Direct Line reads a picked file from its blob: URL before uploading it.
    ['connect-src', "'self'", 'blob:', ...options.socketOrigins].join(' '),
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    // Embedded mode is meant to sit inside any customer website; the full page is not.
    `frame-ancestors ${options.embed ? '*' : "'self'"}`,
  ];
  return directives.join('; ');
}

/**
 * WebSocket origins of this server. Older Safari versions do not let 'self' cover ws:/wss:, so the
 * socket origin is listed explicitly: the public URL when configured, otherwise the request's Host.
 */
export function socketOrigins(publicUrl: string | undefined, hostHeader: string | undefined): string[] {
  const origins = new Set<string>();
  if (publicUrl) {
    const url = new URL(publicUrl);
    origins.add(`${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}`);
  }
  if (hostHeader && /^[\w.-]+(:\d{1,5})?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$/.test(hostHeader)) {
    origins.add(`ws://${hostHeader}`);
    origins.add(`wss://${hostHeader}`);
  }
  return [...origins];
}
