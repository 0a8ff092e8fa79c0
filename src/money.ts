/**
 * Money is integer cents inside the app and a number in currency units at the edge.
 * Dividing an integer by 100 yields the double closest to the two-decimal value, which JSON
 * prints exactly (2547 → 25.47), so conversion never drifts.
 */
export type Cents = number;

export function fromCents(cents: Cents): number {
  return cents / 100;
}

/** Cents of an amount with at most two decimals; throws on anything else. */
export function toCents(amount: number): Cents {
  const cents = Math.round(amount * 100);
  if (!Number.isFinite(amount) || cents / 100 !== amount) {
    throw new RangeError(`${amount} is not an amount with at most two decimals`);
  }
  return cents;
}

/** Tax on an amount at a rate in basis points, rounded half up to the cent, in integers only. */
export function taxFor(subtotal: Cents, rateBasisPoints: number): Cents {
  return Math.floor((subtotal * rateBasisPoints + 5_000) / 10_000);
}
