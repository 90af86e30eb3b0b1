import pino, { type Logger, type DestinationStream, type LoggerOptions } from 'pino';
import pinoPretty from 'pino-pretty';

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
  '*.identitySecret',
  // Users' e-mail addresses (verified, from Teams, or typed) are shown to technicians, never logged.
  'email',
  '*.email',
  '*.*.email',
  'config.botFramework.appPassword',
  'config.directLine.tokenSecret',
  'config.webChat.identitySecret',
  'config.adminToken',
  'config.llm.apiKey',
  'config.storage.mongoUri',
];

export type LogFormat = 'auto' | 'json' | 'pretty';

/**
 * `auto` means readable lines for a person at a terminal during development and JSON lines for
 * everything else (production, files, log collectors), which parse reliably.
 */
export function resolveLogFormat(
  format: LogFormat,
  { production, isTerminal }: { production: boolean; isTerminal: boolean },
): 'json' | 'pretty' {
  if (format !== 'auto') return format;
  return !production && isTerminal ? 'pretty' : 'json';
}

export function createLogger(options: {
  level: string;
  /** Readable one-line-per-event output (pino-pretty) instead of JSON lines. */
  pretty?: boolean;
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
    options.destination ?? (options.pretty ? prettyStream() : undefined),
  );
}

function prettyStream(): DestinationStream {
  // Synchronous so that the last lines before an exit are not lost; a terminal is fast enough.
  return pinoPretty({
    sync: true,
    colorize: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,service',
    singleLine: true,
  });
}

/** For tests and CLI commands that must stay quiet. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
