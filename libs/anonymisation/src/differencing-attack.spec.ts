import { randomInt } from 'node:crypto';
import { noisyCount, noisySum } from './dp-mechanisms.js';
import { parseEpsilon } from './epsilon.js';

// SECURITY.md #25 (Denning et al. 1979 trackers; Dinur & Nissim 2003): an attacker asks two
// overlapping queries that differ only by the target. Under ε-DP no test separates the two worlds
// with success above e^ε / (1 + e^ε) (uniform prior). The threshold attacks below are optimal for
// discrete Laplace noise, so they sit right at the bound: the margin is 4.5 binomial standard errors
// over 1,000 trials (false alarm ≈ 3e-6).

const TRIALS = 1000;
const bound = (epsilon: number) => Math.exp(epsilon) / (1 + Math.exp(epsilon));
const margin = (p: number) => 4.5 * Math.sqrt((p * (1 - p)) / TRIALS);
const coin = () => randomInt(2) === 1;

describe('differencing attack', () => {
  it.each([0.5, 1])('count: learning whether the target is in a cell succeeds ≤ e^ε/(1+e^ε), ε = %p', (e) => {
    const others = 57; // the attacker knows everyone else exactly (worst case)
    let correct = 0;
    for (let i = 0; i < TRIALS; i++) {
      const present = coin();
      const answer = noisyCount(others + (present ? 1 : 0), parseEpsilon(e)).value;
      if (answer > others === present) correct++;
    }
    expect(correct / TRIALS).toBeLessThanOrEqual(bound(e) + margin(bound(e)));
    // The threshold test is optimal here and hits the bound exactly, so the noise is not larger than
    // claimed either (that would waste researchers' accuracy).
    expect(correct / TRIALS).toBeGreaterThanOrEqual(bound(e) - margin(bound(e)));
  });

  it('sum: guessing the target’s score (0 or 100) from Q(with) − Q(without) succeeds ≤ e^ε/(1+e^ε)', () => {
    const e = 1;
    const others = Array.from({ length: 40 }, (_, i) => (i * 37) % 101);
    let correct = 0;
    for (let i = 0; i < TRIALS; i++) {
      const high = coin();
      const withTarget = noisySum([...others, high ? 100 : 0], 0, 100, parseEpsilon(e)).value;
      const withoutTarget = noisySum(others, 0, 100, parseEpsilon(e)).value;
      if (withTarget - withoutTarget > 50 === high) correct++;
    }
    expect(correct / TRIALS).toBeLessThanOrEqual(bound(e) + margin(bound(e)));
  });

  it('at a careless ε = 8 the same attack nearly always wins (the test has teeth)', () => {
    let correct = 0;
    for (let i = 0; i < TRIALS; i++) {
      const present = coin();
      if (noisyCount(57 + (present ? 1 : 0), parseEpsilon(8)).value > 57 === present) correct++;
    }
    expect(correct / TRIALS).toBeGreaterThan(0.99);
  });
});
