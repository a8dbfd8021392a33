import { describe, expect, it } from '@jest/globals';
import { ConfigError, DEVELOPMENT_API_KEYS, loadConfig } from './app-config.js';

const fails = (env: NodeJS.ProcessEnv): ConfigError => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('gives the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/dispute_tracker',
      redisUrl: 'redis://127.0.0.1:6379',
      port: 3000,
      queuePrefix: 'dt',
      webhookAllowPrivate: true,
      logLevel: 'info',
      usingDevelopmentKeys: true,
    });
    expect(config.apiKeys).toEqual(DEVELOPMENT_API_KEYS);
    expect(config.alertLeadTimes.map((d) => d.text)).toEqual(['P30D', 'P7D', 'P1D', 'PT1H']);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL'],
    [{ QUEUE_PREFIX: 'a:b' }, 'QUEUE_PREFIX'],
    [{ ALERT_LEAD_TIMES: 'P30D,soon' }, 'ALERT_LEAD_TIMES'],
    [{ ALERT_LEAD_TIMES: 'PT0S' }, 'ALERT_LEAD_TIMES'],
    [{ WEBHOOK_ALLOW_PRIVATE: 'maybe' }, 'WEBHOOK_ALLOW_PRIVATE'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ API_KEYS: 'root:abcdefghijklmnopqrstuvwxyz' }, 'API_KEYS'],
    [{ API_KEYS: 'admin:short' }, 'API_KEYS'],
    [{ NODE_ENV: 'production' }, 'API_KEYS'],
  ])('refuses %j naming %s on one line', (env, variable) => {
    const error = fails(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(new RegExp(`^Invalid configuration: ${variable} `));
    expect(error.message).not.toContain('\n');
  });

  it('parses API_KEYS and turns private webhooks off in production', () => {
    const config = loadConfig({ NODE_ENV: 'production', API_KEYS: 'admin:0123456789abcdef, viewer:fedcba9876543210' });
    expect(config.apiKeys).toEqual([
      { role: 'admin', token: '0123456789abcdef' },
      { role: 'viewer', token: 'fedcba9876543210' },
    ]);
    expect(config.usingDevelopmentKeys).toBe(false);
    expect(config.webhookAllowPrivate).toBe(false);
  });
});
