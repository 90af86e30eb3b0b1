import { SseReader } from '../unit/console/sse-reader';

/** A browser-like console session against a running server: cookie, CSRF and the live feed. */
export interface ConsoleSession {
  cookie: string;
  csrf: string;
  technicianId: string;
}

export async function signIn(url: string, token: string): Promise<ConsoleSession> {
  const res = await fetch(`${url}/api/console/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { csrf: string; technician: { id: string } };
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  return { cookie, csrf: body.csrf, technicianId: body.technician.id };
}

/** GET with the session cookie; the status only. */
export async function statusWithCookie(url: string, path: string, session: ConsoleSession): Promise<number> {
  const res = await fetch(`${url}${path}`, { headers: { cookie: session.cookie } });
  await res.body?.cancel();
  return res.status;
}

/** The console's live feed over the session cookie, as the page's EventSource reads it. */
export function openFeed(url: string, session: ConsoleSession, after = 0): Promise<SseReader> {
  return new SseReader(`${url}/api/console/events?after=${after}`, { cookie: session.cookie }).open();
}

/** Resolves with the milliseconds until the server ended the stream; rejects after `limitMs`. */
export async function msUntilEnded(feed: SseReader, since: number, limitMs: number): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the live feed was still open after ${limitMs} ms`)), limitMs);
  });
  try {
    await Promise.race([feed.ended(), limit]);
    return Date.now() - since;
  } finally {
    clearTimeout(timer);
  }
}
