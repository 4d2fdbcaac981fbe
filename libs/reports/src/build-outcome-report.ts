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
  type CountedSample,
  cronbachAlphaOfSums,
  type DerSimonianLairdResult,
  EMPTY_SAMPLE,
  type FunnelPoint,
  type ItemSums,
  mergeCounted,
  pairedChangeOfSamples,
  type PairedChangeResult,
  type PairedSamples,
  pairedDifferences,
} from '../../statistics/src/index.js';
import {
  AGGREGATE_DIMENSIONS, type AggregateDimension, mergeSamples, pairedCount, type ScaleAggregate, ScaleAggregator, type TimePointAggregate,
} from './outcome-aggregate.js';
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

export function buildOutcomeReport(input: BuildOutcomeReportInput): OutcomeReportResult {
  if (input.timePoints.length === 0) throw new ReportRequestError('NO_TIME_POINTS', 'timePoints', 'Name at least one follow-up');
  if (input.mode.kind === 'EXACT') {
    // Exact figures come from the aggregate of the records, the same code the kept snapshot
    // aggregates go through (so both give the same report).
    return buildExactReport(aggregateRecords(input.scale, input.records, input.filters), input);
  }
  return buildNoisyReport(input, input.mode.epsilon);
}

/** The ScaleAggregate of raw records (one contribution per client and follow-up), after filters. */
export function aggregateRecords(
  scale: Pick<ScaleInfo, 'key' | 'higherIsBetter'>,
  records: readonly OutcomeRecord[],
  filters: ReportFilters = {},
  /** The scale's number of items; by default that of the records' item vectors. */
  itemCount = records.find((r) => r.baselineItems !== null)?.baselineItems?.length
    ?? records.find((r) => r.followUpItems !== null)?.followUpItems?.length ?? 0,
): ScaleAggregate {
  const aggregator = new ScaleAggregator(scale, itemCount);
  for (const r of records) aggregator.add(r, matchesFilters(r, filters));
  return aggregator.result();
}

export interface BuildExactReportInput {
  readonly scale: ScaleInfo;
  readonly timePoints: readonly FollowUpTimePoint[];
  readonly groupBy: readonly ReportDimension[];
  readonly k: number;
  readonly domains: Readonly<Record<ReportDimension, readonly string[]>>;
  readonly registryReliabilityMinN?: number;
}

/**
 * An exact report from a scale's aggregate: cost follows the cells and distinct scores, never the
 * number of clients. Groupings are the catalogue's (at most one of EXACT_GROUPINGS).
 */
export function buildExactReport(agg: ScaleAggregate, input: BuildExactReportInput): OutcomeReportResult {
  const { scale, k, groupBy } = input;
  if (input.timePoints.length === 0) throw new ReportRequestError('NO_TIME_POINTS', 'timePoints', 'Name at least one follow-up');
  if (groupBy.length > 1 || groupBy.some((g) => !(AGGREGATE_DIMENSIONS as readonly string[]).includes(g))) {
    throw new ReportRequestError('NOISE_REQUIRED', 'groupBy', 'Exact figures exist for at most one catalogue grouping');
  }
  const dimension = groupBy[0] as AggregateDimension | undefined;

  // Reliability for reliable change: the registry's own baseline α (all consented baselines of the
  // scale, before filters) when at least 30 complete baselines exist, else the published value.
  const minN = input.registryReliabilityMinN ?? REGISTRY_RELIABILITY_MIN_N;
  const registryAlpha = agg.registryBaselines.n >= minN ? cronbachAlphaOfSums(agg.registryBaselines).alpha : null;
  const reliability = registryAlpha !== null && registryAlpha > 0 ? registryAlpha : scale.publishedReliability;
  const reliabilitySource = reliability === null ? null : registryAlpha !== null && registryAlpha > 0 ? 'REGISTRY' : 'PUBLISHED';

  const cells: ReportCell[] = [];
  const summaries: TimePointSummary[] = [];
  for (const tp of input.timePoints) {
    const t = agg.timePoints.find((x) => x.timePoint === tp)!;
    // Clinics below k never appear on their own, and the funnel shows exactly the clinics a
    // by-clinic table may show (else "total − shown clinics" would reveal the small ones).
    const clinicSizes = new Map(Object.entries(t.cells.CLINIC).map(([key, s]) => [key, pairedCount(s)] as const));
    const shownClinics = shownClinicKeys(clinicSizes, k);
    const relabel = (d: ReportDimension, value: string) => (d === 'CLINIC' && !shownClinics.has(value) ? OTHER_CLINICS : value);

    // The grouping's cells, relabelled (hidden clinics merge into OTHER_CLINICS).
    const byCell = new Map<string, PairedSamples[]>();
    if (dimension) {
      for (const [value, samples] of Object.entries(t.cells[dimension])) {
        const id = cellId([relabel(dimension, value)]);
        byCell.set(id, [...(byCell.get(id) ?? []), samples]);
      }
    }
    const merged = new Map([...byCell.entries()].map(([id, parts]) => [id, mergeSamples(parts)] as const));
    const domain = dimension ? cellDomain(groupBy, withObserved(input.domains, dimension, Object.keys(t.cells[dimension]), relabel)) : [[]];
    const parts = domain.filter((g) => g.length > 0).map((g) => [cellId(g.map((x) => x.value)), pairedCountOf(merged.get(cellId(g.map((x) => x.value))))] as const);
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
    const marginSuppression = groupBy.length === 0 ? (t.paired > 0 && t.paired < k ? 'PRIMARY' : null) : (reasonOf.get(marginKey) ?? null);
    const margin = exactCell(tp, [], t.all, marginSuppression, scale, reliability);
    for (const groups of dimension ? domain : []) {
      const id = cellId(groups.map((g) => g.value));
      cells.push(exactCell(tp, groups, merged.get(id) ?? null, reasonOf.get(cellId([id])) ?? null, scale, reliability));
    }
    cells.push(margin);
    summaries.push(exactSummary(t, k, shownClinics, reliability, reliabilitySource));
  }

  return {
    scaleKey: scale.key,
    mode: 'EXACT',
    k,
    groupBy,
    cells,
    timePoints: summaries,
    suppressedCells: cells.filter((c) => c.suppressed).length,
    epsilonSpent: 0 as MilliEpsilon,
  };
}

const pairedCountOf = (s: PairedSamples | null | undefined): number => (s ? pairedCount(s) : 0);

/** Noisy reports read the records themselves (filters, any grouping, live data). */
function buildNoisyReport(input: BuildOutcomeReportInput, epsilon: MilliEpsilon): OutcomeReportResult {
  const { scale, k, groupBy } = input;
  const selected = oneContribution(input.records).filter((r) => matchesFilters(r, input.filters));
  const cells: ReportCell[] = [];
  const summaries: TimePointSummary[] = [];
  let epsilonSpent = 0;
  const noisyPlan = planNoise(epsilon, input.timePoints.length);
  const span = scale.max - scale.min;
  const domain = cellDomain(groupBy, input.domains);
  if (domain.length > MAX_NOISY_CELLS) {
    throw new ReportRequestError('TOO_MANY_CELLS', 'groupBy', `These groupings give ${domain.length} cells; at most ${MAX_NOISY_CELLS}`);
  }

  for (const tp of input.timePoints) {
    const paired = selected.filter((r) => r.timePoint === tp).filter(isPaired);
    const byCell = groupRows(paired, groupBy, (_d, v) => v);
    // Cells partition the clients of this time point: parallel composition, ε_t once per time point.
    for (const groups of domain) {
      const members = byCell.get(cellId(groups.map((g) => g.value))) ?? [];
      const e = noisyPlan.perStatistic;
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
    epsilonSpent += noisyPlan.perTimePoint;
    summaries.push(emptySummary(tp, 'NOT_AVAILABLE_WITH_NOISE'));
  }

  return {
    scaleKey: scale.key,
    mode: 'NOISY',
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
  d: ReportDimension,
  observedValues: readonly string[],
  relabel: (d: ReportDimension, v: string) => string,
): Record<ReportDimension, readonly string[]> {
  const observed = [...new Set(observedValues.map((v) => relabel(d, v)))].sort();
  return { ...domains, [d]: d === 'CLINIC' ? observed : [...domains[d], ...observed.filter((v) => !domains[d].includes(v))] };
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
export function shownClinicKeys(clinicSizes: ReadonlyMap<string, number>, k: number): Set<string> {
  const sizes = [...clinicSizes.entries()].filter(([, n]) => n > 0).sort(([a, x], [b, y]) => x - y || (a < b ? -1 : 1));
  const shown = sizes.filter(([, n]) => n >= k);
  let hidden = sizes.filter(([, n]) => n < k).reduce((sum, [, n]) => sum + n, 0);
  while (hidden > 0 && hidden < k && shown.length > 0) hidden += shown.shift()![1];
  return new Set(shown.map(([key]) => key));
}

function exactCell(
  timePoint: FollowUpTimePoint,
  groups: readonly GroupValue[],
  members: PairedSamples | null,
  suppression: 'PRIMARY' | 'COMPLEMENTARY' | null,
  scale: ScaleInfo,
  reliability: number | null,
): ReportCell {
  if (suppression !== null) return { timePoint, groups, suppressed: true, suppression, n: null, statistics: null, noisy: null };
  const samples = members ?? { baseline: EMPTY_SAMPLE, followUp: EMPTY_SAMPLE, change: EMPTY_SAMPLE };
  const statistics = pairedChangeOfSamples(samples, { higherIsBetter: scale.higherIsBetter, mcid: scale.mcid, reliability });
  return { timePoint, groups, suppressed: false, suppression: null, n: pairedCount(samples), statistics, noisy: null };
}

function emptySummary(timePoint: FollowUpTimePoint, withheld: 'BELOW_K' | 'NOT_AVAILABLE_WITH_NOISE'): TimePointSummary {
  return {
    timePoint, eligible: null, responded: null, responseRate: null, baselineOnly: null, pairedN: null,
    cronbachAlphaBaseline: null, cronbachAlphaFollowUp: null, reliability: null, reliabilitySource: null,
    pooled: null, funnel: [], funnelCenter: null, funnelSigma: null, withheld,
  };
}

function exactSummary(
  t: TimePointAggregate,
  k: number,
  shownClinics: ReadonlySet<string>,
  reliability: number | null,
  reliabilitySource: 'REGISTRY' | 'PUBLISHED' | null,
): TimePointSummary {
  if (t.eligible < k || t.paired < k) return emptySummary(t.timePoint, 'BELOW_K');
  // Non-responders, follow-up-only responders and baseline-only clients are groups of people too:
  // when one of them is 0 < n < k, the counts that would reveal it are withheld.
  const small = (n: number) => n > 0 && n < k;
  const ratesShown = !small(t.eligible - t.responded) && !small(t.responded - t.paired) && !small(t.baselineOnly);

  // Clinics that may not be shown on their own enter pooling together, as OTHER_CLINICS: the
  // pooled figures then say nothing a by-clinic table would not.
  const byClinic = new Map<string, CountedSample[]>();
  for (const [clinicKey, s] of Object.entries(t.cells.CLINIC)) {
    const key = shownClinics.has(clinicKey) ? clinicKey : OTHER_CLINICS;
    byClinic.set(key, [...(byClinic.get(key) ?? []), s.change]);
  }
  const alpha = (sums: ItemSums) => cronbachAlphaOfSums(sums).alpha;
  return {
    timePoint: t.timePoint,
    eligible: ratesShown ? t.eligible : null,
    responded: ratesShown ? t.responded : null,
    responseRate: ratesShown ? t.responded / t.eligible : null,
    baselineOnly: ratesShown ? t.baselineOnly : null,
    pairedN: t.paired,
    cronbachAlphaBaseline: alpha(t.alphaBaseline),
    cronbachAlphaFollowUp: alpha(t.alphaFollowUp),
    reliability,
    reliabilitySource,
    ...poolAndFunnel(new Map([...byClinic.entries()].map(([key, parts]) => [key, mergeCounted(parts)] as const)), shownClinics),
    withheld: null,
  };
}

/**
 * Random-effects pooling over every clinic (those with n < 2 or SD 0 cannot enter), funnel points
 * only for the clinics in `shown` (see shownClinicKeys). `changes` must already be oriented.
 */
export function poolAndFunnel(byClinic: ReadonlyMap<string, readonly number[] | CountedSample>, shown: ReadonlySet<string>): Pick<TimePointSummary, 'pooled' | 'funnel' | 'funnelCenter' | 'funnelSigma'> {
  const perClinic: ClinicChanges[] = [...byClinic.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([clinicKey, changes]) => ({ clinicKey, changes }));
  const f = clinicFunnel(perClinic);
  return {
    pooled: { ...f.pooled, clinicsPooled: f.pooled.k },
    funnel: f.points.filter((p) => shown.has(p.clinicKey)),
    funnelCenter: f.center,
    funnelSigma: f.sigma,
  };
}
