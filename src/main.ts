import dotenv from 'dotenv';
import { ConfigError, describeSettings, loadConfig } from './config';
import { createLogger, resolveLogFormat } from './logging';
import { localBaseUrl, startupBanner } from './server';
import { createApp } from './app';
import { ContentSource, contentPathsOf } from './content';
import { createRedactor, personalDataPolicy, redactingLogMethod } from './privacy';

/**
 * Process entry: read settings, build the app, listen, and shut down gracefully on SIGTERM/SIGINT.
 * Returns the exit code for the CLI; resolves only after shutdown.
 */
export async function serve(): Promise<number> {
  dotenv.config({ quiet: true });
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const pretty =
    resolveLogFormat(config.logFormat, {
      production: config.isProduction,
      isTerminal: process.stdout.isTTY === true,
    }) === 'pretty';
  // Content first: the log redactor's word lists come from CONTENT_DIR like everything else.
  const content = ContentSource.open(contentPathsOf(config));
  const logger = createLogger({
    level: config.logLevel,
    pretty,
    logMethod: redactingLogMethod(
      createRedactor(content.current().privacy, personalDataPolicy(config.redaction)),
    ),
  });
  // The full list of settings helps in a log collector; at a terminal the banner says what matters.
  if (pretty) logger.debug({ settings: describeSettings() }, 'starting FirstLine');
  else logger.info({ settings: describeSettings() }, 'starting FirstLine');
  const app = await createApp({ config, logger, content });
  const port = await app.listen();
  const base = localBaseUrl(config, port);
  logger.info(
    { port, host: config.server.host, storage: app.storage.kind, console: `${base}/console` },
    `FirstLine listening on ${base}/`,
  );
  if (pretty) process.stdout.write(startupBanner({ config, port, storageKind: app.storage.kind }));

  return new Promise<number>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'signal received');
      app.shutdown().then(
        () => resolve(0),
        (err: unknown) => {
          logger.error({ err }, 'shutdown failed');
          resolve(1);
        },
      );
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}
