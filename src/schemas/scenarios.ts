import { z } from 'zod';
import { scenarioNames } from '../scenarios/catalogue';
import { timestamp } from './common';

export const scenarioParams = z.strictObject({
  name: z.string().regex(/^[a-z_]{1,40}$/, 'must be a scenario name'),
});

export const scenarioStartBody = z.strictObject({
  durationSeconds: z.number().int().min(10).max(600).default(60),
  intensity: z.number().min(0).max(1).default(0.5),
});

export const scenarioState = z.object({
  name: z.enum(scenarioNames as [string, ...string[]]),
  description: z.string(),
  active: z.boolean(),
  intensity: z.number().nullable(),
  startedAt: timestamp.nullable(),
  endsAt: timestamp.nullable(),
  secondsLeft: z.number().nullable(),
});
