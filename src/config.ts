import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { isSecretVariable, secretsIn, urlWithoutPassword } from '../redaction/secrets';
import { isLoopbackAddress } from './loopback';
import { isScenarioName, type ScenarioName, scenarioNames } from './scenarios/catalogue';

/**
 * Every setting of the app, read from the environment once, validated and frozen. Nothing else
 * in src/ reads `process.env`; the telemetry bootstrap (otel/) reads the standard OTEL_* variables
 * itself, since it starts before the app, and checks them in otel/env.ts.
 */

const port = z.coerce.number().int().min(0).max(65535);
const ratio = z.coerce.number().min(0).max(1);
const positiveInt = z.coerce.number().int().positive();
const BYTE_SIZE = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)b?\s*$/i;
const BYTE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
/** A size such as `10485760`, `512k`, `50MB` or `1g`, in bytes. */
const byteSize = z
  .string()
  .regex(BYTE_SIZE, 'must be a size such as 50MB, 512k or 1048576')
  .transform((value) => {
    const [, number = '0', unit = ''] = BYTE_SIZE.exec(value) ?? [];
    return Math.floor(Number(number) * (BYTE_UNITS[unit.toLowerCase()] ?? 1));
  })
  .pipe(z.number().int().min(1024, 'must be at least 1KB'));

/** `scheme://host[:port]` and nothing more, as browsers send it in `Origin`. */
function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
}

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(3001),
  LOG_DIR: z.string().min(1).default('/tmp/codeuser'),
  DATA_DIR: z.string().min(1).default('./data'),
  /** `postgres://user:password@host:5432/db`: PostgreSQL instead of SQLite in DATA_DIR, shared by replicas. */
  DATABASE_URL: z
    .string()
    .refine(isPostgresUrl, 'must be a postgres:// or postgresql:// URL naming a host')
    .optional(),
  /** Connections each process keeps to PostgreSQL at most. */
  DATABASE_POOL_SIZE: positiveInt.max(100).default(10),
  CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD')
    .default('USD'),
  TAX_RATE: z.coerce.number().min(0).max(0.5).default(0.0875),
  /** Real milliseconds per simulated kitchen minute: 1000 makes a 12-minute dish take 12 s. */
  KITCHEN_MS_PER_MINUTE: z.coerce.number().min(0).max(60_000).default(1000),
  KITCHEN_CAPACITY: positiveInt.max(100).default(4),
  /** How long a ready order waits for pickup or serving before it is completed. */
  KITCHEN_HANDOFF_MINUTES: z.coerce.number().min(0).max(120).default(3),
  /** How long a replica's kitchen holds an order without renewing: others take over after it. */
  KITCHEN_LEASE_SECONDS: z.coerce.number().min(1).max(600).default(10),
  PAYMENT_DECLINE_RATE: ratio.default(0.05),
  /** Median latency of the simulated payment gateway; each call varies around it. */
  PAYMENT_LATENCY_MS: z.coerce.number().int().min(0).max(30_000).default(120),
  RESERVATION_SEATING_MINUTES: positiveInt.max(600).default(90),
  SHUTDOWN_TIMEOUT_MS: positiveInt.max(120_000).default(10_000),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  /** A live log file is rotated once it reaches this size, and daily at midnight UTC. */
  LOG_MAX_SIZE: byteSize.default(50 * 1024 * 1024),
  LOG_MAX_ARCHIVES: positiveInt.max(1000).default(7),
  LOG_COMPRESS: z.enum(['true', 'false']).default('true'),
  /** An archive stays plain this long, so the collector can finish it, before it is gzipped. */
  LOG_COMPRESS_DELAY_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
  /** Requests slower than this are flagged `slow` in performance.log. */
  SLOW_REQUEST_MS: positiveInt.max(600_000).default(500),
  METRICS_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(10_000),
  COLLECTOR_HEALTH_URL: z.url().default('http://localhost:13133/'),
  COLLECTOR_METRICS_URL: z.url().default('http://localhost:8888/metrics'),
  /**
   * Where the browser pages send their spans: the collector's OTLP/HTTP traces URL as the
   * visitor's browser reaches it (not as the app does), or `none` for no browser telemetry.
   */
  WEB_OTLP_TRACES_URL: z
    .union([z.literal('none'), z.url({ protocol: /^https?$/, error: 'must be an http(s) URL or none' })])
    .default('http://localhost:4318/v1/traces'),
  /** Bearer token for the traffic and scenario controls; without it they answer loopback callers only. */
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /**
   * The host address a container's port is published on (compose sets it). On loopback, every
   * caller is on this machine, whatever address the container sees, so the controls need no token.
   */
  PUBLISH_ADDRESS: z.union([z.ipv4(), z.ipv6()]).optional(),
  /** Browser origins allowed to call the API cross-origin: `https://a.example,http://localhost:5173`. */
  CORS_ORIGINS: z
    .string()
    .transform((value, ctx) => {
      const origins = value
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '');
      for (const origin of origins) {
        if (!isOrigin(origin)) {
          ctx.addIssue({
            code: 'custom',
            message: `${origin} is not an origin such as https://app.example.com`,
          });
        }
      }
      return origins;
    })
    .default([]),
  /** Requests per minute per client to the control endpoints. */
  CONTROL_RATE_LIMIT: positiveInt.max(10_000).default(60),
  /**
   * Makes every choice and id reproducible (see src/chance.ts): two runs given the same requests,
   * one after another, write the same lines apart from times and durations.
   */
  RANDOM_SEED: z.string().max(200, 'must be at most 200 characters').optional(),
  /** Start virtual users with the app, at the default pace, for demos. */
  TRAFFIC_AUTOSTART: z.enum(['true', 'false']).default('false'),
  /** Scenarios to start at boot: `slow_kitchen:300,error_burst:60:0.2` (name:seconds[:intensity]). */
  SCENARIOS: z
    .string()
    .regex(
      /^(\s*[a-z_]+:\d+(:(0(\.\d+)?|1(\.0+)?))?\s*)(,\s*[a-z_]+:\d+(:(0(\.\d+)?|1(\.0+)?))?\s*)*$/,
      'must be name:seconds[:intensity], comma-separated',
    )
    .refine(
      (value) => value.split(',').every((entry) => isScenarioName(entry.trim().split(':')[0] ?? '')),
      `names must be among ${scenarioNames.join(', ')}`,
    )
    .optional(),
});

export type Config = Readonly<{
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  logDir: string;
  dataDir: string;
  /** PostgreSQL at `url` when set (its password is a secret), SQLite in dataDir otherwise. */
  database: Readonly<{ url: string | undefined; poolSize: number }>;
  currency: string;
  /** Tax rate in basis points (1/100 of a percent), so tax is computed in integers. */
  taxRateBasisPoints: number;
  kitchen: Readonly<{ msPerMinute: number; capacity: number; handoffMinutes: number; leaseMs: number }>;
  payments: Readonly<{ declineRate: number; latencyMs: number }>;
  reservations: Readonly<{ seatingMinutes: number }>;
  shutdownTimeoutMs: number;
  logging: Readonly<{
    level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
    maxBytes: number;
    maxArchives: number;
    compress: boolean;
    compressAfterMs: number;
    slowRequestMs: number;
    metricsIntervalMs: number;
  }>;
  collector: Readonly<{ healthUrl: string; metricsUrl: string }>;
  /** The browser pages' traces endpoint; null when browser telemetry is off. */
  web: Readonly<{ otlpTracesUrl: string | null }>;
  control: Readonly<{
    adminToken: string | undefined;
    /** Made at start because the port is published beyond this machine and none was set. */
    adminTokenGenerated: boolean;
    /** Every caller is on this machine (the port is published on loopback only). */
    callersAreLocal: boolean;
    ratePerMinute: number;
  }>;
  corsOrigins: readonly string[];
  /** Secret values from the environment, scrubbed from every log line; never logged themselves. */
  secrets: readonly string[];
  trafficAutostart: boolean;
  /** RANDOM_SEED: chance is reproducible when set. */
  randomSeed: string | undefined;
  bootScenarios: readonly { name: ScenarioName; durationMs: number; intensity: number }[];
}>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means "not set", as in most shells' `VAR= cmd`.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '');
      const value = present[name];
      // The value as given, so a typo shows; never a secret's.
      const got = value !== undefined && !isSecretVariable(name) ? ` (got ${JSON.stringify(value)})` : '';
      return `${issue.path.join('.')}: ${issue.message}${got}`;
    });
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  const published = e.PUBLISH_ADDRESS;
  // Published beyond loopback with no token set: the controls would be open to other machines.
  const adminTokenGenerated = published !== undefined && !isLoopbackAddress(published) && !e.ADMIN_TOKEN;
  const adminToken = adminTokenGenerated ? randomBytes(24).toString('base64url') : e.ADMIN_TOKEN;
  return Object.freeze({
    nodeEnv: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    logDir: path.resolve(e.LOG_DIR),
    dataDir: path.resolve(e.DATA_DIR),
    database: Object.freeze({ url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }),
    currency: e.CURRENCY,
    taxRateBasisPoints: Math.round(e.TAX_RATE * 10_000),
    kitchen: Object.freeze({
      msPerMinute: e.KITCHEN_MS_PER_MINUTE,
      capacity: e.KITCHEN_CAPACITY,
      handoffMinutes: e.KITCHEN_HANDOFF_MINUTES,
      leaseMs: e.KITCHEN_LEASE_SECONDS * 1000,
    }),
    payments: Object.freeze({ declineRate: e.PAYMENT_DECLINE_RATE, latencyMs: e.PAYMENT_LATENCY_MS }),
    reservations: Object.freeze({ seatingMinutes: e.RESERVATION_SEATING_MINUTES }),
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    logging: loggingSettings(e),
    collector: Object.freeze({
      healthUrl: e.COLLECTOR_HEALTH_URL,
      metricsUrl: e.COLLECTOR_METRICS_URL,
    }),
    web: Object.freeze({ otlpTracesUrl: e.WEB_OTLP_TRACES_URL === 'none' ? null : e.WEB_OTLP_TRACES_URL }),
    control: Object.freeze({
      adminToken,
      adminTokenGenerated,
      callersAreLocal: published !== undefined && isLoopbackAddress(published),
      ratePerMinute: e.CONTROL_RATE_LIMIT,
    }),
    corsOrigins: Object.freeze(e.CORS_ORIGINS),
    secrets: Object.freeze(secretsIn(adminTokenGenerated ? { ...env, ADMIN_TOKEN: adminToken } : env)),
    trafficAutostart: e.TRAFFIC_AUTOSTART === 'true',
    randomSeed: e.RANDOM_SEED,
    bootScenarios: Object.freeze(
      (e.SCENARIOS ?? '')
        .split(',')
        .filter((entry) => entry.trim() !== '')
        .map((entry) => {
          const [name = '', seconds = '0', intensity = '1'] = entry.trim().split(':');
          return {
            name: name as ScenarioName,
            durationMs: Number(seconds) * 1000,
            intensity: Number(intensity),
          };
        }),
    ),
  });
}

function loggingSettings(e: z.infer<typeof envSchema>): Config['logging'] {
  return Object.freeze({
    level: e.LOG_LEVEL,
    maxBytes: e.LOG_MAX_SIZE,
    maxArchives: e.LOG_MAX_ARCHIVES,
    compress: e.LOG_COMPRESS === 'true',
    compressAfterMs: e.LOG_COMPRESS_DELAY_MS,
    slowRequestMs: e.SLOW_REQUEST_MS,
    metricsIntervalMs: e.METRICS_INTERVAL_MS,
  });
}

/** The settings worth a line in app.log at start: no secret value (the token and keys stay out). */
export function configSummary(config: Config) {
  return {
    nodeEnv: config.nodeEnv,
    host: config.host,
    port: config.port,
    logDir: config.logDir,
    dataDir: config.dataDir,
    database: config.database.url
      ? { url: urlWithoutPassword(config.database.url), poolSize: config.database.poolSize }
      : { file: path.join(config.dataDir, 'restaurant.db') },
    currency: config.currency,
    kitchen: config.kitchen,
    payments: config.payments,
    logging: config.logging,
    control: {
      adminToken: config.control.adminTokenGenerated
        ? 'made at start (printed on standard output): the port is published beyond this machine'
        : config.control.adminToken
          ? 'set'
          : config.control.callersAreLocal
            ? 'not set: the port is published on loopback, every caller is on this machine'
            : 'not set: loopback callers only',
      ratePerMinute: config.control.ratePerMinute,
    },
    corsOrigins: config.corsOrigins,
    web: config.web,
    secretsScrubbed: config.secrets.length,
    trafficAutostart: config.trafficAutostart,
    randomSeed: config.randomSeed ?? null,
  };
}
