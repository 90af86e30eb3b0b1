import type { Config } from '../config';

export interface BannerFacts {
  config: Config;
  /** The port actually bound (PORT=0 picks a free one). */
  port: number;
  storageKind: 'sqlite' | 'mongodb';
}

/** Where a person on this machine reaches the server: a wildcard or loopback host reads as localhost. */
export function localBaseUrl(config: Config, port: number): string {
  if (config.server.publicUrl) return config.server.publicUrl;
  const host = config.server.host;
  const local = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(host) ? 'localhost' : host;
  return `http://${local.includes(':') ? `[${local}]` : local}:${port}`;
}

/**
 * The few lines a newcomer needs after `npm start`: where the chat and the console are, how to let
 * a technician in, and where the data is kept. Printed in a terminal only; log collectors get the
 * same facts in the structured "listening" line.
 */
export function startupBanner({ config, port, storageKind }: BannerFacts): string {
  const base = localBaseUrl(config, port);
  const data =
    storageKind === 'mongodb'
      ? `MongoDB, database "${config.storage.mongoDb}"`
      : `${config.storage.dataDir} (SQLite)`;
  return [
    '',
    '  FirstLine is running.',
    '',
    `  Web chat            ${base}/`,
    `  Technician console  ${base}/console`,
    `  Add a technician    npx firstline technicians add "Your Name" --role lead`,
    '                      (prints the token to sign in to the console with)',
    `  Data                ${data}`,
    '',
    '  Stop with Ctrl+C.',
    '',
    '',
  ].join('\n');
}
