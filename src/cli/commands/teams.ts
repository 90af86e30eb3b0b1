import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import dotenv from 'dotenv';
import { loadConfig } from '../../config';
import { buildTeamsManifest, teamsAppSettings } from '../../channels/teams/app-manifest';
import { buildTeamsPackage, validateTeamsManifest } from '../../channels/teams/app-package';

export const summary = 'build the Teams app package (zip) from the configuration';

const USAGE = 'Usage: firstline teams package [--out firstline-teams.zip] [--app-version 1.0.0]';

/** `firstline teams package`: manifest from config, validated against the official schema, zipped. */
export async function run(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: 'string' }, 'app-version': { type: 'string' } },
  });
  if (positionals[0] !== 'package') {
    console.error(USAGE);
    return 2;
  }
  const version = values['app-version'] ?? packageVersion();
  if (!/^\d+\.\d+\.\d+$/.test(version)) {
    console.error(`--app-version must look like 1.2.3 (Teams needs major.minor.patch), not "${version}".`);
    return 2;
  }
  dotenv.config({ quiet: true });
  const settings = teamsAppSettings(loadConfig(), version);
  const manifest = buildTeamsManifest(settings);
  const problems = await validateTeamsManifest(manifest);
  if (problems.length > 0) {
    console.error(`The manifest does not match the Teams schema v${String(manifest.manifestVersion)}:`);
    for (const problem of problems) console.error(`  - ${problem}`);
    return 1;
  }
  const out = path.resolve(values.out ?? 'firstline-teams.zip');
  fs.writeFileSync(out, await buildTeamsPackage(manifest));
  console.log(
    `Wrote ${out} (Teams app ${settings.teamsAppId}, version ${version}); upload it in Teams admin center.`,
  );
  return 0;
}

function packageVersion(): string {
  const file = path.join(__dirname, '..', '..', '..', 'package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}
