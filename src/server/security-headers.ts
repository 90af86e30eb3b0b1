import type { Request, Response, Next } from 'restify';

/** One year, subdomains included: what browsers' preload lists ask for. */
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Headers for every response. Pages that need a looser Content-Security-Policy (the web chat
 * bundle, the console inside Teams) set their own on top. `hsts`: in production (or behind an
 * https PUBLIC_URL) browsers are told to use https only, so a session cookie never goes out in
 * clear on a downgraded first request.
 */
export function securityHeaders(options: { hsts?: boolean } = {}) {
  return (_req: Request, res: Response, next: Next) => {
    if (options.hsts) res.setHeader('strict-transport-security', HSTS);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'strict-origin-when-cross-origin');
    res.setHeader('x-frame-options', 'SAMEORIGIN');
    res.setHeader('cross-origin-opener-policy', 'same-origin');
    res.setHeader('permissions-policy', 'camera=(), microphone=(), geolocation=()');
    res.setHeader('content-security-policy', "default-src 'none'; frame-ancestors 'self'");
    next();
  };
}
