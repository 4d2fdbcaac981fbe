import { type CountedSample, asCounted, meanOfCounted, sizeOf, varianceOfCounted } from './counted-sample.js';
import { chiSquareUpperTail, normalQuantile, normalTwoSidedP } from './distributions.js';
import { type NullReason, type Reasons, StatisticsInputError, assertFinite, assertFiniteArray } from './reasons.js';

export interface MetaStudy {
  effect: number;
  /** sampling variance of the effect, > 0 */
  variance: number;
}

type DlField = 'estimate' | 'se' | 'ciLower' | 'ciUpper' | 'zStatistic' | 'pValue' | 'tau2' | 'q' | 'df' | 'qPValue' | 'i2';

export interface DerSimonianLairdResult {
  /** studies pooled */
  k: number;
  /** random-effects pooled effect Σw*y / Σw*, w* = 1 / (v + τ²) */
  estimate: number | null;
  /** 1 / √Σw* */
  se: number | null;
  confidenceLevel: number;
  /** estimate ∓ z·se, z = Φ⁻¹(1 − α/2) */
  ciLower: number | null;
  ciUpper: number | null;
  zStatistic: number | null;
  /** two-sided p of H0: pooled effect = 0 */
  pValue: number | null;
  /** max(0, (Q − df) / (Σw − Σw²/Σw)), w = 1 / v */
  tau2: number | null;
  /** Cochran's Q = Σw(y − ȳ_fixed)² */
  q: number | null;
  /** k − 1 */
  df: number | null;
  /** P(χ²_df ≥ Q) (absolute accuracy ~1e-16) */
  qPValue: number | null;
  /** max(0, (Q − df) / Q) as a proportion 0..1 (metafor prints %); 0 when Q = 0 (identical effects) */
  i2: number | null;
  /** relative random-effects weights wᵢ* / Σw*, in input order (sum 1) */
  weights: number[];
  reasons: Reasons<DlField>;
}

/** DerSimonian–Laird random-effects meta-analysis (method-of-moments τ²). */
export function derSimonianLaird(studies: readonly MetaStudy[], alpha = 0.05): DerSimonianLairdResult {
  if (!Array.isArray(studies)) throw new StatisticsInputError('studies must be an array');
  if (!(alpha > 0 && alpha < 1)) throw new StatisticsInputError(`alpha must be in (0, 1), got ${String(alpha)}`);
  studies.forEach((s, i) => {
    assertFinite(s?.effect, `studies[${i}].effect`);
    assertFinite(s.variance, `studies[${i}].variance`);
    if (!(s.variance > 0)) throw new StatisticsInputError(`studies[${i}].variance must be > 0, got ${s.variance}`);
  });
  const k = studies.length;
  const confidenceLevel = 1 - alpha;
  if (k === 0) {
    const reasons: Reasons<DlField> = {};
    for (const f of ['estimate', 'se', 'ciLower', 'ciUpper', 'zStatistic', 'pValue', 'tau2', 'q', 'df', 'qPValue', 'i2'] as const) {
      reasons[f] = 'NO_STUDIES';
    }
    return {
      k, estimate: null, se: null, confidenceLevel, ciLower: null, ciUpper: null, zStatistic: null, pValue: null,
      tau2: null, q: null, df: null, qPValue: null, i2: null, weights: [], reasons,
    };
  }

  const y = studies.map((s) => s.effect);
  const w = studies.map((s) => 1 / s.variance);
  const sumW = sum(w);
  const fixed = sum(w.map((wi, i) => wi * y[i]!)) / sumW;
  const q = sum(w.map((wi, i) => wi * (y[i]! - fixed) ** 2));
  const df = k - 1;
  const reasons: Reasons<DlField> = {};
  let tau2: number | null = null;
  let qPValue: number | null = null;
  let i2: number | null = null;
  if (k === 1) {
    reasons.tau2 = reasons.qPValue = reasons.i2 = 'SINGLE_STUDY';
  } else {
    const c = sumW - sum(w.map((wi) => wi * wi)) / sumW;
    tau2 = Math.max(0, (q - df) / c);
    qPValue = chiSquareUpperTail(q, df);
    i2 = q > 0 ? Math.max(0, (q - df) / q) : 0;
  }

  const wStar = studies.map((s) => 1 / (s.variance + (tau2 ?? 0)));
  const sumWStar = sum(wStar);
  const estimate = sum(wStar.map((wi, i) => wi * y[i]!)) / sumWStar;
  const se = 1 / Math.sqrt(sumWStar);
  const z = normalQuantile(1 - alpha / 2);
  return {
    k, estimate, se, confidenceLevel,
    ciLower: estimate - z * se,
    ciUpper: estimate + z * se,
    zStatistic: estimate / se,
    pValue: normalTwoSidedP(estimate / se),
    tau2, q, df, qPValue, i2,
    weights: wStar.map((wi) => wi / sumWStar),
    reasons,
  };
}

export interface ClinicChanges {
  /** stable key (pseudonym or id); only echoed back */
  clinicKey: string;
  /** per-client changes d, positive = better (see pairedDifferences), raw or counted */
  changes: readonly number[] | CountedSample;
}

export interface ClinicEffect extends MetaStudy {
  clinicKey: string;
  n: number;
  /** mean change */
  effect: number;
  /** SD(d) */
  sd: number;
  /** SD(d)² / n */
  variance: number;
}

export interface ExcludedClinic {
  clinicKey: string;
  n: number;
  reason: Extract<NullReason, 'EMPTY' | 'N_LT_2' | 'ZERO_VARIANCE'>;
}

/**
 * Each clinic's effect for pooling: mean change, variance SD(d)²/n. Clinics with fewer than 2
 * paired clients, or SD(d) = 0 (its variance would be 0 and its weight infinite), do not enter.
 */
export function clinicEffects(perClinic: readonly ClinicChanges[]): { included: ClinicEffect[]; excluded: ExcludedClinic[] } {
  if (!Array.isArray(perClinic)) throw new StatisticsInputError('perClinic must be an array');
  const included: ClinicEffect[] = [];
  const excluded: ExcludedClinic[] = [];
  perClinic.forEach((clinic, i) => {
    const changes = asCounted(clinic?.changes, `perClinic[${i}].changes`);
    const n = sizeOf(changes);
    if (n < 2) {
      excluded.push({ clinicKey: clinic.clinicKey, n, reason: n === 0 ? 'EMPTY' : 'N_LT_2' });
      return;
    }
    const variance = varianceOfCounted(changes);
    if (variance === 0) {
      excluded.push({ clinicKey: clinic.clinicKey, n, reason: 'ZERO_VARIANCE' });
      return;
    }
    included.push({ clinicKey: clinic.clinicKey, n, effect: meanOfCounted(changes)!, sd: Math.sqrt(variance), variance: variance / n });
  });
  return { included, excluded };
}

function sum(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}
