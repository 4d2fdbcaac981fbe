import { AnonymisationError } from './anonymisation.errors.js';
import {
  type MilliEpsilon,
  asMilliEpsilon,
  canSpend,
  formatEpsilon,
  parseEpsilon,
  queryEpsilon,
  spend,
  sumEpsilon,
} from './epsilon.js';

describe('privacy budget arithmetic', () => {
  it('10 × 0.1 is exactly 1.0', () => {
    const cost = parseEpsilon(0.1);
    expect(sumEpsilon(new Array<MilliEpsilon>(10).fill(cost))).toBe(parseEpsilon('1.0'));
    let remaining = parseEpsilon(1);
    for (let i = 0; i < 10; i++) remaining = spend(remaining, cost);
    expect(remaining).toBe(0);
    expect(formatEpsilon(remaining)).toBe('0.000');
  });

  it('allows exactly 10 queries of 0.1 out of 1.0 and refuses the 11th', () => {
    let remaining = parseEpsilon('1');
    const cost = parseEpsilon('0.1');
    let answered = 0;
    let refused = 0;
    for (let i = 0; i < 100; i++) {
      if (canSpend(remaining, cost)) {
        remaining = spend(remaining, cost);
        answered++;
      } else refused++;
    }
    expect([answered, refused]).toEqual([10, 90]);
    try {
      spend(remaining, cost);
      throw new Error('expected a refusal');
    } catch (e) {
      expect(e).toBeInstanceOf(AnonymisationError);
      expect((e as AnonymisationError).reason).toBe('BUDGET_EXHAUSTED');
      expect((e as AnonymisationError).category).toBe('CONFLICT');
    }
  });

  it('parses decimals exactly and rejects more than 3 places, negatives and junk', () => {
    expect(parseEpsilon(0.7)).toBe(700);
    expect(parseEpsilon('0.25')).toBe(250);
    expect(parseEpsilon(2)).toBe(2000);
    expect(formatEpsilon(parseEpsilon('1.05'))).toBe('1.050');
    for (const bad of [0.0001, -1, '1e-3', 'abc', Number.NaN, Infinity, '']) {
      expect(() => parseEpsilon(bad)).toThrow(AnonymisationError);
    }
  });

  it('never spends zero or more than is left', () => {
    expect(canSpend(asMilliEpsilon(100), asMilliEpsilon(0))).toBe(false);
    expect(canSpend(asMilliEpsilon(100), asMilliEpsilon(100))).toBe(true);
    expect(canSpend(asMilliEpsilon(99), asMilliEpsilon(100))).toBe(false);
    expect(() => spend(asMilliEpsilon(100), asMilliEpsilon(0))).toThrow(/ε > 0/);
    expect(() => asMilliEpsilon(1.5)).toThrow();
  });

  it('bounds a single query’s ε to (0, 10]', () => {
    expect(queryEpsilon(parseEpsilon('0.001'))).toEqual({ num: 1n, den: 1000n });
    expect(() => queryEpsilon(parseEpsilon(0))).toThrow();
    expect(() => queryEpsilon(parseEpsilon('10.001'))).toThrow();
  });
});
