export { loadConfig, describeSettings, type Config } from './config';
export { ConfigError } from './config-error';
export { SECRET_SETTINGS } from './schema';
