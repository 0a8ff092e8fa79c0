import { z } from 'zod';
import { timestamp } from './common';

/** The journeys virtual users walk (src/traffic/journeys.ts gives each its steps). */
export const journeyKinds = [
  'quick_buyer',
  'browser',
  'researcher',
  'reservation_maker',
  'indecisive_shopper',
  'full_evening',
  'group_order',
] as const;
export type JourneyKind = (typeof journeyKinds)[number];

export const trafficStartBody = z.strictObject({
  usersPerMinute: z.number().min(0.1).max(6000).default(30),
  maxConcurrentUsers: z.number().int().min(1).max(500).default(10),
  durationSeconds: z
    .number()
    .int()
    .min(1)
    .max(86_400)
    .optional()
    .meta({ description: 'Default: until stopped' }),
  thinkTimeScale: z.number().min(0).max(10).default(1),
  rushHour: z.boolean().default(false),
  weights: z
    .partialRecord(z.enum(journeyKinds), z.number().min(0).max(1000))
    .optional()
    .meta({ description: `Relative weights of ${journeyKinds.join(', ')}` }),
});
export type TrafficStartInput = z.output<typeof trafficStartBody>;

export const trafficStatus = z.object({
  state: z
    .enum(['idle', 'running', 'finishing'])
    .describe('finishing: stopped, and the journeys under way walk to their end (summary.activeUsers)'),
  running: z.boolean().describe('running or finishing'),
  startedAt: timestamp.nullable(),
  settings: z
    .object({
      usersPerMinute: z.number(),
      maxConcurrentUsers: z.number(),
      durationMs: z.number().optional(),
      thinkTimeScale: z.number(),
      rushHour: z.boolean(),
      weights: z.record(z.string(), z.number()).optional(),
    })
    .nullable(),
  summary: z
    .object({
      journeys: z.array(
        z.object({ kind: z.string(), completed: z.number(), abandoned: z.number(), failed: z.number() }),
      ),
      startedJourneys: z.number(),
      activeUsers: z.number(),
      requests: z.number(),
      errors: z.number(),
      latencyMs: z.object({ p50: z.number(), p95: z.number(), p99: z.number() }),
    })
    .nullable(),
});
