import type { MilliEpsilon } from '../../anonymisation/src/index.js';

// What a researcher may ask and which answers are exact. PRODUCT.md / issue "Anonymised outcome
// reports": thresholds alone are defeated by tracker queries (overlapping filters whose difference
// isolates one person) and by re-running a query after one more client arrives. So exact figures
// come only from a fixed catalogue of groupings over a frozen monthly snapshot; anything else is
// answered with calibrated noise and spends privacy budget.

export const REPORT_DIMENSIONS = [
  'HAIR_LOSS_TYPE',
  'SEX',
  'AGE_BAND',
  'FITZPATRICK_TYPE',
  'COUNTRY',
  'AREAS_TREATED',
  'INSURANCE_COVERAGE',
  'TREATMENT_MONTH',
  'CLINIC',
] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];

/** The standard catalogue: one of these (or none) over the snapshot is answered exactly. */
export const EXACT_GROUPINGS = ['HAIR_LOSS_TYPE', 'SEX', 'AGE_BAND', 'CLINIC'] as const satisfies readonly ReportDimension[];

export const FOLLOW_UP_TIME_POINTS = ['MONTH_1', 'MONTH_3', 'MONTH_6', 'MONTH_12'] as const;
export type FollowUpTimePoint = (typeof FOLLOW_UP_TIME_POINTS)[number];

/** At most this many grouping dimensions (cells multiply; two already give up to ~50 cells). */
export const MAX_GROUPINGS = 2;
/** A noisy report's cells are the whole domain of its groupings; beyond this it is refused. */
export const MAX_NOISY_CELLS = 400;

export interface ReportFilters {
  readonly hairLossTypes?: readonly string[];
  readonly sexes?: readonly string[];
  readonly ageBands?: readonly string[];
  readonly fitzpatrickTypes?: readonly number[];
  readonly countries?: readonly string[];
  /** Clients treated in any of these areas. */
  readonly areasTreated?: readonly string[];
  readonly insuranceCoverages?: readonly string[];
  /** 'YYYY-MM' of the final session, inclusive. */
  readonly treatmentMonthFrom?: string;
  readonly treatmentMonthTo?: string;
}

export interface ScaleInfo {
  readonly key: string;
  readonly min: number;
  readonly max: number;
  readonly higherIsBetter: boolean;
  readonly mcid: number | null;
  readonly publishedReliability: number | null;
}

export type ReportMode =
  | { readonly kind: 'EXACT' }
  | { readonly kind: 'NOISY'; readonly epsilon: MilliEpsilon };

export class ReportRequestError extends Error {
  constructor(
    readonly reason: 'NOISE_REQUIRED' | 'TOO_MANY_GROUPINGS' | 'DUPLICATE_GROUPING' | 'TOO_MANY_CELLS' | 'MONTH_RANGE_REQUIRED' | 'INVALID_MONTH_RANGE' | 'NO_TIME_POINTS',
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'ReportRequestError';
  }
}

export function hasFilters(f: ReportFilters): boolean {
  return Object.values(f).some((v) => v !== undefined && v !== null && (!Array.isArray(v) || v.length > 0));
}

/**
 * Exact only for the catalogue (no filter, at most one catalogue grouping) on the snapshot; a live
 * or filtered or other grouping needs an ε, and an ε always means noise (a researcher may prefer it).
 */
export function decideMode(opts: {
  readonly filters: ReportFilters;
  readonly groupBy: readonly ReportDimension[];
  readonly live: boolean;
  readonly epsilon: MilliEpsilon | null;
}): ReportMode {
  if (opts.groupBy.length > MAX_GROUPINGS) {
    throw new ReportRequestError('TOO_MANY_GROUPINGS', 'groupBy', `At most ${MAX_GROUPINGS} groupings`);
  }
  if (new Set(opts.groupBy).size !== opts.groupBy.length) {
    throw new ReportRequestError('DUPLICATE_GROUPING', 'groupBy', 'A grouping is named twice');
  }
  if (opts.epsilon !== null) return { kind: 'NOISY', epsilon: opts.epsilon };
  const catalogue = !opts.live && !hasFilters(opts.filters) && opts.groupBy.length <= 1
    && opts.groupBy.every((g) => (EXACT_GROUPINGS as readonly ReportDimension[]).includes(g));
  if (!catalogue) {
    throw new ReportRequestError(
      'NOISE_REQUIRED',
      'epsilon',
      'Only the standard catalogue (no filters, at most one of HAIR_LOSS_TYPE, SEX, AGE_BAND, CLINIC, on the monthly snapshot) is answered exactly; '
        + 'give an epsilon to get this report with calibrated noise from your privacy budget',
    );
  }
  return { kind: 'EXACT' };
}

/** The snapshot an exact report reads: everything before 00:00 UTC on the first of this month. */
export function snapshotCutoff(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

/** The privacy-budget period of an instant: its UTC month, 'YYYY-MM'. */
export function budgetPeriod(now: Date): string {
  return `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
}
