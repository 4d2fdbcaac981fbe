import { bernoulliExpMinus, randomBelow } from './exact-random.js';

describe('exact random primitives', () => {
  it.each([
    [0n, 1n],
    [1n, 3n],
    [1n, 1n],
    [5n, 2n],
  ])('Bernoulli(exp(−%i/%i)) has the right mean', (num, den) => {
    const n = 40_000;
    let hits = 0;
    for (let i = 0; i < n; i++) if (bernoulliExpMinus({ num, den })) hits++;
    const p = Math.exp(-Number(num) / Number(den));
    expect(Math.abs(hits / n - p)).toBeLessThanOrEqual(5 * Math.sqrt((p * (1 - p)) / n) + 1e-12);
  });

  it('draws uniformly below bounds beyond crypto.randomInt’s 2⁴⁸ limit', () => {
    const bound = 3n * 2n ** 60n + 7n;
    const n = 30_000;
    const draws = Array.from({ length: n }, () => randomBelow(bound));
    expect(draws.every((x) => x >= 0n && x < bound)).toBe(true);
    const low = draws.filter((x) => x < bound / 2n).length;
    expect(Math.abs(low / n - 0.5)).toBeLessThan(5 * Math.sqrt(0.25 / n));
  });

  it('refuses an empty range', () => {
    expect(() => randomBelow(0n)).toThrow();
  });
});
