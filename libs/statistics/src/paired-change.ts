import { type CountedSample, asCounted, checkCounted, countWhere, meanOfCounted, sizeOf, varianceOfCounted } from './counted-sample.js';
import { type DescriptiveSummary, summarize } from './descriptive.js';
import { tQuantile, tTwoSidedP } from './distributions.js';
import { type NullReason, type Reasons, StatisticsInputError, assertFinite, assertFiniteArray } from './reasons.js';
import { type WilcoxonSignedRankResult, wilcoxonSignedRank } from './wilcoxon.js';

/**
 * Changes are rounded to this many decimals. Scores carry at most 4 (SCORE_DECIMALS), and binary
 * subtraction leaves noise (2.3 − 1.1 = 1.1999999999999997 ≠ 3.4 − 2.2 = 1.2) that would split
 * Wilcoxon ties, hide zero changes, make SD(d) ≈ 1e-16 instead of 0 and miss d = MCID.
 */
export const DIFFERENCE_DECIMALS = 9;
const DIFFERENCE_SCALE = 10 ** DIFFERENCE_DECIMALS;

/** Jacobson & Truax: a change is reliable when |d| / SEdiff exceeds this (PRODUCT.md: 1.96). */
export const RELIABLE_CHANGE_CRITERION = 1.96;

export interface PairedObservation {
  baseline: number;
  followUp: number;
}

export interface PairedChangeOptions {
  /** false turns the sign so that a positive change always means better */
  higherIsBetter: boolean;
  /** minimal clinically important difference, > 0, in the improvement direction; null if none */
  mcid: number | null;
  /** reliability r for reliable change (Cronbach's α or the published value), ≤ 1; null if none */
  reliability: number | null;
  /** 1 − confidence level of the CI; default 0.05 */
  alpha?: number;
}

/** Per-client change, positive = better: follow-up − baseline, negated for higher-is-worse scales. */
export function pairedDifferences(pairs: readonly PairedObservation[], higherIsBetter: boolean): number[] {
  if (!Array.isArray(pairs)) throw new StatisticsInputError('pairs must be an array');
  return pairs.map((pair, i) => {
    assertFinite(pair?.baseline, `pairs[${i}].baseline`);
    assertFinite(pair.followUp, `pairs[${i}].followUp`);
    const raw = higherIsBetter ? pair.followUp - pair.baseline : pair.baseline - pair.followUp;
    return Math.round(raw * DIFFERENCE_SCALE) / DIFFERENCE_SCALE + 0; // + 0 turns −0 into 0
  });
}

type TTestField = 'mean' | 'sd' | 'df' | 'ciLower' | 'ciUpper' | 'tStatistic' | 'pValue' | 'cohenDz' | 'hedgesG';

export interface OneSampleTResult {
  n: number;
  mean: number | null;
  sd: number | null;
  /** n − 1 */
  df: number | null;
  confidenceLevel: number;
  ciLower: number | null;
  ciUpper: number | null;
  tStatistic: number | null;
  /** two-sided */
  pValue: number | null;
  /** mean / SD */
  cohenDz: number | null;
  /** dz · J, J = 1 − 3 / (4(n − 1) − 1); J = 0 at n = 2, so g = 0 there */
  hedgesG: number | null;
  reasons: Reasons<TTestField>;
}

/**
 * One-sample t test of H0: mean = 0 on the changes (= paired t test), Student t CI on n − 1 df,
 * and the standardised effect sizes. With SD = 0 the t statistic, p, CI and effect sizes are null
 * (R's t.test refuses "data are essentially constant"; a zero-width CI would claim certainty).
 */
export function oneSampleT(differences: readonly number[] | CountedSample, alpha = 0.05): OneSampleTResult {
  assertAlpha(alpha);
  const d = asCounted(differences, 'differences');
  const n = sizeOf(d);
  const confidenceLevel = 1 - alpha;
  const nullAll = (reason: NullReason, keepMean: boolean, keepSd: boolean): OneSampleTResult => {
    const result: OneSampleTResult = {
      n, mean: keepMean ? meanOfCounted(d) : null, sd: keepSd ? 0 : null, df: keepSd ? n - 1 : null,
      confidenceLevel, ciLower: null, ciUpper: null, tStatistic: null, pValue: null, cohenDz: null, hedgesG: null,
      reasons: { ciLower: reason, ciUpper: reason, tStatistic: reason, pValue: reason, cohenDz: reason, hedgesG: reason },
    };
    if (!keepMean) result.reasons.mean = reason;
    if (!keepSd) result.reasons.sd = result.reasons.df = reason;
    return result;
  };
  if (n === 0) return nullAll('EMPTY', false, false);
  if (n === 1) return nullAll('N_LT_2', true, false);
  const sd = Math.sqrt(varianceOfCounted(d));
  if (sd === 0) return nullAll('ZERO_VARIANCE', true, true);

  const m = meanOfCounted(d)!;
  const df = n - 1;
  const se = sd / Math.sqrt(n);
  const tCrit = tQuantile(1 - alpha / 2, df);
  const t = m / se;
  const dz = m / sd;
  const j = 1 - 3 / (4 * df - 1);
  return {
    n, mean: m, sd, df, confidenceLevel,
    ciLower: m - tCrit * se,
    ciUpper: m + tCrit * se,
    tStatistic: t,
    pValue: tTwoSidedP(t, df),
    cohenDz: dz,
    hedgesG: dz * j + 0, // + 0: J = 0 at n = 2 would give −0 for a negative dz
    reasons: {},
  };
}

type ReliableField =
  | 'reliability' | 'seDiff' | 'nImproved' | 'nUnchanged' | 'nDeteriorated'
  | 'proportionImproved' | 'proportionUnchanged' | 'proportionDeteriorated';

export interface ReliableChangeResult {
  reliability: number | null;
  /** SD_baseline · √2 · √(1 − r) */
  seDiff: number | null;
  /** 1.96: improved when d / SEdiff > 1.96, deteriorated when < −1.96, else unchanged */
  criterion: number;
  nImproved: number | null;
  nUnchanged: number | null;
  nDeteriorated: number | null;
  proportionImproved: number | null;
  proportionUnchanged: number | null;
  proportionDeteriorated: number | null;
  reasons: Reasons<ReliableField>;
}

/** Jacobson–Truax reliable change of the (improvement-oriented) changes. */
export function reliableChange(
  differences: readonly number[] | CountedSample,
  baselineSd: number | null,
  reliability: number | null,
): ReliableChangeResult {
  const counts = ['nImproved', 'nUnchanged', 'nDeteriorated', 'proportionImproved', 'proportionUnchanged', 'proportionDeteriorated'] as const;
  const result: ReliableChangeResult = {
    reliability, seDiff: null, criterion: RELIABLE_CHANGE_CRITERION,
    nImproved: null, nUnchanged: null, nDeteriorated: null,
    proportionImproved: null, proportionUnchanged: null, proportionDeteriorated: null,
    reasons: {},
  };
  const fail = (reason: NullReason, fields: readonly ReliableField[]): ReliableChangeResult => {
    for (const f of fields) result.reasons[f] = reason;
    return result;
  };
  if (reliability === null) return fail('RELIABILITY_NOT_GIVEN', ['reliability', 'seDiff', ...counts]);
  const d = asCounted(differences, 'differences');
  const n = sizeOf(d);
  if (n === 0) return fail('EMPTY', ['seDiff', ...counts]);
  if (baselineSd === null) return fail('N_LT_2', ['seDiff', ...counts]);
  const seDiff = baselineSd * Math.SQRT2 * Math.sqrt(1 - reliability);
  result.seDiff = seDiff;
  if (seDiff === 0) return fail('ZERO_SE_DIFF', counts);
  const improved = countWhere(d, (x) => x / seDiff > RELIABLE_CHANGE_CRITERION);
  const deteriorated = countWhere(d, (x) => x / seDiff < -RELIABLE_CHANGE_CRITERION);
  const unchanged = n - improved - deteriorated;
  Object.assign(result, {
    nImproved: improved, nUnchanged: unchanged, nDeteriorated: deteriorated,
    proportionImproved: improved / n, proportionUnchanged: unchanged / n, proportionDeteriorated: deteriorated / n,
  });
  return result;
}

export interface McidResult {
  mcid: number | null;
  /** clients with d ≥ MCID (reaching it counts) */
  nReached: number | null;
  proportionReached: number | null;
  reasons: Reasons<'mcid' | 'nReached' | 'proportionReached'>;
}

/** Share of clients whose change reaches the MCID: d ≥ mcid, both in the improvement direction. */
export function mcidResponders(differences: readonly number[] | CountedSample, mcid: number | null): McidResult {
  const d = asCounted(differences, 'differences');
  if (mcid === null) {
    return {
      mcid, nReached: null, proportionReached: null,
      reasons: { mcid: 'MCID_NOT_GIVEN', nReached: 'MCID_NOT_GIVEN', proportionReached: 'MCID_NOT_GIVEN' },
    };
  }
  const nReached = countWhere(d, (x) => x >= mcid);
  const n = sizeOf(d);
  if (n === 0) return { mcid, nReached, proportionReached: null, reasons: { proportionReached: 'EMPTY' } };
  return { mcid, nReached, proportionReached: nReached / n, reasons: {} };
}

type PairedField = 'meanChange' | 'sdChange' | 'df' | 'ciLower' | 'ciUpper' | 'tStatistic' | 'tPValue' | 'cohenDz' | 'hedgesG';

export interface PairedChangeResult {
  /** clients in the paired sample */
  n: number;
  higherIsBetter: boolean;
  baseline: DescriptiveSummary;
  followUp: DescriptiveSummary;
  /** summary of the changes d (positive = better); change.mean/sd equal meanChange/sdChange */
  change: DescriptiveSummary;
  meanChange: number | null;
  sdChange: number | null;
  df: number | null;
  confidenceLevel: number;
  ciLower: number | null;
  ciUpper: number | null;
  tStatistic: number | null;
  tPValue: number | null;
  cohenDz: number | null;
  hedgesG: number | null;
  wilcoxon: WilcoxonSignedRankResult;
  reliableChange: ReliableChangeResult;
  mcid: McidResult;
  reasons: Reasons<PairedField>;
}

/** Everything PRODUCT.md reports for one scale and one follow-up time point. */
export function pairedChange(pairs: readonly PairedObservation[], opts: PairedChangeOptions): PairedChangeResult {
  const d = pairedDifferences(pairs, opts?.higherIsBetter);
  return pairedChangeOfSamples({
    baseline: asCounted(pairs.map((p) => p.baseline)),
    followUp: asCounted(pairs.map((p) => p.followUp)),
    change: asCounted(d),
  }, opts);
}

/**
 * The paired sample as three counted samples of the same clients: baseline scores, follow-up
 * scores and their changes (oriented and rounded as pairedDifferences does). This is all that
 * pairedChange uses, so a kept aggregate of them gives the same figures as the raw pairs.
 */
export interface PairedSamples {
  readonly baseline: CountedSample;
  readonly followUp: CountedSample;
  readonly change: CountedSample;
}

/** pairedChange from the counted samples of a paired sample (see PairedSamples). */
export function pairedChangeOfSamples(samples: PairedSamples, opts: PairedChangeOptions): PairedChangeResult {
  if (typeof opts?.higherIsBetter !== 'boolean') throw new StatisticsInputError('higherIsBetter must be a boolean');
  const alpha = opts.alpha ?? 0.05;
  assertAlpha(alpha);
  if (opts.mcid !== null && (typeof opts.mcid !== 'number' || !Number.isFinite(opts.mcid) || !(opts.mcid > 0))) {
    throw new StatisticsInputError(`mcid must be a finite number > 0 or null, got ${String(opts.mcid)}`);
  }
  if (opts.reliability !== null
    && (typeof opts.reliability !== 'number' || !Number.isFinite(opts.reliability) || opts.reliability > 1)) {
    throw new StatisticsInputError(`reliability must be a finite number ≤ 1 or null, got ${String(opts.reliability)}`);
  }

  const d = checkCounted(samples.change, 'change');
  const n = sizeOf(d);
  if (sizeOf(checkCounted(samples.baseline, 'baseline')) !== n || sizeOf(checkCounted(samples.followUp, 'followUp')) !== n) {
    throw new StatisticsInputError('baseline, followUp and change must count the same clients');
  }
  const baseline = summarize(samples.baseline);
  const followUp = summarize(samples.followUp);
  const change = summarize(d);
  const t = oneSampleT(d, alpha);

  const reasons: Reasons<PairedField> = {};
  const rename: Record<TTestField, PairedField> = {
    mean: 'meanChange', sd: 'sdChange', df: 'df', ciLower: 'ciLower', ciUpper: 'ciUpper',
    tStatistic: 'tStatistic', pValue: 'tPValue', cohenDz: 'cohenDz', hedgesG: 'hedgesG',
  };
  for (const [field, reason] of Object.entries(t.reasons) as [TTestField, NullReason][]) reasons[rename[field]] = reason;

  return {
    n,
    higherIsBetter: opts.higherIsBetter,
    baseline,
    followUp,
    change,
    meanChange: t.mean,
    sdChange: t.sd,
    df: t.df,
    confidenceLevel: t.confidenceLevel,
    ciLower: t.ciLower,
    ciUpper: t.ciUpper,
    tStatistic: t.tStatistic,
    tPValue: t.pValue,
    cohenDz: t.cohenDz,
    hedgesG: t.hedgesG,
    wilcoxon: wilcoxonSignedRank(d),
    reliableChange: reliableChange(d, baseline.sd, opts.reliability),
    mcid: mcidResponders(d, opts.mcid),
    reasons,
  };
}

function assertAlpha(alpha: number): void {
  if (typeof alpha !== 'number' || !(alpha > 0 && alpha < 1)) {
    throw new StatisticsInputError(`alpha must be in (0, 1), got ${String(alpha)}`);
  }
}
