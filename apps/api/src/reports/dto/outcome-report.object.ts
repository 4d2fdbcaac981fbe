import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import type { FollowUpTimePoint, ReportDimension } from '../../../../../libs/reports/src/index.js';
import { FollowUpTimePointEnum, ReportDimensionEnum } from './outcome-report.input.js';

// Statistics on the wire: every undefined value is null, and `nullReasons` says why (never NaN).

@ObjectType()
export class NullReason {
  @Field() field: string;
  @Field() reason: string;
}

@ObjectType()
export class DescriptiveStatistics {
  @Field(() => Int) n: number;
  @Field(() => Float, { nullable: true }) mean: number | null;
  @Field(() => Float, { nullable: true, description: 'Sample SD (n − 1)' }) sd: number | null;
  @Field(() => Float, { nullable: true }) median: number | null;
  @Field(() => Float, { nullable: true, description: 'Type-7 quantile (PostgreSQL percentile_cont)' }) q1: number | null;
  @Field(() => Float, { nullable: true }) q3: number | null;
  @Field(() => Float, { nullable: true }) iqr: number | null;
  @Field(() => [NullReason]) nullReasons: NullReason[];
}

@ObjectType()
export class WilcoxonStatistics {
  @Field(() => Int) nNonZero: number;
  @Field(() => Int) nZero: number;
  @Field() ties: boolean;
  @Field(() => Float, { nullable: true, description: 'V = sum of the ranks of the positive changes' }) statistic: number | null;
  @Field(() => Float, { nullable: true }) pValue: number | null;
  @Field(() => String, { nullable: true, description: 'EXACT or NORMAL_APPROX' }) method: string | null;
  @Field(() => [NullReason]) nullReasons: NullReason[];
}

@ObjectType()
export class ReliableChangeStatistics {
  @Field(() => Float, { nullable: true }) reliability: number | null;
  @Field(() => Float, { nullable: true }) seDiff: number | null;
  @Field(() => Float) criterion: number;
  @Field(() => Float, { nullable: true }) proportionImproved: number | null;
  @Field(() => Float, { nullable: true }) proportionUnchanged: number | null;
  @Field(() => Float, { nullable: true }) proportionDeteriorated: number | null;
  @Field(() => [NullReason]) nullReasons: NullReason[];
}

@ObjectType()
export class McidStatistics {
  @Field(() => Float, { nullable: true }) mcid: number | null;
  @Field(() => Float, { nullable: true }) proportionReached: number | null;
  @Field(() => [NullReason]) nullReasons: NullReason[];
}

@ObjectType({ description: 'Paired change of one cell; change = follow-up − baseline, sign turned so positive = better.' })
export class PairedChangeStatistics {
  @Field(() => Int) n: number;
  @Field(() => DescriptiveStatistics) baseline: DescriptiveStatistics;
  @Field(() => DescriptiveStatistics) followUp: DescriptiveStatistics;
  @Field(() => DescriptiveStatistics) change: DescriptiveStatistics;
  @Field(() => Float, { nullable: true }) meanChange: number | null;
  @Field(() => Float, { nullable: true }) sdChange: number | null;
  @Field(() => Int, { nullable: true }) df: number | null;
  @Field(() => Float) confidenceLevel: number;
  @Field(() => Float, { nullable: true }) ciLower: number | null;
  @Field(() => Float, { nullable: true }) ciUpper: number | null;
  @Field(() => Float, { nullable: true }) tStatistic: number | null;
  @Field(() => Float, { nullable: true, description: 'Two-sided' }) tPValue: number | null;
  @Field(() => Float, { nullable: true }) cohenDz: number | null;
  @Field(() => Float, { nullable: true }) hedgesG: number | null;
  @Field(() => WilcoxonStatistics) wilcoxon: WilcoxonStatistics;
  @Field(() => ReliableChangeStatistics) reliableChange: ReliableChangeStatistics;
  @Field(() => McidStatistics) mcid: McidStatistics;
  @Field(() => [NullReason]) nullReasons: NullReason[];
}

@ObjectType()
export class NoisyCellStatisticsObject {
  @Field(() => Int, { description: 'Noisy client count' }) n: number;
  @Field(() => Float, { nullable: true }) baselineMean: number | null;
  @Field(() => Float, { nullable: true }) followUpMean: number | null;
  @Field(() => Float, { nullable: true }) meanChange: number | null;
}

@ObjectType()
export class GroupValueObject {
  @Field(() => ReportDimensionEnum) dimension: ReportDimension;
  @Field() value: string;
}

@ObjectType()
export class ReportCellObject {
  @Field(() => FollowUpTimePointEnum) timePoint: FollowUpTimePoint;
  @Field(() => [GroupValueObject], { description: 'Empty: the total over all groups of the time point' }) groups: GroupValueObject[];
  @Field() suppressed: boolean;
  @Field(() => String, { nullable: true, description: 'SUPPRESSED (below k, or hidden to protect another cell: which is not said) or NOISY_COUNT_BELOW_K' }) suppression: string | null;
  @Field(() => Int, { nullable: true }) n: number | null;
  @Field(() => PairedChangeStatistics, { nullable: true, description: 'Exact reports' }) statistics: PairedChangeStatistics | null;
  @Field(() => NoisyCellStatisticsObject, { nullable: true, description: 'Noisy reports' }) noisy: NoisyCellStatisticsObject | null;
}

@ObjectType()
export class PooledChange {
  @Field(() => Int, { description: 'Clinics pooled (n ≥ 2 and SD > 0)' }) clinicsPooled: number;
  @Field(() => Float, { nullable: true }) estimate: number | null;
  @Field(() => Float, { nullable: true }) se: number | null;
  @Field(() => Float, { nullable: true }) ciLower: number | null;
  @Field(() => Float, { nullable: true }) ciUpper: number | null;
  @Field(() => Float, { nullable: true }) pValue: number | null;
  @Field(() => Float, { nullable: true }) tau2: number | null;
  @Field(() => Float, { nullable: true, description: 'I² as a proportion 0–1' }) i2: number | null;
  @Field(() => Float, { nullable: true }) q: number | null;
  @Field(() => [NullReason]) nullReasons: NullReason[];
}

@ObjectType()
export class FunnelPointObject {
  @Field(() => String, { nullable: true, description: 'Clinic pseudonym (null for anonymised peers on a clinic dashboard)' }) clinic: string | null;
  @Field(() => Int) n: number;
  @Field(() => Float, { nullable: true }) meanChange: number | null;
  @Field(() => Float, { nullable: true }) lower95: number | null;
  @Field(() => Float, { nullable: true }) upper95: number | null;
  @Field(() => Float, { nullable: true }) lower998: number | null;
  @Field(() => Float, { nullable: true }) upper998: number | null;
  @Field(() => Boolean, { nullable: true }) outside95: boolean | null;
  @Field(() => Boolean, { nullable: true }) outside998: boolean | null;
}

@ObjectType()
export class TimePointSummaryObject {
  @Field(() => FollowUpTimePointEnum) timePoint: FollowUpTimePoint;
  @Field(() => Int, { nullable: true, description: 'Clients whose follow-up was answered or whose window closed' }) eligible: number | null;
  @Field(() => Int, { nullable: true }) responded: number | null;
  @Field(() => Float, { nullable: true }) responseRate: number | null;
  @Field(() => Int, { nullable: true, description: 'Baseline responders without this follow-up (attrition)' }) baselineOnly: number | null;
  @Field(() => Int, { nullable: true }) pairedN: number | null;
  @Field(() => Float, { nullable: true }) cronbachAlphaBaseline: number | null;
  @Field(() => Float, { nullable: true }) cronbachAlphaFollowUp: number | null;
  @Field(() => Float, { nullable: true, description: 'r used for reliable change' }) reliability: number | null;
  @Field(() => String, { nullable: true, description: 'REGISTRY (baseline α, n ≥ 30) or PUBLISHED' }) reliabilitySource: string | null;
  @Field(() => PooledChange, { nullable: true, description: 'DerSimonian–Laird random-effects mean change across clinics' }) pooled: PooledChange | null;
  @Field(() => [FunnelPointObject], { description: 'Clinics with n ≥ k' }) funnel: FunnelPointObject[];
  @Field(() => Float, { nullable: true }) funnelCenter: number | null;
  @Field(() => Float, { nullable: true }) funnelSigma: number | null;
  @Field(() => String, { nullable: true, description: 'BELOW_K or NOT_AVAILABLE_WITH_NOISE when figures are withheld' }) withheld: string | null;
}

@ObjectType()
export class OutcomeReport {
  @Field() instrumentKey: string;
  @Field() scaleKey: string;
  @Field({ description: 'EXACT (catalogue on the monthly snapshot) or NOISY (differential privacy)' }) mode: string;
  @Field(() => Int, { description: 'Minimum cell size used' }) k: number;
  @Field({ description: 'Data up to (excluding) this instant' }) dataThrough: Date;
  @Field({ description: 'The monthly snapshot (YYYY-MM): everything recorded before the first day of that month (dataThrough); or LIVE' }) snapshot: string;
  @Field(() => [ReportDimensionEnum]) groupBy: ReportDimension[];
  @Field(() => [ReportCellObject]) cells: ReportCellObject[];
  @Field(() => [TimePointSummaryObject]) timePoints: TimePointSummaryObject[];
  @Field(() => Int) suppressedCells: number;
  @Field({ description: 'ε spent by this report ("0.000" when exact)' }) epsilonSpent: string;
  @Field(() => String, { nullable: true, description: 'ε left in this period after this report' }) epsilonRemaining: string | null;
  @Field() budgetPeriod: string;
}

@ObjectType()
export class PrivacyBudget {
  @Field() period: string;
  @Field() allowance: string;
  @Field() spent: string;
  @Field() remaining: string;
}
