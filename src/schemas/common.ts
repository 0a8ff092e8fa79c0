import { z } from 'zod';
import { BIDI_CONTROLS } from '../../redaction/unicode';

/** Money in JSON: a number in currency units with at most two decimals (12.5, 25.47). */
export const money = z
  .number()
  .nonnegative()
  .max(1_000_000)
  .refine((value) => Math.round(value * 100) / 100 === value, 'must have at most two decimals')
  .meta({ description: 'Amount in currency units, at most two decimals', examples: [25.47] });

/** Server ids are a short prefix and hex; path params accept any short printable token. */
export const idParam = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an id of letters, digits, "_" or "-"');

export const timestamp = z.iso.datetime().meta({ description: 'ISO 8601 UTC timestamp' });

/**
 * Characters a single line of human text never needs and log readers and terminals misread:
 * control characters (C0, DEL, C1), line and paragraph separators, and bidirectional controls
 * that make text display differently from what it is ("Trojan Source").
 */
const UNPRINTABLE = new RegExp(`[\\p{Cc}\\p{Zl}\\p{Zp}${BIDI_CONTROLS}]`, 'u');

/** A single-line human text: printable, no control characters. */
export function text(max: number) {
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine(
      (value) => !UNPRINTABLE.test(value),
      'must not contain control, separator or bidirectional characters',
    );
}

/** A whole number in a query string, written in decimal digits only (no `0x10`, `1e3` or ` 5`). */
export function queryInteger(min: number, max: number) {
  return z
    .string()
    .regex(/^[0-9]{1,9}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}

export const email = z.email().max(254);
export const phone = z
  .string()
  .regex(/^\+?[0-9 ().-]{6,24}$/, 'must be a phone number of digits, spaces and + ( ) . -');

export const problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    requestId: z.string(),
    traceId: z.string(),
    errors: z
      .array(
        z.object({
          location: z.enum(['body', 'query', 'params', 'header']),
          field: z.string(),
          message: z.string(),
        }),
      )
      .optional(),
  })
  .catchall(z.unknown())
  .meta({ description: 'RFC 9457 problem details' });
