import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { loadConfig } from '../../../src/config';
import { buildTeamsManifest, teamsAppSettings } from '../../../src/channels/teams/app-manifest';
import { buildTeamsPackage, validateTeamsManifest } from '../../../src/channels/teams/app-package';
import { run } from '../../../src/cli/commands/teams';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const config = () => loadConfig({ MICROSOFT_APP_ID: APP_ID, PUBLIC_URL: 'https://helpdesk.example.com' });

function pngSize(buffer: Buffer): { width: number; height: number } {
  expect(buffer.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
}

describe('Teams app package', () => {
  it('builds a manifest that passes the official Teams schema', async () => {
    const manifest = buildTeamsManifest(teamsAppSettings(config(), '1.2.3'));
    expect(await validateTeamsManifest(manifest)).toEqual([]);
    expect(manifest).toMatchObject({
      version: '1.2.3',
      bots: [{ botId: APP_ID, scopes: ['personal', 'team'] }],
      staticTabs: [{ contentUrl: 'https://helpdesk.example.com/console?inTeams=1', scopes: ['personal'] }],
      webApplicationInfo: { id: APP_ID, resource: `api://helpdesk.example.com/${APP_ID}` },
      validDomains: ['helpdesk.example.com'],
      authorization: {
        permissions: { resourceSpecific: [{ name: 'ChannelMessage.Read.Group', type: 'Application' }] },
      },
    });
  });

  it('keeps the same Teams app id across builds unless one is configured', () => {
    const first = teamsAppSettings(config(), '1.0.0').teamsAppId;
    expect(teamsAppSettings(config(), '1.0.1').teamsAppId).toBe(first);
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const configured = loadConfig({
      MICROSOFT_APP_ID: APP_ID,
      PUBLIC_URL: 'https://helpdesk.example.com',
      TEAMS_APP_ID: '8c1e3b4a-1111-4222-8333-944445555666',
    });
    expect(teamsAppSettings(configured, '1.0.0').teamsAppId).toBe('8c1e3b4a-1111-4222-8333-944445555666');
  });

  it('reports schema violations instead of packaging them', async () => {
    const manifest = buildTeamsManifest(teamsAppSettings(config(), '1.0.0'));
    const withoutBotId = await validateTeamsManifest({ ...manifest, bots: [{ scopes: ['personal'] }] });
    expect(withoutBotId.join('\n')).toMatch(/botId/);
    const noDeveloperUrls = await validateTeamsManifest({ ...manifest, developer: { name: 'IT' } });
    expect(noDeveloperUrls.join('\n')).toMatch(/websiteUrl|privacyUrl|termsOfUseUrl/);
  });

  it('names the settings it needs', () => {
    expect(() => teamsAppSettings(loadConfig({}), '1.0.0')).toThrow(/MICROSOFT_APP_ID and PUBLIC_URL/);
    expect(() =>
      teamsAppSettings(loadConfig({ MICROSOFT_APP_ID: APP_ID, PUBLIC_URL: 'http://x.example' }), '1'),
    ).toThrow(/PUBLIC_URL \(an https:\/\/ address\)/);
  });

  it('zips manifest.json and icons of the sizes Teams requires', async () => {
    const zip = await JSZip.loadAsync(
      await buildTeamsPackage(buildTeamsManifest(teamsAppSettings(config(), '1.0.0'))),
    );
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(pngSize(await zip.file('color.png')!.async('nodebuffer'))).toEqual({ width: 192, height: 192 });
    expect(pngSize(await zip.file('outline.png')!.async('nodebuffer'))).toEqual({ width: 32, height: 32 });
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string')) as { icons: unknown };
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
  });

  it('refuses an app version Teams would reject', async () => {
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await run(['package', '--app-version', 'one'])).toBe(2);
    } finally {
      error.mockRestore();
    }
  });

  it('`firstline teams package` writes the zip from the environment', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fl-teams-')), 'app.zip');
    const saved = { ...process.env };
    Object.assign(process.env, { MICROSOFT_APP_ID: APP_ID, PUBLIC_URL: 'https://helpdesk.example.com' });
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(await run(['package', '--out', out, '--app-version', '2.0.0'])).toBe(0);
    } finally {
      process.env = saved;
      log.mockRestore();
    }
    const zip = await JSZip.loadAsync(fs.readFileSync(out));
    expect(JSON.parse(await zip.file('manifest.json')!.async('string'))).toMatchObject({ version: '2.0.0' });
  });
});
