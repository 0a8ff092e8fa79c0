import { randomHex } from '../src/random-hex';

describe('randomHex', () => {
  test('when ids are drawn across several pool refills, then each has the asked length and none repeats', () => {
    const ids = Array.from({ length: 3000 }, () => randomHex(16));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(randomHex(8)).toMatch(/^[0-9a-f]{16}$/);
    expect(randomHex(12)).toMatch(/^[0-9a-f]{24}$/);
  });
});
