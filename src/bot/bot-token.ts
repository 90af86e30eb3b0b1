/** Renewed this long before it expires. */
const EARLY_RENEWAL_MS = 5 * 60 * 1000;

/**
 * The bot's own access token for the Bot Connector (client credentials against Entra ID, the way
 * the Bot Framework SDK gets it), cached until shortly before it expires. Used to fetch the images
 * a Teams user pastes, which the connector serves only to the bot.
 */
export function botConnectorToken(options: {
  appId: string;
  appPassword: string;
  /** SingleTenant bots; MultiTenant ones use the botframework.com tenant. */
  tenantId?: string;
}): () => Promise<string | undefined> {
  let cached: { token: string; expiresAt: number } | undefined;
  return async () => {
    if (cached && cached.expiresAt - EARLY_RENEWAL_MS > Date.now()) return cached.token;
    const tenant = options.tenantId ?? 'botframework.com';
    const response = await fetch(
      `https://login.microsoftonline.com/${encodeURIComponent(tenant)}/oauth2/v2.0/token`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: options.appId,
          client_secret: options.appPassword,
          scope: 'https://api.botframework.com/.default',
        }),
        signal: AbortSignal.timeout(10_000),
      },
    );
    if (!response.ok) return undefined;
    const body = (await response.json()) as { access_token?: string; expires_in?: number };
    if (!body.access_token) return undefined;
    cached = { token: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 3600) * 1000 };
    return cached.token;
  };
}
