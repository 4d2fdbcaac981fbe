import { asCounted, meanOfCounted, sizeOf, varianceOfCounted } from './counted-sample.js';
import { normalQuantile } from './distributions.js';
import {
  type ClinicChanges, type DerSimonianLairdResult, type ExcludedClinic, clinicEffects, derSimonianLaird,
} from './meta-analysis.js';
import { type Reasons, StatisticsInputError, assertFinite, assertFiniteArray } from './reasons.js';

/** Φ⁻¹(0.975): two-sided 95 % limits */
export const FUNNEL_Z_95 = normalQuantile(0.975);
/** Φ⁻¹(0.999): two-sided 99.8 % limits */
export const FUNNEL_Z_998 = normalQuantile(0.999);

export interface FunnelLimits {
  n: number;
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

/**
 * Funnel-plot control limits for a clinic mean of n changes: center ± z·σ/√n, z = Φ⁻¹(0.975) and
 * Φ⁻¹(0.999). σ is the SD of one client's change (use pooledWithinClinicSd); the limits show
 * sampling noise only, so with real between-clinic heterogeneity (τ² > 0) more than 5 % / 0.2 %
 * of clinics fall outside by design.
 */
export function funnelLimits(center: number, sigma: number, ns: readonly number[]): FunnelLimits[] {
  assertFinite(center, 'center');
  assertFinite(sigma, 'sigma');
  if (!(sigma > 0)) throw new StatisticsInputError(`sigma must be > 0, got ${sigma}`);
  if (!Array.isArray(ns)) throw new StatisticsInputError('ns must be an array');
  return ns.map((n, i) => {
    if (!Number.isInteger(n) || n < 1) throw new StatisticsInputError(`ns[${i}] must be an integer ≥ 1, got ${String(n)}`);
    const se = sigma / Math.sqrt(n);
    return {
      n,
      lower95: center - FUNNEL_Z_95 * se,
      upper95: center + FUNNEL_Z_95 * se,
      lower998: center - FUNNEL_Z_998 * se,
      upper998: center + FUNNEL_Z_998 * se,
    };
  });
}

export interface PooledSdResult {
  /** √(Σ(nᵢ − 1)·sᵢ² / Σ(nᵢ − 1)) over clinics with nᵢ ≥ 2 (SD-0 clinics count: they are data) */
  sd: number | null;
  /** Σ(nᵢ − 1) */
  df: number;
  reasons: Reasons<'sd'>;
}

/** Pooled within-clinic SD of the change: the σ of the funnel limits. */
export function pooledWithinClinicSd(perClinic: readonly ClinicChanges[]): PooledSdResult {
  if (!Array.isArray(perClinic)) throw new StatisticsInputError('perClinic must be an array');
  let ss = 0;
  let df = 0;
  perClinic.forEach((clinic, i) => {
    const changes = asCounted(clinic?.changes, `perClinic[${i}].changes`);
    const n = sizeOf(changes);
    if (n < 2) return;
    ss += (n - 1) * varianceOfCounted(changes);
    df += n - 1;
  });
  if (df === 0) return { sd: null, df, reasons: { sd: 'N_LT_2' } };
  return { sd: Math.sqrt(ss / df), df, reasons: {} };
}

type PointField = 'meanChange' | 'lower95' | 'upper95' | 'lower998' | 'upper998' | 'outside95' | 'outside998';

export interface FunnelPoint {
  clinicKey: string;
  n: number;
  meanChange: number | null;
  lower95: number | null;
  upper95: number | null;
  lower998: number | null;
  upper998: number | null;
  /** mean change strictly outside the 95 % limits */
  outside95: boolean | null;
  outside998: boolean | null;
  reasons: Reasons<PointField>;
}

export interface ClinicFunnelResult {
  /** DerSimonian–Laird over the clinics that may enter (see clinicEffects) */
  pooled: DerSimonianLairdResult;
  excludedFromPooling: ExcludedClinic[];
  /** the funnel's center: the random-effects pooled mean change */
  center: number | null;
  /** pooled within-clinic SD of change */
  sigma: number | null;
  /** one point per clinic given (n ≥ 1 clinics get a mean; hiding clinics with n < k is the caller's job) */
  points: FunnelPoint[];
  reasons: Reasons<'center' | 'sigma'>;
}

/** Pooled estimate plus per-clinic funnel points with their 95 % and 99.8 % limits. */
export function clinicFunnel(perClinic: readonly ClinicChanges[], alpha = 0.05): ClinicFunnelResult {
  const { included, excluded } = clinicEffects(perClinic);
  const pooled = derSimonianLaird(included, alpha);
  const pooledSd = pooledWithinClinicSd(perClinic);
  const center = pooled.estimate;
  let sigma = pooledSd.sd;
  const reasons: Reasons<'center' | 'sigma'> = {};
  if (center === null) reasons.center = pooled.reasons.estimate!;
  if (sigma === null) reasons.sigma = pooledSd.reasons.sd!;
  else if (sigma === 0) {
    sigma = null;
    reasons.sigma = 'ZERO_VARIANCE';
  }
  const limitReason = reasons.center ?? reasons.sigma;

  const points = perClinic.map((clinic): FunnelPoint => {
    const changes = asCounted(clinic.changes);
    const n = sizeOf(changes);
    const meanChange = meanOfCounted(changes);
    const point: FunnelPoint = {
      clinicKey: clinic.clinicKey, n, meanChange,
      lower95: null, upper95: null, lower998: null, upper998: null, outside95: null, outside998: null, reasons: {},
    };
    const reason = n === 0 ? 'EMPTY' : limitReason;
    if (reason !== undefined || center === null || sigma === null || meanChange === null) {
      for (const f of ['lower95', 'upper95', 'lower998', 'upper998', 'outside95', 'outside998'] as const) {
        point.reasons[f] = reason ?? 'EMPTY';
      }
      if (meanChange === null) point.reasons.meanChange = 'EMPTY';
      return point;
    }
    const limits = funnelLimits(center, sigma, [n])[0]!;
    return {
      ...point,
      lower95: limits.lower95, upper95: limits.upper95, lower998: limits.lower998, upper998: limits.upper998,
      outside95: meanChange < limits.lower95 || meanChange > limits.upper95,
      outside998: meanChange < limits.lower998 || meanChange > limits.upper998,
    };
  });
  return { pooled, excludedFromPooling: excluded, center, sigma, points, reasons };
}
