import { z } from 'zod';
import { timestamp } from './common';

export const collectorStatusSchema = z.object({
  mode: z.enum(['local', 'pipeline', 'legacy']),
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
    }),
  ),
});
