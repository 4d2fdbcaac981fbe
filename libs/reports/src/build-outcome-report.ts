import {
  AGE_BANDS,
  type CellKey,
  cellId,
  type MilliEpsilon,
  noisyMean,
  oneWayTable,
  suppressCells,
} from '../../anonymisation/src/index.js';
import {
  clinicFunnel,
  type ClinicChanges,
  cronbachAlpha,
  type DerSimonianLairdResult,
  type FunnelPoint,
  pairedChange,
  type PairedChangeResult,
  pairedDifferences,
} from '../../statistics/src/index.js';
import {
  type FollowUpTimePoint,
  MAX_NOISY_CELLS,
  type ReportDimension,
  type ReportFilters,
  type ReportMode,
  ReportRequestError,
  type ScaleInfo,
} from './report-request.js';

/** One consented client at one follow-up of the scale's instrument (from the outcome_rows function). */
export interface OutcomeRecord {
  /** Pseudonym of the clinic (never its id or name). */
  readonly clinicKey: string;
  /** Opaque per-client key: one contribution per client per cell. */
  readonly subject: string;
  readonly timePoint: FollowUpTimePoint;
  readonly baseline: number | null;
  readonly followUp: number | null;
  /** Item scores (reverse-scored), only when every item of the scale was answered. */
  readonly baselineItems: readonly number[] | null;
  readonly followUpItems: readonly number[] | null;
  /** The follow-up was answered or its window closed before the cutoff (it counts for the response rate). */
  readonly eligible: boolean;
  /** Generalised quasi-identifiers, one value per dimension. */
  readonly attributes: Readonly<Record<ReportDimension, string>>;
  /** Every area treated (for the any-of filter). */
  readonly areas: readonly string[];
  /** 'YYYY-MM' of the final session, or null before it. */
  readonly treatmentMonth: string | null;
  readonly fitzpatrickType: number;
}

export interface GroupValue {
  readonly dimension: ReportDimension;
  readonly value: string;
}

export type CellSuppression = 'PRIMARY' | 'COMPLEMENTARY' | 'NOISY_COUNT_BELOW_K';

export interface NoisyCellStatistics {
  /** Noisy client count (post-processed: ≥ 0). */
  readonly n: number;
  /** null when the noisy count is below k (post-processing, free of privacy cost). */
  readonly baselineMean: number | null;
  readonly followUpMean: number | null;
  readonly meanChange: number | null;
}

export interface ReportCell {
  readonly timePoint: FollowUpTimePoint;
  /** Empty: the margin over every group of this time point. */
  readonly groups: readonly GroupValue[];
  readonly suppressed: boolean;
  readonly suppression: CellSuppression | null;
  /** Exact paired n; null when suppressed or noisy. */
  readonly n: number | null;
  readonly statistics: PairedChangeResult | null;
  readonly noisy: NoisyCellStatistics | null;
}

export interface TimePointSummary {
  readonly timePoint: FollowUpTimePoint;
  /**
   * Clients whose follow-up was answered or closed, and the rate block below: null when fewer than
   * k, in noisy mode, or when a non-responder / baseline-only group would have 0 < n < k.
   */
  readonly eligible: number | null;
  readonly responded: number | null;
  readonly responseRate: number | null;
  /** Baseline responders without a scored follow-up (attrition). */
  readonly baselineOnly: number | null;
  readonly pairedN: number | null;
  readonly cronbachAlphaBaseline: number | null;
  readonly cronbachAlphaFollowUp: number | null;
  /** r used for reliable change and where it came from. */
  readonly reliability: number | null;
  readonly reliabilitySource: 'REGISTRY' | 'PUBLISHED' | null;
  readonly pooled: (DerSimonianLairdResult & { readonly clinicsPooled: number }) | null;
  /** Clinics with n ≥ k only. */
  readonly funnel: readonly FunnelPoint[];
  readonly funnelCenter: number | null;
  readonly funnelSigma: number | null;
  /** Why summary figures are null: 'BELOW_K' or 'NOT_AVAILABLE_WITH_NOISE'. */
  readonly withheld: 'BELOW_K' | 'NOT_AVAILABLE_WITH_NOISE' | null;
}

export interface OutcomeReportResult {
  readonly scaleKey: string;
  readonly mode: 'EXACT' | 'NOISY';
  readonly k: number;
  readonly groupBy: readonly ReportDimension[];
  readonly cells: readonly ReportCell[];
  readonly timePoints: readonly TimePointSummary[];
  readonly suppressedCells: number;
  /** ε this report consumed (milli-ε), 0 when exact. */
  readonly epsilonSpent: MilliEpsilon;
}

export interface BuildOutcomeReportInput {
  readonly scale: ScaleInfo;
  readonly records: readonly OutcomeRecord[];
  readonly timePoints: readonly FollowUpTimePoint[];
  readonly filters: ReportFilters;
  readonly groupBy: readonly ReportDimension[];
  readonly k: number;
  readonly mode: ReportMode;
  /** The fixed domain of each dimension (cells with n = 0 are shown, so a cell's presence says nothing). */
  readonly domains: Readonly<Record<ReportDimension, readonly string[]>>;
  /** Registry α is used for reliable change from this many complete baselines on (PRODUCT.md: 30). */
  readonly registryReliabilityMinN?: number;
}

/** Clinics below k in a CLINIC grouping are shown together under this value. */
export const OTHER_CLINICS = 'OTHER_CLINICS';
const REGISTRY_RELIABILITY_MIN_N = 30;

export function matchesFilters(r: OutcomeRecord, f: ReportFilters): boolean {
  const inList = (list: readonly (string | number)[] | undefined, v: string | number) => !list || list.length === 0 || list.includes(v);
  return inList(f.hairLossTypes, r.attributes.HAIR_LOSS_TYPE)
    && inList(f.sexes, r.attributes.SEX)
    && inList(f.ageBands, r.attributes.AGE_BAND)
    && inList(f.fitzpatrickTypes, r.fitzpatrickType)
    && inList(f.countries, r.attributes.COUNTRY)
    && inList(f.insuranceCoverages, r.attributes.INSURANCE_COVERAGE)
    && (!f.areasTreated || f.areasTreated.length === 0 || r.areas.some((a) => f.areasTreated!.includes(a)))
    && (!f.treatmentMonthFrom || (r.treatmentMonth !== null && r.treatmentMonth >= f.treatmentMonthFrom))
    && (!f.treatmentMonthTo || (r.treatmentMonth !== null && r.treatmentMonth <= f.treatmentMonthTo));
}

/** 'YYYY-MM' months from..to inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  for (let i = 0; i < 1200; i++) {
    const s = `${y}-${String(m).padStart(2, '0')}`;
    if (s > to) break;
    out.push(s);
    m++;
    if (m > 12) { m = 1; y++; }
  }
  return out;
}

/** The generalised value of a single-valued AREAS_TREATED grouping: the area, MULTIPLE or NONE. */
export function areasGroup(areas: readonly string[]): string {
  return areas.length === 0 ? 'NONE' : areas.length === 1 ? areas[0]! : 'MULTIPLE';
}

export const FIXED_DOMAINS = {
  AGE_BAND: AGE_BANDS,
  AREAS_TREATED: ['HAIRLINE', 'CROWN', 'FULL_SCALP', 'SCAR', 'DENSITY', 'MULTIPLE', 'NONE'],
  FITZPATRICK_TYPE: ['1', '2', '3', '4', '5', '6'],
} as const;

/** One record per client and time point: a second one for the same client is dropped (contribution bound). */
function oneContribution(records: readonly OutcomeRecord[]): OutcomeRecord[] {
  const seen = new Set<string>();
  return records.filter((r) => {
    const id = `${r.timePoint}\u0000${r.subject}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

const isPaired = (r: OutcomeRecord): r is OutcomeRecord & { baseline: number; followUp: number } => r.baseline !== null && r.followUp !== null;

/** Cronbach's α of complete item vectors; null when it cannot be computed. */
function alphaOf(rows: readonly (readonly number[] | null)[]): number | null {
  const complete = rows.filter((x): x is readonly number[] => x !== null && x.length >= 2);
  if (complete.length < 2) return null;
  const width = complete[0]!.length;
  return cronbachAlpha(complete.filter((x) => x.length === width)).alpha;
}

export function buildOutcomeReport(input: BuildOutcomeReportInput): OutcomeReportResult {
  const { scale, k, mode, groupBy } = input;
  if (input.timePoints.length === 0) throw new ReportRequestError('NO_TIME_POINTS', 'timePoints', 'Name at least one follow-up');
  const all = oneContribution(input.records);

  // Reliability for reliable change: the registry's own baseline α (all consented baselines of the
  // scale, before filters) when at least 30 complete baselines exist, else the published value.
  const baselines = new Map<string, readonly number[]>();
  for (const r of all) if (r.baselineItems) baselines.set(r.subject, r.baselineItems);
  const minN = input.registryReliabilityMinN ?? REGISTRY_RELIABILITY_MIN_N;
  const registryAlpha = baselines.size >= minN ? alphaOf([...baselines.values()]) : null;
  const reliability = registryAlpha !== null && registryAlpha > 0 ? registryAlpha : scale.publishedReliability;
  const reliabilitySource = reliability === null ? null : registryAlpha !== null && registryAlpha > 0 ? 'REGISTRY' : 'PUBLISHED';

  const selected = all.filter((r) => matchesFilters(r, input.filters));
  const cells: ReportCell[] = [];
  const summaries: TimePointSummary[] = [];
  let epsilonSpent = 0;

  const noisyPlan = mode.kind === 'NOISY' ? planNoise(mode.epsilon, input.timePoints.length) : null;
  const span = scale.max - scale.min;

  for (const tp of input.timePoints) {
    const rows = selected.filter((r) => r.timePoint === tp);
    const paired = rows.filter(isPaired);

    if (mode.kind === 'NOISY') {
      const domain = cellDomain(groupBy, input.domains);
      if (domain.length > MAX_NOISY_CELLS) {
        throw new ReportRequestError('TOO_MANY_CELLS', 'groupBy', `These groupings give ${domain.length} cells; at most ${MAX_NOISY_CELLS}`);
      }
      const byCell = groupRows(paired, groupBy, (_d, v) => v);
      // Cells partition the clients of this time point: parallel composition, ε_t once per time point.
      for (const groups of domain) {
        const members = byCell.get(cellId(groups.map((g) => g.value))) ?? [];
        const e = noisyPlan!.perStatistic;
        const change = noisyMean(pairedDifferences(members, scale.higherIsBetter), -span, span, e);
        const base = noisyMean(members.map((m) => m.baseline), scale.min, scale.max, e);
        const follow = noisyMean(members.map((m) => m.followUp), scale.min, scale.max, e);
        const n = Math.round(change.count);
        const below = n < k;
        cells.push({
          timePoint: tp, groups, suppressed: below, suppression: below ? 'NOISY_COUNT_BELOW_K' : null, n: null, statistics: null,
          noisy: below
            ? { n, baselineMean: null, followUpMean: null, meanChange: null }
            : { n, baselineMean: base.mean, followUpMean: follow.mean, meanChange: change.mean },
        });
      }
      epsilonSpent += noisyPlan!.perTimePoint;
      summaries.push(emptySummary(tp, 'NOT_AVAILABLE_WITH_NOISE'));
      continue;
    }

    // Exact: clinics below k never appear on their own, and the funnel shows exactly the clinics a
    // by-clinic table may show (else "total − shown clinics" would reveal the small ones).
    const shownClinics = shownClinicKeys(paired, k);
    const relabel = (dimension: ReportDimension, value: string) =>
      dimension === 'CLINIC' && !shownClinics.has(value) ? OTHER_CLINICS : value;
    const byCell = groupRows(paired, groupBy, relabel);
    const domain = groupBy.length === 0
      ? [[]]
      : cellDomain(groupBy, withObserved(input.domains, groupBy, paired, relabel));
    const parts = domain.filter((g) => g.length > 0).map((g) => [cellId(g.map((x) => x.value)), byCell.get(cellId(g.map((x) => x.value)))?.length ?? 0] as const);
    // No grouping (or a CLINIC grouping with nobody paired) has no parts: a table of a lone total is
    // invalid, and the margin's own rule below applies.
    const outcome = parts.length > 0 ? suppressCells(oneWayTable(parts.map(([id, n]) => [id, n] as const)), k) : null;
    const reasonOf = new Map((outcome?.cells ?? []).map((c) => [cellId(c.key), c.reason] as const));
    const marginKey = cellId([null] as CellKey);
    // The margin is the time point's total, which other catalogue reports publish: it must stay
    // shown (if it could be hidden as a complement here, another report would reveal it).
    if (reasonOf.get(marginKey) === 'COMPLEMENTARY') {
      reasonOf.set(marginKey, null);
      for (const [id, n] of parts) if (n > 0 && reasonOf.get(cellId([id])) === null) reasonOf.set(cellId([id]), 'COMPLEMENTARY');
    }
    const margin: ReportCell = exactCell(tp, [], paired, groupBy.length === 0 ? (paired.length > 0 && paired.length < k ? 'PRIMARY' : null) : (reasonOf.get(marginKey) ?? null), scale, reliability);
    if (groupBy.length > 0) {
      for (const groups of domain) {
        const id = cellId(groups.map((g) => g.value));
        cells.push(exactCell(tp, groups, byCell.get(id) ?? [], reasonOf.get(cellId([id])) ?? null, scale, reliability));
      }
    }
    cells.push(margin);
    summaries.push(exactSummary(tp, rows, paired, k, shownClinics, scale.higherIsBetter, reliability, reliabilitySource));
  }

  return {
    scaleKey: scale.key,
    mode: mode.kind,
    k,
    groupBy,
    cells,
    timePoints: summaries,
    suppressedCells: cells.filter((c) => c.suppressed).length,
    epsilonSpent: epsilonSpent as MilliEpsilon,
  };
}

/** ε split: evenly over time points (the same client is in each: sequential composition), then over three means. */
function planNoise(epsilon: MilliEpsilon, timePoints: number): { perTimePoint: number; perStatistic: MilliEpsilon } {
  const perStatistic = Math.floor(epsilon / timePoints / 3);
  if (perStatistic < 1) {
    throw new ReportRequestError('NOISE_REQUIRED', 'epsilon', `ε is too small to split over ${timePoints} time point(s) and 3 statistics`);
  }
  return { perTimePoint: perStatistic * 3, perStatistic: perStatistic as MilliEpsilon };
}

/**
 * Exact cells: the fixed domain plus any value the data hold outside it (else such clients would be
 * in the margin but in no cell, and margin − cells would reveal them); clinics as relabelled.
 */
function withObserved(
  domains: Readonly<Record<ReportDimension, readonly string[]>>,
  groupBy: readonly ReportDimension[],
  paired: readonly OutcomeRecord[],
  relabel: (d: ReportDimension, v: string) => string,
): Record<ReportDimension, readonly string[]> {
  const out = { ...domains };
  for (const d of groupBy) {
    const observed = [...new Set(paired.map((r) => relabel(d, d === 'CLINIC' ? r.clinicKey : r.attributes[d])))].sort();
    out[d] = d === 'CLINIC' ? observed : [...domains[d], ...observed.filter((v) => !domains[d].includes(v))];
  }
  return out;
}

function cellDomain(groupBy: readonly ReportDimension[], domains: Readonly<Record<ReportDimension, readonly string[]>>): GroupValue[][] {
  let out: GroupValue[][] = [[]];
  for (const dimension of groupBy) {
    out = out.flatMap((prefix) => domains[dimension].map((value) => [...prefix, { dimension, value }]));
  }
  return out;
}

function groupRows<T extends OutcomeRecord>(rows: readonly T[], groupBy: readonly ReportDimension[], label: (d: ReportDimension, v: string) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const id = cellId(groupBy.map((d) => label(d, d === 'CLINIC' ? r.clinicKey : r.attributes[d])));
    const list = out.get(id);
    if (list) list.push(r);
    else out.set(id, [r]);
  }
  return out;
}

/**
 * Clinics that may appear on their own: n ≥ k, and when the clinics below k add up to fewer than k
 * (but more than 0), the smallest shown clinics join them until the hidden rest holds ≥ k clients,
 * so the total minus the shown clinics never isolates a small group (complementary suppression).
 */
export function shownClinicKeys(paired: readonly OutcomeRecord[], k: number): Set<string> {
  const sizes = [...countBy(paired, (r) => r.clinicKey).entries()].sort(([a, x], [b, y]) => x - y || (a < b ? -1 : 1));
  const shown = sizes.filter(([, n]) => n >= k);
  let hidden = sizes.filter(([, n]) => n < k).reduce((sum, [, n]) => sum + n, 0);
  while (hidden > 0 && hidden < k && shown.length > 0) hidden += shown.shift()![1];
  return new Set(shown.map(([key]) => key));
}

function countBy<T>(rows: readonly T[], key: (r: T) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) out.set(key(r), (out.get(key(r)) ?? 0) + 1);
  return out;
}

function exactCell(
  timePoint: FollowUpTimePoint,
  groups: readonly GroupValue[],
  members: readonly (OutcomeRecord & { baseline: number; followUp: number })[],
  suppression: 'PRIMARY' | 'COMPLEMENTARY' | null,
  scale: ScaleInfo,
  reliability: number | null,
): ReportCell {
  if (suppression !== null) return { timePoint, groups, suppressed: true, suppression, n: null, statistics: null, noisy: null };
  const statistics = pairedChange(members, { higherIsBetter: scale.higherIsBetter, mcid: scale.mcid, reliability });
  return { timePoint, groups, suppressed: false, suppression: null, n: members.length, statistics, noisy: null };
}

function emptySummary(timePoint: FollowUpTimePoint, withheld: 'BELOW_K' | 'NOT_AVAILABLE_WITH_NOISE'): TimePointSummary {
  return {
    timePoint, eligible: null, responded: null, responseRate: null, baselineOnly: null, pairedN: null,
    cronbachAlphaBaseline: null, cronbachAlphaFollowUp: null, reliability: null, reliabilitySource: null,
    pooled: null, funnel: [], funnelCenter: null, funnelSigma: null, withheld,
  };
}

function exactSummary(
  timePoint: FollowUpTimePoint,
  rows: readonly OutcomeRecord[],
  paired: readonly (OutcomeRecord & { baseline: number; followUp: number })[],
  k: number,
  shownClinics: ReadonlySet<string>,
  higherIsBetter: boolean,
  reliability: number | null,
  reliabilitySource: 'REGISTRY' | 'PUBLISHED' | null,
): TimePointSummary {
  const eligible = rows.filter((r) => r.eligible);
  if (eligible.length < k || paired.length < k) return emptySummary(timePoint, 'BELOW_K');
  const responded = eligible.filter((r) => r.followUp !== null).length;
  const baselineOnly = eligible.filter((r) => r.baseline !== null && r.followUp === null).length;
  // Non-responders, follow-up-only responders and baseline-only clients are groups of people too:
  // when one of them is 0 < n < k, the counts that would reveal it are withheld.
  const small = (n: number) => n > 0 && n < k;
  const ratesShown = !small(eligible.length - responded) && !small(responded - paired.length) && !small(baselineOnly);

  // Clinics that may not be shown on their own enter pooling together, as OTHER_CLINICS: the
  // pooled figures then say nothing a by-clinic table would not.
  const byClinic = new Map<string, number[]>();
  for (const p of paired) {
    const d = pairedDifferences([p], higherIsBetter)[0]!;
    const key = shownClinics.has(p.clinicKey) ? p.clinicKey : OTHER_CLINICS;
    const list = byClinic.get(key) ?? [];
    list.push(d);
    byClinic.set(key, list);
  }
  return {
    timePoint,
    eligible: ratesShown ? eligible.length : null,
    responded: ratesShown ? responded : null,
    responseRate: ratesShown ? responded / eligible.length : null,
    baselineOnly: ratesShown ? baselineOnly : null,
    pairedN: paired.length,
    cronbachAlphaBaseline: alphaOf(paired.map((p) => p.baselineItems)),
    cronbachAlphaFollowUp: alphaOf(paired.map((p) => p.followUpItems)),
    reliability,
    reliabilitySource,
    ...poolAndFunnel(byClinic, shownClinics),
    withheld: null,
  };
}

/**
 * Random-effects pooling over every clinic (those with n < 2 or SD 0 cannot enter), funnel points
 * only for the clinics in `shown` (see shownClinicKeys). `changes` must already be oriented.
 */
export function poolAndFunnel(byClinic: ReadonlyMap<string, readonly number[]>, shown: ReadonlySet<string>): Pick<TimePointSummary, 'pooled' | 'funnel' | 'funnelCenter' | 'funnelSigma'> {
  const perClinic: ClinicChanges[] = [...byClinic.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([clinicKey, changes]) => ({ clinicKey, changes }));
  const f = clinicFunnel(perClinic);
  return {
    pooled: { ...f.pooled, clinicsPooled: f.pooled.k },
    funnel: f.points.filter((p) => shown.has(p.clinicKey)),
    funnelCenter: f.center,
    funnelSigma: f.sigma,
  };
}
