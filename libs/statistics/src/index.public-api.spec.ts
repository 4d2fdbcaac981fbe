import * as statistics from './index.js';

describe('public API of libs/statistics', () => {
  it('exports the statistics, the distribution functions, the constants and the error', () => {
    expect(Object.keys(statistics).sort()).toEqual([
      'DIFFERENCE_DECIMALS',
      'FUNNEL_Z_95',
      'FUNNEL_Z_998',
      'RELIABLE_CHANGE_CRITERION',
      'StatisticsInputError',
      'WILCOXON_EXACT_MAX_N',
      'chiSquareUpperTail',
      'clinicEffects',
      'clinicFunnel',
      'cronbachAlpha',
      'derSimonianLaird',
      'funnelLimits',
      'mcidResponders',
      'mean',
      'median',
      'normalCdf',
      'normalQuantile',
      'normalTwoSidedP',
      'oneSampleT',
      'pairedChange',
      'pairedDifferences',
      'pooledWithinClinicSd',
      'quantile',
      'reliableChange',
      'sampleSd',
      'sampleVariance',
      'summarize',
      'tCdf',
      'tQuantile',
      'tTwoSidedP',
      'wilcoxonSignedRank',
    ]);
  });
});
