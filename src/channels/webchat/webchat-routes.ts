import fs from 'node:fs';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import type { Config } from '../../config';
import type { Catalogue } from '../../i18n';
import { LANGUAGES, type Lang } from '../../i18n/languages';
import type { Logger } from '../../logging';
import type { StorageBackend } from '../../storage';
import { publicDir, webChatBundle } from './asset-paths';
import { chatPageCsp, socketOrigins } from './content-security-policy';
import { pickPageLanguage, renderChatPage } from './page-template';
import { StaticAsset } from './static-asset';
import {
  forgetHandler,
  resumeHandler,
  tokenHandler,
  type IdentityCheck,
  type IssuedWebChatToken,
  type WebChatResume,
} from './token-route';
import type { VerifiedUser } from '../../identity';

export type { IssuedWebChatToken, WebChatResume } from './token-route';

export interface WebChatDeps {
  config: Config;
  /** The page's title in each language, when WEBCHAT_TITLE does not set one for all. */
  catalogue: Pick<Catalogue, 't'>;
  issueToken: (user?: VerifiedUser) => Promise<IssuedWebChatToken>;
  /** Verifies the host site's identity token (WEBCHAT_IDENTITY_SECRET); unset: tokens are refused. */
  checkIdentity?: IdentityCheck;
  /** Coming back to a conversation after its token is gone; unset: every page load starts over. */
  resume?: WebChatResume;
  logger: Logger;
  /** Where request budgets are counted (the storage, so that instances share them). */
  rateLimits: Pick<StorageBackend, 'rateLimiter'>;
  /** New chats one client address may open per minute (RATE_LIMIT_CONVERSATIONS_PER_MINUTE); default 30. */
  tokensPerMinutePerClient?: number;
}

/** Versioned URLs (`?v=<hash>`) may be cached for a year; the page always names the current one. */
const LONG_CACHE = 'public, max-age=31536000, immutable';
const JS = 'application/javascript; charset=utf-8';
const CROSS_ORIGIN = { 'access-control-allow-origin': '*', 'cross-origin-resource-policy': 'cross-origin' };
/** Where embed.js expects its settings; the file runs unchanged (with none) if served raw. */
const EMBED_SETTINGS_SLOT = /\/\* FIRSTLINE_SETTINGS \*\/ \{\}/;

/**
 * The website chat: the page at `/`, its scripts and styles, the token endpoint the page calls,
 * and `embed.js`, the one-line snippet other websites paste to get a chat button.
 */
export function registerWebChatRoutes(server: Server, deps: WebChatDeps): void {
  const titles = pageTitles(deps.config, deps.catalogue);
  const assets = loadAssets(deps.config, titles);
  const pageTemplate = fs.readFileSync(path.join(publicDir(), 'index.html'), 'utf8');

  const files: [string, (req: Request, res: Response) => Promise<void>][] = [
    ['/', (req, res) => sendChatPage(req, res, { config: deps.config, titles }, pageTemplate, assets)],
    ['/webchat/webchat.js', (req, res) => assets.webChat.send(req, res)],
    ['/webchat/app.js', (req, res) => assets.appJs.send(req, res)],
    ['/webchat/session.js', (req, res) => assets.sessionJs.send(req, res)],
    ['/webchat/app.css', (req, res) => assets.appCss.send(req, res)],
    ['/webchat/favicon.svg', (req, res) => assets.favicon.send(req, res)],
    ['/webchat/bot-avatar.svg', (req, res) => assets.botAvatar.send(req, res)],
    // Other websites load the snippet, so it is open to any origin.
    ['/webchat/embed.js', (req, res) => assets.embedJs.send(req, res, CROSS_ORIGIN)],
  ];
  for (const [route, handler] of files) {
    server.get(route, async (req, res) => handler(req, res));
    server.head(route, async (req, res) => handler(req, res));
  }
  server.get('/webchat/config.json', async (_req, res) => {
    res.setHeader('cache-control', 'no-cache');
    res.setHeader('access-control-allow-origin', '*');
    res.send(200, publicSettings(deps.config, titles));
  });
  const tokenOptions = {
    issueToken: deps.issueToken,
    checkIdentity: deps.checkIdentity,
    logger: deps.logger,
    limiter: deps.rateLimits.rateLimiter('webchat-tokens', {
      points: deps.tokensPerMinutePerClient ?? 30,
      durationSeconds: 60,
    }),
  };
  server.post('/api/webchat/token', tokenHandler({ ...tokenOptions, resume: deps.resume }));
  if (deps.resume) {
    // Same budget as new chats: each call issues a token.
    server.post('/api/webchat/resume', resumeHandler({ ...tokenOptions, resume: deps.resume }));
    server.post('/api/webchat/forget', forgetHandler({ ...tokenOptions, resume: deps.resume }));
  }
}

interface WebChatAssets {
  webChat: StaticAsset;
  appJs: StaticAsset;
  sessionJs: StaticAsset;
  appCss: StaticAsset;
  embedJs: StaticAsset;
  favicon: StaticAsset;
  botAvatar: StaticAsset;
}

/** The header title per language: the configured one everywhere, else the catalogue's. */
function pageTitles(config: Config, catalogue: Pick<Catalogue, 't'>): Record<Lang, string> {
  const entries = LANGUAGES.map((lang) => [lang, config.webChat.title ?? catalogue.t(lang, 'webchat.title')]);
  return Object.fromEntries(entries) as Record<Lang, string>;
}

function loadAssets(config: Config, titles: Record<Lang, string>): WebChatAssets {
  const dir = publicDir();
  const read = (file: string) => fs.readFileSync(path.join(dir, file));
  // The snippet runs on other sites and cannot fetch our settings without CORS preflight
  // surprises under their CSP, so the few it needs are written into it here.
  const settings = JSON.stringify(embedSettings(config, titles)).replace(/</g, '\\u003c');
  const embedSource = read('embed.js')
    .toString('utf8')
    .replace(EMBED_SETTINGS_SLOT, () => settings);
  return {
    webChat: new StaticAsset(fs.readFileSync(webChatBundle().file), JS, LONG_CACHE),
    appJs: new StaticAsset(read('app.js'), JS, LONG_CACHE),
    sessionJs: new StaticAsset(read('session.js'), JS, LONG_CACHE),
    appCss: new StaticAsset(read('app.css'), 'text/css; charset=utf-8', LONG_CACHE),
    favicon: new StaticAsset(read('favicon.svg'), 'image/svg+xml', 'public, max-age=86400'),
    botAvatar: new StaticAsset(read('bot-avatar.svg'), 'image/svg+xml', 'public, max-age=86400'),
    // Not versioned: website owners paste a fixed URL, so browsers must revalidate it.
    embedJs: new StaticAsset(Buffer.from(embedSource, 'utf8'), JS, 'public, max-age=300, must-revalidate'),
  };
}

function publicSettings(config: Config, titles: Record<Lang, string>) {
  const { botName, logoUrl, accentColor, backgroundColor } = config.webChat;
  // The send box stops at the same length the Direct Line endpoint accepts.
  return {
    botName,
    title: titles[config.defaultLanguage],
    titles,
    logoUrl: logoUrl ?? null,
    botAvatar: botAvatar(config),
    accentColor,
    backgroundColor,
    maxMessageChars: config.limits.maxMessageChars,
  };
}

/** An image wins over initials; with neither configured, the logo or the built-in bot picture. */
function botAvatar(config: Config): { image: string | null; initials: string | null } {
  const { botAvatarUrl, botAvatarInitials, logoUrl } = config.webChat;
  if (botAvatarUrl) return { image: botAvatarUrl, initials: botAvatarInitials ?? null };
  if (botAvatarInitials) return { image: null, initials: botAvatarInitials };
  return { image: logoUrl ?? '/webchat/bot-avatar.svg', initials: null };
}

function embedSettings(config: Config, titles: Record<Lang, string>) {
  return { title: titles[config.defaultLanguage], titles, accentColor: config.webChat.accentColor };
}

async function sendChatPage(
  req: Request,
  res: Response,
  { config, titles }: { config: Config; titles: Record<Lang, string> },
  template: string,
  assets: WebChatAssets,
) {
  const embed = req.query?.embed === '1';
  // The embed snippet passes its data-lang as ?locale=; otherwise the browser's languages decide.
  const locale = typeof req.query?.locale === 'string' ? req.query.locale : undefined;
  const browser = pickPageLanguage(req.header('accept-language'), config.defaultLanguage);
  const lang = pickPageLanguage(locale, browser);
  const html = renderChatPage(template, {
    lang,
    title: titles[lang],
    botName: config.webChat.botName,
    logoUrl: config.webChat.logoUrl,
    embed,
    assetVersions: {
      webChat: assets.webChat.version,
      appJs: assets.appJs.version,
      sessionJs: assets.sessionJs.version,
      appCss: assets.appCss.version,
    },
  });
  const csp = chatPageCsp({
    embed,
    socketOrigins: socketOrigins(config.server.publicUrl, req.header('host')),
  });
  res.setHeader('content-security-policy', csp);
  // frame-ancestors decides framing; the legacy header would contradict it in embed mode.
  if (embed) res.removeHeader('x-frame-options');
  const body = Buffer.from(html, 'utf8');
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(body.length),
    'cache-control': 'no-cache',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
