import {
  addItems, checkCounted, type CountedSample, emptyItemSums, fromMap, type ItemSums, mergeCounted, type PairedSamples,
  pairedDifferences, sizeOf,
} from '../../statistics/src/index.js';
import type { OutcomeRecord } from './build-outcome-report.js';
import { EXACT_GROUPINGS, FOLLOW_UP_TIME_POINTS, type FollowUpTimePoint } from './report-request.js';

// What an exact (catalogue) report needs of the records, kept as aggregates whose size follows the
// number of cells and distinct scores, not of clients: per follow-up the response-rate counts, the
// item sums for Cronbach's α, and for the margin and every value of each catalogue grouping the
// counted samples of baseline, follow-up and change of the paired clients. Counts and integer item
// sums add exactly, so an aggregate built row by row, or merged, equals one recomputed from the raw
// rows bit for bit; the report built from it is then the same whichever way it was obtained.

/** The catalogue's groupings, which the aggregate keeps cells for. */
export const AGGREGATE_DIMENSIONS = EXACT_GROUPINGS;
export type AggregateDimension = (typeof EXACT_GROUPINGS)[number];

/** What the aggregator reads of an OutcomeRecord (the catalogue's attributes only). */
export type AggregatedRecord = Pick<OutcomeRecord, 'clinicKey' | 'subject' | 'timePoint' | 'baseline' | 'followUp' | 'baselineItems' | 'followUpItems' | 'eligible'>
  & { readonly attributes: Readonly<Record<Exclude<AggregateDimension, 'CLINIC'>, string>> };

export interface TimePointAggregate {
  readonly timePoint: FollowUpTimePoint;
  /** Follow-ups answered or closed before the cutoff. */
  readonly eligible: number;
  /** Eligible with a scored follow-up. */
  readonly responded: number;
  /** Eligible with a baseline and no scored follow-up. */
  readonly baselineOnly: number;
  /** Clients with both scores (eligible or not). */
  readonly paired: number;
  /** Item sums of the paired clients' complete baseline / follow-up items. */
  readonly alphaBaseline: ItemSums;
  readonly alphaFollowUp: ItemSums;
  /** The paired clients of this follow-up. */
  readonly all: PairedSamples;
  /** Per catalogue grouping, per value with at least one paired client (clinics by pseudonym). */
  readonly cells: Readonly<Record<AggregateDimension, Readonly<Record<string, PairedSamples>>>>;
}

export interface ScaleAggregate {
  readonly scaleKey: string;
  /** Changes are oriented with this (positive = better). */
  readonly higherIsBetter: boolean;
  /** Item sums of every consented client's complete baseline items, once per client. */
  readonly registryBaselines: ItemSums;
  readonly timePoints: readonly TimePointAggregate[];
}

type Histogram = Map<number, number>;
interface CellAccumulator { baseline: Histogram; followUp: Histogram; change: Histogram }
interface TimePointAccumulator {
  eligible: number; responded: number; baselineOnly: number; paired: number;
  alphaBaseline: ItemSums; alphaFollowUp: ItemSums;
  all: CellAccumulator;
  cells: Record<AggregateDimension, Map<string, CellAccumulator>>;
}

const newCell = (): CellAccumulator => ({ baseline: new Map(), followUp: new Map(), change: new Map() });
const bump = (h: Histogram, v: number) => h.set(v + 0, (h.get(v + 0) ?? 0) + 1);

/**
 * Builds a ScaleAggregate one record at a time (records may come in any order and are never kept).
 * A second record of the same client and follow-up is ignored (one contribution per client).
 */
export class ScaleAggregator {
  private readonly seen = new Set<string>();
  private readonly baselineSubjects = new Set<string>();
  private readonly registryBaselines: ItemSums;
  private readonly timePoints = new Map<FollowUpTimePoint, TimePointAccumulator>();

  constructor(private readonly scale: { readonly key: string; readonly higherIsBetter: boolean }, private readonly itemCount: number) {
    this.registryBaselines = emptyItemSums(itemCount);
    for (const tp of FOLLOW_UP_TIME_POINTS) {
      this.timePoints.set(tp, {
        eligible: 0, responded: 0, baselineOnly: 0, paired: 0,
        alphaBaseline: emptyItemSums(itemCount), alphaFollowUp: emptyItemSums(itemCount),
        all: newCell(),
        cells: { HAIR_LOSS_TYPE: new Map(), SEX: new Map(), AGE_BAND: new Map(), CLINIC: new Map() },
      });
    }
  }

  /** `selected`: the record passes the report's filters (the registry's α reads every record). */
  add(r: AggregatedRecord, selected = true): void {
    const id = `${r.timePoint}\u0000${r.subject}`;
    if (this.seen.has(id)) return;
    this.seen.add(id);
    if (this.complete(r.baselineItems) && !this.baselineSubjects.has(r.subject)) {
      this.baselineSubjects.add(r.subject);
      addItems(this.registryBaselines, r.baselineItems!);
    }
    if (!selected) return;
    const t = this.timePoints.get(r.timePoint);
    if (!t) return;
    if (r.eligible) {
      t.eligible++;
      if (r.followUp !== null) t.responded++;
      else if (r.baseline !== null) t.baselineOnly++;
    }
    if (r.baseline === null || r.followUp === null) return;
    t.paired++;
    if (this.complete(r.baselineItems)) addItems(t.alphaBaseline, r.baselineItems!);
    if (this.complete(r.followUpItems)) addItems(t.alphaFollowUp, r.followUpItems!);
    const change = pairedDifferences([{ baseline: r.baseline, followUp: r.followUp }], this.scale.higherIsBetter)[0]!;
    for (const cell of [
      t.all,
      this.cell(t.cells.HAIR_LOSS_TYPE, r.attributes.HAIR_LOSS_TYPE),
      this.cell(t.cells.SEX, r.attributes.SEX),
      this.cell(t.cells.AGE_BAND, r.attributes.AGE_BAND),
      this.cell(t.cells.CLINIC, r.clinicKey),
    ]) {
      bump(cell.baseline, r.baseline);
      bump(cell.followUp, r.followUp);
      bump(cell.change, change);
    }
  }

  result(): ScaleAggregate {
    const samples = (c: CellAccumulator): PairedSamples => ({ baseline: fromMap(c.baseline), followUp: fromMap(c.followUp), change: fromMap(c.change) });
    const byValue = (m: Map<string, CellAccumulator>) => Object.fromEntries([...m.keys()].sort().map((v) => [v, samples(m.get(v)!)]));
    return {
      scaleKey: this.scale.key,
      higherIsBetter: this.scale.higherIsBetter,
      registryBaselines: this.registryBaselines,
      timePoints: FOLLOW_UP_TIME_POINTS.map((tp) => {
        const t = this.timePoints.get(tp)!;
        return {
          timePoint: tp, eligible: t.eligible, responded: t.responded, baselineOnly: t.baselineOnly, paired: t.paired,
          alphaBaseline: t.alphaBaseline, alphaFollowUp: t.alphaFollowUp,
          all: samples(t.all),
          cells: {
            HAIR_LOSS_TYPE: byValue(t.cells.HAIR_LOSS_TYPE), SEX: byValue(t.cells.SEX), AGE_BAND: byValue(t.cells.AGE_BAND), CLINIC: byValue(t.cells.CLINIC),
          },
        };
      }),
    };
  }

  private complete(items: readonly number[] | null): boolean {
    return items !== null && items.length === this.itemCount;
  }

  private cell(m: Map<string, CellAccumulator>, value: string): CellAccumulator {
    let c = m.get(value);
    if (!c) m.set(value, (c = newCell()));
    return c;
  }
}

/** The union of paired samples (the same clients in each part): exact. */
export function mergeSamples(parts: readonly PairedSamples[]): PairedSamples {
  return {
    baseline: mergeCounted(parts.map((p) => p.baseline)),
    followUp: mergeCounted(parts.map((p) => p.followUp)),
    change: mergeCounted(parts.map((p) => p.change)),
  };
}

export const pairedCount = (s: PairedSamples): number => sizeOf(s.change);

/**
 * Checks an aggregate read back from storage (its shape and every counted sample), so a damaged
 * row fails loudly instead of giving figures.
 */
export function checkAggregate(a: ScaleAggregate): ScaleAggregate {
  const fail = (what: string) => { throw new Error(`Stored outcome aggregate is invalid: ${what}`); };
  if (!a || typeof a.scaleKey !== 'string' || !Array.isArray(a.timePoints) || a.timePoints.length !== FOLLOW_UP_TIME_POINTS.length) fail('shape');
  const samples = (s: PairedSamples, what: string) => {
    for (const part of ['baseline', 'followUp', 'change'] as const) checkCounted(s?.[part] as CountedSample, `${what}.${part}`);
    if (sizeOf(s.baseline) !== sizeOf(s.change) || sizeOf(s.followUp) !== sizeOf(s.change)) fail(`${what} counts`);
  };
  for (const t of a.timePoints) {
    samples(t.all, `${t.timePoint}.all`);
    if (pairedCount(t.all) !== t.paired) fail(`${t.timePoint} paired count`);
    for (const d of AGGREGATE_DIMENSIONS) for (const [v, s] of Object.entries(t.cells?.[d] ?? fail(`${t.timePoint}.${d}`)!)) samples(s, `${t.timePoint}.${d}.${v}`);
  }
  return a;
}

/** A scale's records grouped by the database (see the snapshot service's query), before labelling. */
export interface GroupedOutcomes {
  /** Per follow-up: eligible, responded, baseline-only and paired counts. */
  readonly counts: readonly { readonly timePoint: FollowUpTimePoint; readonly eligible: number; readonly responded: number; readonly baselineOnly: number; readonly paired: number }[];
  /**
   * Counted samples of the paired clients: per follow-up, a grouping key (ALL, CLINIC by id,
   * HAIR_LOSS_TYPE, SEX, or AGE by birth and enrolment year) and a part of the pair.
   */
  readonly samples: readonly {
    readonly timePoint: FollowUpTimePoint;
    readonly group: 'ALL' | 'CLINIC' | 'HAIR_LOSS_TYPE' | 'SEX' | 'AGE';
    readonly value: string;
    readonly part: 'baseline' | 'followUp' | 'change';
    readonly sample: CountedSample;
  }[];
  /** Item sums: of the paired clients' complete baseline / follow-up items per follow-up, and of every client's baseline once (REGISTRY). */
  readonly items: readonly { readonly timePoint: FollowUpTimePoint | null; readonly part: 'baseline' | 'followUp' | 'registry'; readonly sums: ItemSums }[];
}

/**
 * The ScaleAggregate of grouped outcomes: clinics relabelled by pseudonym, birth and enrolment
 * years generalised to age bands (their samples merged, exactly). Equal to aggregating the same
 * records one by one (a test compares the two).
 */
export function aggregateOfGroups(
  scale: { readonly key: string; readonly higherIsBetter: boolean },
  itemCount: number,
  g: GroupedOutcomes,
  label: { readonly clinic: (clinicId: string) => string; readonly ageBand: (birthYear: number, enrolYear: number) => string },
): ScaleAggregate {
  const sumsOf = (tp: FollowUpTimePoint | null, part: 'baseline' | 'followUp' | 'registry') =>
    g.items.find((x) => x.timePoint === tp && x.part === part)?.sums ?? emptyItemSums(itemCount);
  const empty = (): { baseline: CountedSample[]; followUp: CountedSample[]; change: CountedSample[] } => ({ baseline: [], followUp: [], change: [] });
  const samples = (parts: ReturnType<typeof empty>): PairedSamples => ({
    baseline: mergeCounted(parts.baseline), followUp: mergeCounted(parts.followUp), change: mergeCounted(parts.change),
  });
  return {
    scaleKey: scale.key,
    higherIsBetter: scale.higherIsBetter,
    registryBaselines: sumsOf(null, 'registry'),
    timePoints: FOLLOW_UP_TIME_POINTS.map((tp): TimePointAggregate => {
      const c = g.counts.find((x) => x.timePoint === tp) ?? { eligible: 0, responded: 0, baselineOnly: 0, paired: 0 };
      const all = empty();
      const cells = Object.fromEntries(AGGREGATE_DIMENSIONS.map((d) => [d, new Map<string, ReturnType<typeof empty>>()])) as Record<AggregateDimension, Map<string, ReturnType<typeof empty>>>;
      for (const s of g.samples) {
        if (s.timePoint !== tp) continue;
        if (s.group === 'ALL') { all[s.part].push(s.sample); continue; }
        const [dimension, value] = s.group === 'AGE'
          ? ['AGE_BAND' as const, label.ageBand(...(s.value.split('/').map(Number) as [number, number]))]
          : s.group === 'CLINIC' ? ['CLINIC' as const, label.clinic(s.value)] : [s.group, s.value];
        const m = cells[dimension];
        if (!m.has(value)) m.set(value, empty());
        m.get(value)![s.part].push(s.sample);
      }
      const byValue = (m: Map<string, ReturnType<typeof empty>>) => Object.fromEntries([...m.keys()].sort().map((v) => [v, samples(m.get(v)!)]));
      return {
        timePoint: tp, eligible: c.eligible, responded: c.responded, baselineOnly: c.baselineOnly, paired: c.paired,
        alphaBaseline: sumsOf(tp, 'baseline'), alphaFollowUp: sumsOf(tp, 'followUp'),
        all: samples(all),
        cells: { HAIR_LOSS_TYPE: byValue(cells.HAIR_LOSS_TYPE), SEX: byValue(cells.SEX), AGE_BAND: byValue(cells.AGE_BAND), CLINIC: byValue(cells.CLINIC) },
      };
    }),
  };
}
