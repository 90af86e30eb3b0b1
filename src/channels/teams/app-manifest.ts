import { createHash } from 'node:crypto';
import type { Config } from '../../config';

export const MANIFEST_VERSION = '1.17';
export const MANIFEST_SCHEMA_URL = `https://developer.microsoft.com/en-us/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`;

export interface TeamsAppSettings {
  botAppId: string;
  publicUrl: string;
  teamsAppId: string;
  version: string;
  botName: string;
  title?: string;
  developerName: string;
  privacyUrl: string;
  termsUrl: string;
  accentColor: string;
}

/** What the package needs from the configuration; each missing setting is named. */
export function teamsAppSettings(config: Config, version: string): TeamsAppSettings {
  const missing = [];
  if (!config.botFramework.appId) missing.push('MICROSOFT_APP_ID');
  if (!config.server.publicUrl?.startsWith('https://')) missing.push('PUBLIC_URL (an https:// address)');
  if (missing.length > 0) {
    throw new Error(`The Teams app package needs ${missing.join(' and ')}.`);
  }
  const botAppId = config.botFramework.appId!;
  const publicUrl = config.server.publicUrl!;
  return {
    botAppId,
    publicUrl,
    teamsAppId: config.teamsApp.appId ?? stableGuid(`firstline-teams-app:${botAppId}`),
    version,
    botName: config.webChat.botName,
    title: config.webChat.title,
    developerName: config.teamsApp.developerName,
    privacyUrl: config.teamsApp.privacyUrl ?? publicUrl,
    termsUrl: config.teamsApp.termsUrl ?? publicUrl,
    accentColor: config.webChat.accentColor,
  };
}

/**
 * The Teams app manifest: the bot in personal and team scopes, the technician console as a static
 * tab, and SSO (`webApplicationInfo`) so the console can sign technicians in with Entra ID.
 */
export function buildTeamsManifest(s: TeamsAppSettings): Record<string, unknown> {
  const host = new URL(s.publicUrl).host;
  return {
    $schema: MANIFEST_SCHEMA_URL,
    manifestVersion: MANIFEST_VERSION,
    version: s.version,
    id: s.teamsAppId,
    developer: {
      name: s.developerName,
      websiteUrl: s.publicUrl,
      privacyUrl: s.privacyUrl,
      termsOfUseUrl: s.termsUrl,
    },
    name: {
      short: s.botName.slice(0, 30),
      full: (s.title ? `${s.botName} – ${s.title}` : s.botName).slice(0, 100),
    },
    description: {
      short: 'First-line IT help desk: answers, fixes and hands over to a technician.'.slice(0, 80),
      full:
        'Describe an IT problem in your own words (English, German, Polish or Romanian). The bot asks the ' +
        'questions a technician would ask, walks you through the fix one step at a time and hands the ' +
        'conversation to a technician, with everything collected, when it cannot solve it. Technicians ' +
        'work the queue from the console tab.',
    },
    icons: { color: 'color.png', outline: 'outline.png' },
    accentColor: s.accentColor.length === 7 ? s.accentColor : '#0063B1',
    bots: [
      {
        botId: s.botAppId,
        scopes: ['personal', 'team'],
        // Users may send files and screenshots in the 1:1 chat (kept with the conversation, see src/attachments).
        supportsFiles: true,
        isNotificationOnly: false,
        commandLists: [
          {
            scopes: ['personal'],
            commands: [
              { title: 'help', description: 'What I can do' },
              { title: 'talk to a person', description: 'Hand this conversation to a technician' },
              { title: 'start over', description: 'Forget the current problem' },
            ],
          },
        ],
      },
    ],
    staticTabs: [
      {
        entityId: 'firstline-console',
        name: 'Console',
        contentUrl: `${s.publicUrl}/console?inTeams=1`,
        websiteUrl: `${s.publicUrl}/console`,
        scopes: ['personal'],
      },
    ],
    permissions: ['identity', 'messageTeamMembers'],
    validDomains: [host],
    webApplicationInfo: { id: s.botAppId, resource: `api://${host}/${s.botAppId}` },
    // Lets the bot read technicians' replies in a hand-over thread without being @mentioned.
    authorization: {
      permissions: { resourceSpecific: [{ name: 'ChannelMessage.Read.Group', type: 'Application' }] },
    },
  };
}

/** A GUID derived from a name, so rebuilding the package keeps the same Teams app id. */
function stableGuid(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
