import { fromCents, taxFor, toCents } from '../src/money';

describe('money', () => {
  test('when cents become units and back, then nothing drifts', () => {
    for (let cents = 0; cents <= 100_000; cents += 7) {
      expect(toCents(fromCents(cents))).toBe(cents);
    }
    expect(fromCents(2547)).toBe(25.47);
    expect(JSON.stringify(fromCents(1250))).toBe('12.5');
  });

  test('when an amount has more than two decimals, then it is refused', () => {
    expect(() => toCents(10.005)).toThrow(RangeError);
    expect(() => toCents(Number.NaN)).toThrow(RangeError);
  });

  test('when tax is computed, then it rounds half up to the cent in integers', () => {
    expect(taxFor(4467, 875)).toBe(391); // 390.8625
    expect(taxFor(200, 2500)).toBe(50);
    expect(taxFor(2, 2500)).toBe(1); // 0.5 rounds up
    expect(taxFor(1, 2500)).toBe(0); // 0.25 rounds down
    expect(taxFor(0, 875)).toBe(0);
  });
});
