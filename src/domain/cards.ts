/** Card checks the simulated gateway runs, and the test cards that always decline. */

/** Test numbers in the style of public payment sandboxes; each declines with one reason. */
export const declinedTestCards: Readonly<Record<string, DeclineReason>> = {
  '4000000000000002': 'do_not_honor',
  '4000000000009995': 'insufficient_funds',
  '4000000000000069': 'expired_card',
  '4000000000000127': 'incorrect_cvc',
  '4100000000000019': 'suspected_fraud',
  '4000000000000119': 'processing_error',
};

export const declineReasons = [
  'insufficient_funds',
  'do_not_honor',
  'expired_card',
  'incorrect_cvc',
  'suspected_fraud',
  'processing_error',
] as const;
export type DeclineReason = (typeof declineReasons)[number];

export function cardBrand(digits: string): string {
  if (digits.startsWith('4')) return 'visa';
  if (/^(5[1-5]|2(2[2-9]|[3-6][0-9]|7[01]|720))/.test(digits)) return 'mastercard';
  if (/^3[47]/.test(digits)) return 'amex';
  if (/^(6011|65|64[4-9])/.test(digits)) return 'discover';
  return 'unknown';
}

/** Whether a card has expired at the end of its expiry month, in UTC. */
export function isExpired(expMonth: number, expYear: number, now: Date): boolean {
  const firstDayAfterExpiry = Date.UTC(expYear, expMonth, 1);
  return now.getTime() >= firstDayAfterExpiry;
}
