import { z } from 'zod';
import { parseIsoDuration, type IsoDuration } from './iso-duration.js';

export const ROLES = ['admin', 'analyst', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface ApiKey {
  readonly role: Role;
  readonly token: string;
}

/** Used outside production when API_KEYS is unset; documented in the README. Never valid in production. */
export const DEVELOPMENT_API_KEYS: readonly ApiKey[] = [
  { role: 'admin', token: 'dev-admin-token' },
  { role: 'analyst', token: 'dev-analyst-token' },
  { role: 'viewer', token: 'dev-viewer-token' },
];

export interface AppConfig {
  readonly nodeEnv: 'development' | 'test' | 'production';
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly port: number;
  readonly apiKeys: readonly ApiKey[];
  /** True when API_KEYS was unset and the development keys are in use (the log says so). */
  readonly usingDevelopmentKeys: boolean;
  readonly queuePrefix: string;
  readonly alertLeadTimes: readonly IsoDuration[];
  readonly webhookAllowPrivate: boolean;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Requests per minute per token (per address without one), shared through Redis; 0 = no limit. */
  readonly rateLimitPerMinute: number;
  /** Events a projector applies per transaction. */
  readonly projectionBatchSize: number;
}

/** Start-up stops on the first bad variable, with one line that names it. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

const postgresUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\//.test(v) && URL.canParse(v), 'must be a postgres:// URL');
const redisUrl = z
  .string()
  .refine((v) => /^rediss?:\/\//.test(v) && URL.canParse(v), 'must be a redis:// or rediss:// URL');
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATABASE_URL: postgresUrl.default('postgres://postgres@127.0.0.1:5432/dispute_tracker'),
  REDIS_URL: redisUrl.default('redis://127.0.0.1:6379'),
  PORT: z.coerce.number({ error: 'must be a port number (1-65535)' }).int('must be a port number (1-65535)').min(1, 'must be a port number (1-65535)').max(65535, 'must be a port number (1-65535)').default(3000),
  API_KEYS: z.string().optional(),
  QUEUE_PREFIX: z
    .string()
    .regex(/^(?:\{[A-Za-z0-9_-]{1,62}\}|[A-Za-z0-9_-]{1,64})$/, 'must be 1-64 letters, digits, "_" or "-" (or such a name in braces, a Redis Cluster hash tag)')
    .default('dt'),
  ALERT_LEAD_TIMES: z.string().default('P30D,P7D,P1D,PT1H'),
  WEBHOOK_ALLOW_PRIVATE: bool.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PROJECTION_BATCH_SIZE: z.coerce.number({ error: 'must be a whole number from 1 to 10000' }).int().min(1).max(10_000).default(1000),
  RATE_LIMIT_PER_MINUTE: z.coerce.number({ error: 'must be a whole number (0 turns the limit off)' }).int().min(0).default(6000),
});

export function parseApiKeys(text: string): ApiKey[] {
  const keys = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const colon = entry.indexOf(':');
      const role = entry.slice(0, colon);
      const token = entry.slice(colon + 1);
      if (colon < 1 || !(ROLES as readonly string[]).includes(role)) {
        throw new ConfigError('API_KEYS', `entry "${entry.slice(0, 20)}…" must be role:token with role one of ${ROLES.join(', ')}`);
      }
      if (token.length < 16) {
        throw new ConfigError('API_KEYS', `token for role ${role} must be at least 16 characters`);
      }
      return { role: role as Role, token };
    });
  if (keys.length === 0) throw new ConfigError('API_KEYS', 'is set but holds no role:token entry');
  return keys;
}

export function parseLeadTimes(text: string, variable = 'ALERT_LEAD_TIMES'): IsoDuration[] {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0) throw new ConfigError(variable, 'must list at least one ISO 8601 duration');
  try {
    return parts.map(parseIsoDuration);
  } catch (error) {
    throw new ConfigError(variable, (error as Error).message);
  }
}

/** Reads and validates the environment once; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0]);
    const given = env[variable];
    throw new ConfigError(variable, `${issue.message}${given === undefined ? '' : ` (got "${given.slice(0, 60)}")`}`);
  }
  const v = parsed.data;
  const production = v.NODE_ENV === 'production';
  const apiKeysText = v.API_KEYS?.trim();
  if (!apiKeysText && production) {
    throw new ConfigError('API_KEYS', 'must be set when NODE_ENV=production (comma list of role:token)');
  }
  return {
    nodeEnv: v.NODE_ENV,
    databaseUrl: v.DATABASE_URL,
    redisUrl: v.REDIS_URL,
    port: v.PORT,
    apiKeys: apiKeysText ? parseApiKeys(apiKeysText) : DEVELOPMENT_API_KEYS,
    usingDevelopmentKeys: !apiKeysText,
    queuePrefix: v.QUEUE_PREFIX,
    alertLeadTimes: parseLeadTimes(v.ALERT_LEAD_TIMES),
    webhookAllowPrivate: v.WEBHOOK_ALLOW_PRIVATE ?? !production,
    logLevel: v.LOG_LEVEL,
    rateLimitPerMinute: v.RATE_LIMIT_PER_MINUTE,
    projectionBatchSize: v.PROJECTION_BATCH_SIZE,
  };
}
