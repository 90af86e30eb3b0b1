import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, describeSettings, loadConfig } from '../../../src/config';
import { envSchema } from '../../../src/config/schema';

describe('loadConfig', () => {
  it('starts with no settings at all, on the embedded defaults', () => {
    const config = loadConfig({});
    expect(config.server.port).toBe(3978);
    expect(config.server.host).toBe('127.0.0.1');
    expect(config.storage.mongoUri).toBeUndefined();
    expect(config.storage.dataDir).toBe(path.resolve('data'));
    expect(config.directLine.tokenTtlSeconds).toBe(1800);
    expect(config.server.bodyLimitBytes).toBe(256 * 1024);
  });

  it('lists every invalid setting at once, by name', () => {
    const attempt = () => loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', DEFAULT_LANGUAGE: 'fr' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (err) {
      const settings = (err as ConfigError).problems.map((p) => p.setting).sort();
      expect(settings).toEqual(['DEFAULT_LANGUAGE', 'LOG_LEVEL', 'PORT']);
    }
  });

  it('refuses production without Bot Framework credentials', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/MICROSOFT_APP_ID: required in production/);
    expect(() =>
      loadConfig({ NODE_ENV: 'production', MICROSOFT_APP_ID: 'app', MICROSOFT_APP_PASSWORD: 'pw' }),
    ).not.toThrow();
  });

  it('never puts a secret value into an error or a log line', () => {
    const secret = 'short-secret-value';
    try {
      loadConfig({ DIRECTLINE_TOKEN_SECRET: secret });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect((err as Error).message).toContain('DIRECTLINE_TOKEN_SECRET');
      expect((err as Error).message).not.toContain(secret);
    }
    const described = describeSettings({ MICROSOFT_APP_PASSWORD: 'p@ss', PORT: '4000', UNRELATED: 'x' });
    expect(described).toEqual({ MICROSOFT_APP_PASSWORD: '[redacted]', PORT: '4000' });
  });

  it('documents every setting in .env.example and nothing else', () => {
    const example = fs.readFileSync(path.join(__dirname, '../../../.env.example'), 'utf8');
    const documented = [...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]).sort();
    expect(documented).toEqual(Object.keys(envSchema.shape).sort());
  });
});
