// Pure statistics for the outcomes registry (PRODUCT.md, "Outcome statistics"). No I/O.
// Undefined statistics are `null` with a reason in the owning object's `reasons` map (reasons.ts);
// invalid input throws StatisticsInputError.
export { type NullReason, type Reasons, StatisticsInputError } from './reasons.js';
export {
  chiSquareUpperTail, normalCdf, normalQuantile, normalTwoSidedP, tCdf, tQuantile, tTwoSidedP,
} from './distributions.js';
export {
  type DescriptiveSummary, mean, median, quantile, sampleSd, sampleVariance, summarize,
} from './descriptive.js';
export { WILCOXON_EXACT_MAX_N, type WilcoxonSignedRankResult, wilcoxonSignedRank } from './wilcoxon.js';
export {
  DIFFERENCE_DECIMALS, RELIABLE_CHANGE_CRITERION,
  type McidResult, type OneSampleTResult, type PairedChangeOptions, type PairedChangeResult,
  type PairedObservation, type PairedSamples, type ReliableChangeResult,
  mcidResponders, oneSampleT, pairedChange, pairedChangeOfSamples, pairedDifferences, reliableChange,
} from './paired-change.js';
export { type CronbachAlphaResult, type ItemSums, addItems, cronbachAlpha, cronbachAlphaOfSums, emptyItemSums } from './cronbach-alpha.js';
export { type CountedSample, EMPTY_SAMPLE, checkCounted, countedOf, fromMap, mergeCounted, sizeOf } from './counted-sample.js';
export {
  type ClinicChanges, type ClinicEffect, type DerSimonianLairdResult, type ExcludedClinic, type MetaStudy,
  clinicEffects, derSimonianLaird,
} from './meta-analysis.js';
export {
  FUNNEL_Z_95, FUNNEL_Z_998,
  type ClinicFunnelResult, type FunnelLimits, type FunnelPoint, type PooledSdResult,
  clinicFunnel, funnelLimits, pooledWithinClinicSd,
} from './funnel.js';
