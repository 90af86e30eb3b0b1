import pino, { type Logger, type DestinationStream, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths pino blanks out wherever they appear. Message text is never logged at info level
 * (callers log ids and sizes), but secrets can still hide in headers and settings.
 */
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.token',
  '*.password',
  '*.secret',
  '*.apiKey',
  '*.appPassword',
  '*.tokenSecret',
  '*.mongoUri',
  'config.botFramework.appPassword',
  'config.directLine.tokenSecret',
  'config.adminToken',
  'config.llm.apiKey',
  'config.storage.mongoUri',
];

export function createLogger(options: {
  level: string;
  destination?: DestinationStream;
  /** Rewrites every log call's arguments, e.g. to remove secrets from free text. */
  logMethod?: NonNullable<LoggerOptions['hooks']>['logMethod'];
}): Logger {
  return pino(
    {
      level: options.level,
      ...(options.logMethod ? { hooks: { logMethod: options.logMethod } } : {}),
      base: { service: 'firstline' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}

/** For tests and CLI commands that must stay quiet. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
