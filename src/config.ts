import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting of the app, read from the environment once, validated and frozen.
 * Nothing else in the codebase reads `process.env`.
 */

const port = z.coerce.number().int().min(0).max(65535);
const ratio = z.coerce.number().min(0).max(1);
const positiveInt = z.coerce.number().int().positive();

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(3001),
  LOG_DIR: z.string().min(1).default('/tmp/codeuser'),
  DATA_DIR: z.string().min(1).default('./data'),
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
  PAYMENT_DECLINE_RATE: ratio.default(0.05),
  /** Median latency of the simulated payment gateway; each call varies around it. */
  PAYMENT_LATENCY_MS: z.coerce.number().int().min(0).max(30_000).default(120),
  RESERVATION_SEATING_MINUTES: positiveInt.max(600).default(90),
  SHUTDOWN_TIMEOUT_MS: positiveInt.max(120_000).default(10_000),
});

export type Config = Readonly<{
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  logDir: string;
  dataDir: string;
  currency: string;
  /** Tax rate in basis points (1/100 of a percent), so tax is computed in integers. */
  taxRateBasisPoints: number;
  kitchen: Readonly<{ msPerMinute: number; capacity: number; handoffMinutes: number }>;
  payments: Readonly<{ declineRate: number; latencyMs: number }>;
  reservations: Readonly<{ seatingMinutes: number }>;
  shutdownTimeoutMs: number;
}>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means "not set", as in most shells' `VAR= cmd`.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  return Object.freeze({
    nodeEnv: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    logDir: path.resolve(e.LOG_DIR),
    dataDir: path.resolve(e.DATA_DIR),
    currency: e.CURRENCY,
    taxRateBasisPoints: Math.round(e.TAX_RATE * 10_000),
    kitchen: Object.freeze({
      msPerMinute: e.KITCHEN_MS_PER_MINUTE,
      capacity: e.KITCHEN_CAPACITY,
      handoffMinutes: e.KITCHEN_HANDOFF_MINUTES,
    }),
    payments: Object.freeze({ declineRate: e.PAYMENT_DECLINE_RATE, latencyMs: e.PAYMENT_LATENCY_MS }),
    reservations: Object.freeze({ seatingMinutes: e.RESERVATION_SEATING_MINUTES }),
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
  });
}
