import { z } from 'zod';

/**
 * Client journey events a browser or virtual user may report, with the journey stage each one
 * marks (the collector's transform sets `customer.journey.stage` from the same table).
 */
export const journeyStages = {
  page_view: 'browse',
  menu_viewed: 'browse',
  item_viewed: 'browse',
  CART_ADD: 'checkout',
  CART_REMOVE: 'checkout',
  checkout_started: 'checkout',
  payment_initiated: 'payment',
  order_placed: 'payment',
  reservation_started: 'reservation',
  reservation_completed: 'reservation',
  journey_started: 'start',
  journey_completed: 'complete',
  journey_abandoned: 'abandoned',
} as const;
export type JourneyEventName = keyof typeof journeyStages;

export function isJourneyEvent(name: string): name is JourneyEventName {
  return Object.hasOwn(journeyStages, name);
}

const MAX_PROPERTY_DEPTH = 8;

function depth(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + children.reduce<number>((max, child) => Math.max(max, depth(child)), 0);
}

export const clientEventBody = z.strictObject({
  event: z
    .string()
    .min(1)
    .max(64)
    .meta({ description: `One of ${Object.keys(journeyStages).join(', ')}; others are refused with 422` }),
  properties: z
    .record(z.string().max(128), z.unknown())
    .refine((value) => depth(value) <= MAX_PROPERTY_DEPTH, `must nest at most ${MAX_PROPERTY_DEPTH} levels`)
    .optional()
    .meta({ description: 'Free-form data kept with the event (emails and card numbers are masked)' }),
});
export type ClientEventInput = z.output<typeof clientEventBody>;

export const eventAccepted = z.object({ accepted: z.literal(true), event: z.string(), stage: z.string() });
