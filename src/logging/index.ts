export { createLogger, resolveLogFormat, silentLogger, type LogFormat, type Logger } from './logger';
