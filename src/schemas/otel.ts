import { z } from 'zod';
import { timestamp } from './common';

export const collectorStatusSchema = z.object({
  mode: z
    .enum(['local', 'pipeline', 'legacy'])
    .nullable()
    .describe('The MEZMO_MODE the collector runs, from its own telemetry; null when it cannot be asked'),
  checkedAt: timestamp,
  collector: z.union([
    z.object({ reachable: z.literal(true), healthy: z.boolean(), status: z.string() }),
    z.object({ reachable: z.literal(false), error: z.string(), hint: z.string() }),
  ]),
  exporters: z.array(
    z.object({
      exporter: z.string(),
      signal: z.enum(['logs', 'metrics', 'traces']),
      sent: z.number(),
      failed: z.number(),
      queueSize: z.number().nullable().describe('Requests waiting in the send queue; null without a queue'),
      queueCapacity: z.number().nullable(),
      inFlight: z.number().describe('Export requests under way, retries and their backoff included'),
    }),
  ),
});
