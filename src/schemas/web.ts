import { z } from 'zod';

/** What the browser pages read at start: nothing secret, everything that varies by deployment. */
export const webConfig = z.object({
  /** The collector's OTLP/HTTP traces URL as the browser reaches it; null: no browser telemetry. */
  otlpTracesUrl: z.string().nullable(),
  serviceVersion: z.string(),
  /** The control room must ask for ADMIN_TOKEN and send it as a bearer token. */
  adminTokenRequired: z.boolean(),
  /** The journeys virtual users can walk, for the control room's mix. */
  journeyKinds: z.array(z.string()),
});
export type WebConfig = z.infer<typeof webConfig>;
