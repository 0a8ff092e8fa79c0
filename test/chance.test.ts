import { createChance, fork, idsFrom, seededRandom, systemIds } from '../src/chance';

const draws = (random: () => number, n = 5) => Array.from({ length: n }, () => random());

describe('chance', () => {
  test('when ids are drawn across several pool refills, then each has the asked length and none repeats', () => {
    const ids = Array.from({ length: 3000 }, () => systemIds.hex(16));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(systemIds.hex(8)).toMatch(/^[0-9a-f]{16}$/);
    expect(systemIds.hex(12)).toMatch(/^[0-9a-f]{24}$/);
  });

  test('when two runs have the same seed, then each purpose draws the same numbers and ids in both', () => {
    const first = createChance('demo-42');
    const second = createChance('demo-42');
    // Drawn in another order across purposes: each purpose's stream is its own.
    const gateway = draws(first.random('gateway'));
    const kitchen = draws(first.random('kitchen'));
    expect(draws(second.random('kitchen'))).toEqual(kitchen);
    expect(draws(second.random('gateway'))).toEqual(gateway);
    expect(first.ids('ids').uuid()).toBe(second.ids('ids').uuid());
    expect(gateway).not.toEqual(kitchen);
    expect(draws(createChance('demo-43').random('gateway'))).not.toEqual(gateway);
  });

  test('when a purpose is asked for twice, then the second continues the first stream instead of repeating it', () => {
    const chance = createChance('seed');
    const a = chance.ids('ids').hex(16);
    const b = chance.ids('ids').hex(16);
    expect(a).not.toBe(b);
  });

  test('when numbers are seeded, then they lie in [0, 1) and spread evenly', () => {
    const numbers = draws(seededRandom('spread'), 20_000);
    for (const n of numbers) expect(n >= 0 && n < 1).toBe(true);
    const buckets = new Array(10).fill(0);
    for (const n of numbers) buckets[Math.floor(n * 10)]++;
    for (const count of buckets) expect(Math.abs(count - 2000)).toBeLessThan(200);
  });

  test('when ids come from a stream, then UUIDs are version 4 of the RFC variant and hex ids have the asked length', () => {
    const ids = idsFrom(seededRandom('ids'));
    const uuids = Array.from({ length: 200 }, () => ids.uuid());
    for (const uuid of uuids)
      expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(uuids).size).toBe(uuids.length);
    expect(ids.hex(12)).toMatch(/^[0-9a-f]{24}$/);
    expect(ids.hex(3)).toMatch(/^[0-9a-f]{6}$/);
  });

  test('when users fork the traffic stream, then each fork is reproducible and unlike its siblings', () => {
    const traffic = seededRandom('traffic');
    const [one, two] = [fork(traffic), fork(traffic)];
    const again = seededRandom('traffic');
    expect(draws(fork(again))).toEqual(draws(one));
    expect(draws(fork(again))).toEqual(draws(two));
    expect(draws(one)).not.toEqual(draws(two));
  });
});
