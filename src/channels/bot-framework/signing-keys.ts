import { importJWK, type CryptoKey, type JWK } from 'jose';
import type { Logger } from '../../logging';

/** Keys are re-read at least this often, as the SDK does (Microsoft rotates them). */
const KEYS_MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** An unknown key id re-reads the metadata at most this often, so forged key ids cause no lookups. */
const UNKNOWN_KID_REFRESH_MS = 5 * 60 * 1000;
/** After a failed read every token is refused at once for this long: no lookup per request. */
const FAILURE_HOLD_MS = 60 * 1000;
const FETCH_TIMEOUT_MS = 5000;
const MAX_DOCUMENT_BYTES = 256 * 1024;

export interface SigningKey {
  key: CryptoKey | Uint8Array;
  /** Channels this key may sign for (Bot Framework's `endorsements`); undefined means any. */
  endorsements?: string[];
}

export class MetadataUnavailableError extends Error {
  constructor(url: string) {
    super(`OpenID metadata at ${url} is unavailable`);
    this.name = 'MetadataUnavailableError';
  }
}

interface CachedKeys {
  jwks: Map<string, JWK>;
  imported: Map<string, SigningKey>;
  fetchedAt: number;
}

/**
 * The signing keys published behind one OpenID metadata document, cached. A failure to read them
 * is cached too, and logged once per hold period in one line: with the metadata unreachable, every
 * token is refused without another DNS lookup or connection attempt.
 */
export class SigningKeys {
  private cached?: CachedKeys;
  private failedAt?: number;
  private refreshing?: Promise<void>;

  constructor(
    private readonly metadataUrl: string,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** The key with this id and algorithm; undefined if the issuer does not publish it. */
  async get(kid: string, alg: string): Promise<SigningKey | undefined> {
    const known = await this.keysFor(kid);
    const jwk = known?.jwks.get(kid);
    if (!known || !jwk) return undefined;
    const cacheKey = `${kid}:${alg}`;
    let imported = known.imported.get(cacheKey);
    if (!imported) {
      const listed: unknown = (jwk as { endorsements?: unknown }).endorsements;
      const endorsements = Array.isArray(listed)
        ? listed.filter((e): e is string => typeof e === 'string')
        : undefined;
      imported = { key: await importJWK({ ...jwk, alg }, alg), endorsements };
      known.imported.set(cacheKey, imported);
    }
    return imported;
  }

  private async keysFor(kid: string): Promise<CachedKeys | undefined> {
    const now = this.now();
    const cached = this.cached;
    const fresh = cached && now - cached.fetchedAt < KEYS_MAX_AGE_MS;
    if (fresh && (cached.jwks.has(kid) || now - cached.fetchedAt < UNKNOWN_KID_REFRESH_MS)) return cached;
    if (this.failedAt !== undefined && now - this.failedAt < FAILURE_HOLD_MS) {
      if (fresh) return cached;
      throw new MetadataUnavailableError(this.metadataUrl);
    }
    this.refreshing ??= this.refresh().finally(() => (this.refreshing = undefined));
    await this.refreshing;
    if (this.cached && this.now() - this.cached.fetchedAt < KEYS_MAX_AGE_MS) return this.cached;
    throw new MetadataUnavailableError(this.metadataUrl);
  }

  private async refresh(): Promise<void> {
    try {
      const metadata = await fetchJson(this.metadataUrl);
      const jwksUri = (metadata as { jwks_uri?: unknown }).jwks_uri;
      if (typeof jwksUri !== 'string') throw new Error('the metadata has no jwks_uri');
      const keys = (await fetchJson(jwksUri)) as { keys?: unknown };
      if (!Array.isArray(keys.keys)) throw new Error('the key set has no keys');
      const jwks = new Map<string, JWK>();
      for (const jwk of keys.keys as JWK[]) if (typeof jwk?.kid === 'string') jwks.set(jwk.kid, jwk);
      this.cached = { jwks, imported: new Map(), fetchedAt: this.now() };
      this.failedAt = undefined;
    } catch (err) {
      this.failedAt = this.now();
      // One short line per hold period; a stack trace would say nothing more.
      this.logger.warn(
        { url: this.metadataUrl, reason: reasonOf(err) },
        `Bot Framework signing keys unavailable; refusing tokens signed with unknown keys for ${FAILURE_HOLD_MS / 1000} s`,
      );
    }
  }
}

async function fetchJson(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'error' });
  if (!response.ok) throw new Error(`HTTP ${response.status} from ${url}`);
  const text = await response.text();
  if (text.length > MAX_DOCUMENT_BYTES) throw new Error(`the document at ${url} is too large`);
  return JSON.parse(text) as unknown;
}

function reasonOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause as { code?: unknown; message?: unknown } | undefined;
  const detail = cause?.code ?? cause?.message;
  return typeof detail === 'string' ? `${err.message} (${detail})` : err.message;
}
