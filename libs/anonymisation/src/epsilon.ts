import { AnonymisationError } from './anonymisation.errors.js';
import type { Rational } from './exact-random.js';

// Privacy budget arithmetic (SECURITY.md #27). ε is kept as an integer number of thousandths
// ("milli-ε"), so sums and comparisons are exact: 10 × 0.1 is exactly 1.000, never 0.9999999999.
// The brand keeps milli-ε and plain ε apart in the type system.

export type MilliEpsilon = number & { readonly __unit: 'milli-epsilon' };

export const MILLI_PER_EPSILON = 1000;
/** Per-query ceiling: above ε = 10 the noise protects nobody, so treat it as a configuration error. */
export const MAX_QUERY_EPSILON = 10_000 as MilliEpsilon;

/** ε as a decimal with at most 3 places (0.1, '0.25', 1) → milli-ε. Zero is allowed (an empty budget). */
export function parseEpsilon(value: number | string): MilliEpsilon {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const match = /^(\d+)(?:\.(\d{1,3}))?$/.exec(text);
  if (!match) {
    throw new AnonymisationError('INVALID_EPSILON', `ε must be a non-negative decimal with ≤ 3 places, got ${text}`);
  }
  const milli = Number(match[1]) * MILLI_PER_EPSILON + Number((match[2] ?? '').padEnd(3, '0'));
  return asMilliEpsilon(milli);
}

/** Validates a stored integer (e.g. a ledger column) as milli-ε. */
export function asMilliEpsilon(milli: number): MilliEpsilon {
  if (!Number.isSafeInteger(milli) || milli < 0) {
    throw new AnonymisationError('INVALID_EPSILON', 'milli-ε must be a non-negative integer');
  }
  return milli as MilliEpsilon;
}

/** '0.100'-style text for responses and audit logs (exact, no float formatting). */
export function formatEpsilon(milli: MilliEpsilon): string {
  return `${Math.trunc(milli / MILLI_PER_EPSILON)}.${String(milli % MILLI_PER_EPSILON).padStart(3, '0')}`;
}

export function canSpend(remaining: MilliEpsilon, cost: MilliEpsilon): boolean {
  return cost > 0 && cost <= remaining;
}

/** The remaining budget after paying `cost`; refuses (never goes negative) when it does not fit. */
export function spend(remaining: MilliEpsilon, cost: MilliEpsilon): MilliEpsilon {
  asMilliEpsilon(remaining);
  asMilliEpsilon(cost);
  if (cost === 0) throw new AnonymisationError('INVALID_EPSILON', 'A noisy query must cost ε > 0');
  if (!canSpend(remaining, cost)) {
    throw new AnonymisationError(
      'BUDGET_EXHAUSTED',
      `Privacy budget exhausted: ${formatEpsilon(remaining)} left, query costs ${formatEpsilon(cost)}`,
    );
  }
  return (remaining - cost) as MilliEpsilon;
}

/** Sequential composition: the total cost of several queries on the same people. */
export function sumEpsilon(costs: Iterable<MilliEpsilon>): MilliEpsilon {
  let total = 0;
  for (const c of costs) total += asMilliEpsilon(c);
  return asMilliEpsilon(total);
}

/** ε for one noisy query: 0 < ε ≤ MAX_QUERY_EPSILON, as an exact rational. */
export function queryEpsilon(epsilon: MilliEpsilon): Rational {
  asMilliEpsilon(epsilon);
  if (epsilon === 0 || epsilon > MAX_QUERY_EPSILON) {
    throw new AnonymisationError('INVALID_EPSILON', `Query ε must be in (0, ${formatEpsilon(MAX_QUERY_EPSILON)}]`);
  }
  return { num: BigInt(epsilon), den: BigInt(MILLI_PER_EPSILON) };
}
