import { z } from 'zod';

export const liveFigures = z.object({
  bucketSeconds: z.number().int(),
  /** Oldest first, the current interval last. */
  points: z.array(
    z.object({
      at: z.string(),
      requestsPerSecond: z.number(),
      errorRate: z.number().min(0).max(1),
      p95Ms: z.number(),
      ordersPerMinute: z.number(),
      revenuePerMinute: z.number(),
    }),
  ),
  /** The latest answered requests, newest first. */
  recent: z.array(
    z.object({
      at: z.string(),
      method: z.string(),
      route: z.string().nullable(),
      status: z.number().int(),
      durationMs: z.number(),
      traceId: z.string(),
    }),
  ),
  kitchen: z.object({ queueDepth: z.number().int(), inProgress: z.number().int() }),
});
