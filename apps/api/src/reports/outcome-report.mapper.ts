import type { DescriptiveSummary, FunnelPoint, PairedChangeResult } from '../../../../libs/statistics/src/index.js';
import { type OutcomeReportResult, publicSuppression, type TimePointSummary } from '../../../../libs/reports/src/index.js';
import type {
  DescriptiveStatistics, FunnelPointObject, NullReason, PairedChangeStatistics, ReportCellObject, TimePointSummaryObject,
} from './dto/outcome-report.object.js';

// Core results → GraphQL objects: `reasons` maps become lists; nothing else changes.
export const reasonsOf = (r: Record<string, string | undefined>): NullReason[] =>
  Object.entries(r).filter((e): e is [string, string] => e[1] !== undefined).map(([field, reason]) => ({ field, reason }));

export const descriptive = (d: DescriptiveSummary): DescriptiveStatistics => ({
  n: d.n, mean: d.mean, sd: d.sd, median: d.median, q1: d.q1, q3: d.q3, iqr: d.iqr, nullReasons: reasonsOf(d.reasons),
});

export function pairedStatistics(p: PairedChangeResult): PairedChangeStatistics {
  return {
    n: p.n,
    baseline: descriptive(p.baseline),
    followUp: descriptive(p.followUp),
    change: descriptive(p.change),
    meanChange: p.meanChange, sdChange: p.sdChange, df: p.df, confidenceLevel: p.confidenceLevel,
    ciLower: p.ciLower, ciUpper: p.ciUpper, tStatistic: p.tStatistic, tPValue: p.tPValue, cohenDz: p.cohenDz, hedgesG: p.hedgesG,
    wilcoxon: { ...p.wilcoxon, nullReasons: reasonsOf(p.wilcoxon.reasons) },
    reliableChange: { ...p.reliableChange, nullReasons: reasonsOf(p.reliableChange.reasons) },
    mcid: { mcid: p.mcid.mcid, proportionReached: p.mcid.proportionReached, nullReasons: reasonsOf(p.mcid.reasons) },
    nullReasons: reasonsOf(p.reasons),
  };
}

export const funnelPoint = (p: FunnelPoint, label: string | null): FunnelPointObject => ({
  clinic: label, n: p.n, meanChange: p.meanChange, lower95: p.lower95, upper95: p.upper95, lower998: p.lower998, upper998: p.upper998,
  outside95: p.outside95, outside998: p.outside998,
});

export function summaryObject(s: TimePointSummary): TimePointSummaryObject {
  return {
    ...s,
    pooled: s.pooled && { ...s.pooled, nullReasons: reasonsOf(s.pooled.reasons) },
    funnel: s.funnel.map((p) => funnelPoint(p, p.clinicKey)),
  };
}

export function cellObjects(r: OutcomeReportResult): ReportCellObject[] {
  return r.cells.map((c) => ({
    timePoint: c.timePoint,
    groups: c.groups.map((g) => ({ ...g })),
    suppressed: c.suppressed,
    suppression: publicSuppression(c),
    n: c.n,
    statistics: c.statistics && pairedStatistics(c.statistics),
    noisy: c.noisy,
  }));
}
