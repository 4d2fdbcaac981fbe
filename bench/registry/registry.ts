// The synthetic registry as a whole: plan, then load clinics and clients in stages (so a caller can
// measure at 10 %, 30 %, … of the registry while it grows), printing rows/s as it goes.
import { snapshotCutoff } from '../../libs/reports/src/index.js';
import { loadClients, loadClinics, type StageStats } from './loader.js';
import { planRegistry, type RegistryPlan } from './model.js';

export interface RegistryOptions {
  readonly clinics: number;
  readonly clients: number;
  readonly seed: number;
  /** Years of enrolment history before the snapshot cutoff. */
  readonly years: number;
}

export const DEFAULT_REGISTRY: RegistryOptions = { clinics: 200, clients: 100_000, seed: 20261201, years: 4 };

/**
 * Every event lies before the exact-report snapshot (00:00 UTC on the 1st of this month), one hour
 * of margin, so the whole registry is in the snapshot that researchers' exact reports read.
 */
export function registryEnd(now = new Date()): Date {
  return new Date(snapshotCutoff(now).getTime() - 3_600_000);
}

export function plan(o: RegistryOptions, now = new Date()): RegistryPlan {
  return planRegistry({ clinics: o.clinics, clients: o.clients, seed: o.seed, end: registryEnd(now), years: o.years });
}

export { loadClients, loadClinics, type RegistryPlan, type StageStats };

/** Client index where each fraction's stage ends, e.g. [0.1, 0.3, 1] of 100,000 → [10000, 30000, 100000]. */
export function stageBounds(clients: number, fractions: readonly number[]): number[] {
  const sorted = [...new Set(fractions.map((f) => Math.min(1, Math.max(0, f))))].sort((a, b) => a - b);
  if (sorted[sorted.length - 1] !== 1) sorted.push(1);
  return sorted.map((f) => Math.round(f * clients));
}
