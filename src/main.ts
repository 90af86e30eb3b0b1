import dotenv from 'dotenv';
import { ConfigError, describeSettings, loadConfig } from './config';
import { createLogger } from './logging';
import { createApp } from './app';
import { createRedactor, redactingLogMethod } from './privacy';

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
  const logger = createLogger({ level: config.logLevel, logMethod: redactingLogMethod(createRedactor()) });
  logger.info({ settings: describeSettings() }, 'starting FirstLine');
  const app = await createApp({ config, logger });
  const port = await app.listen();
  logger.info(
    { port, host: config.server.host, storage: app.storage.kind },
    `FirstLine listening on http://${config.server.host}:${port}/`,
  );

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
