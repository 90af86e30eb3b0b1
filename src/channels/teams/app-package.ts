import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { ManifestUtil } from '@microsoft/app-manifest';
import { MANIFEST_VERSION } from './app-manifest';

const ICONS_DIR = path.join(__dirname, '..', '..', '..', 'deployment', 'teams');

/**
 * Checks a manifest against the official Teams JSON schema shipped in @microsoft/app-manifest
 * (no network needed); returns the problems, none when valid.
 */
export async function validateTeamsManifest(manifest: Record<string, unknown>): Promise<string[]> {
  const schemaFile = require.resolve(
    `@microsoft/app-manifest/build/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`,
  );
  // The published schema contains "\a" in a regex, which JavaScript's RegExp rejects.
  const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8').replace(/\\a/g, '\\x07'));
  return ManifestUtil.validateManifestAgainstSchema(manifest as never, schema);
}

/** The zip Teams admins upload: manifest.json plus the two icons, at the root of the archive. */
export async function buildTeamsPackage(manifest: Record<string, unknown>): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  zip.file('color.png', fs.readFileSync(path.join(ICONS_DIR, 'color.png')));
  zip.file('outline.png', fs.readFileSync(path.join(ICONS_DIR, 'outline.png')));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
