// Test-only helpers (not exported from index.ts). No Jest globals here: the build type-checks
// every libs file not named *.spec.ts without Jest types.
import { readFileSync } from 'node:fs';

export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../test-fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

/** Tolerances from the brief: 1e-9 for estimates, 1e-6 for p-values. */
export const TOL = 1e-9;
export const P_TOL = 1e-6;

/** |actual − expected| ≤ tol · max(1, |expected|): absolute near 0, relative for large values. */
export function expectClose(actual: number | null | undefined, expected: number, tol = TOL, label = ''): void {
  if (typeof actual !== 'number') throw new Error(`${label}: expected a number near ${expected}, got ${String(actual)}`);
  const err = Math.abs(actual - expected);
  if (!(err <= tol * Math.max(1, Math.abs(expected)))) {
    throw new Error(`${label}: ${actual} differs from ${expected} by ${err} (tolerance ${tol})`);
  }
}

/** Deep equality through JSON (numbers, strings, booleans, null, arrays, plain objects). */
export function expectSame(actual: unknown, expected: unknown, label = ''): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${label}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
  }
}

/** Relative closeness, for p-values that may be tiny: |a − e| ≤ tol · |e|. */
export function expectRelClose(actual: number | null | undefined, expected: number, tol: number, label = ''): void {
  if (typeof actual !== 'number') throw new Error(`${label}: expected a number near ${expected}, got ${String(actual)}`);
  const err = Math.abs(actual - expected);
  if (!(err <= tol * Math.abs(expected))) {
    throw new Error(`${label}: ${actual} differs from ${expected} by ${err} (relative ${err / Math.abs(expected)}, tolerance ${tol})`);
  }
}

/**
 * The null/reason contract, checked recursively: no NaN or ±Infinity anywhere, and in every object
 * that has `reasons`, the reason keys are exactly its null fields.
 */
export function expectNullContract(value: unknown, path = 'result'): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${path} is ${value}`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => expectNullContract(v, `${path}[${i}]`));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const obj = value as Record<string, unknown>;
  if ('reasons' in obj) {
    const reasons = obj.reasons as Record<string, unknown>;
    const nullFields = Object.keys(obj).filter((k) => obj[k] === null).sort();
    const reasonKeys = Object.keys(reasons).sort();
    if (JSON.stringify(nullFields) !== JSON.stringify(reasonKeys)) {
      throw new Error(`${path}: null fields ${JSON.stringify(nullFields)} but reasons for ${JSON.stringify(reasonKeys)}`);
    }
  }
  for (const [k, v] of Object.entries(obj)) if (k !== 'reasons') expectNullContract(v, `${path}.${k}`);
}
