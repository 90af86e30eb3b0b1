import type { Request, Response, Next } from 'restify';

/**
 * Headers for every response. Pages that need a looser Content-Security-Policy (the web chat
 * bundle, the console inside Teams) set their own on top.
 */
export function securityHeaders() {
  return (_req: Request, res: Response, next: Next) => {
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'strict-origin-when-cross-origin');
    res.setHeader('x-frame-options', 'SAMEORIGIN');
    res.setHeader('cross-origin-opener-policy', 'same-origin');
    res.setHeader('permissions-policy', 'camera=(), microphone=(), geolocation=()');
    res.setHeader('content-security-policy', "default-src 'none'; frame-ancestors 'self'");
    next();
  };
}
