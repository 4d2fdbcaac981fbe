import * as anonymisation from './index.js';

describe('public API', () => {
  it('exports the entry points and hides the internals', () => {
    for (const name of ['resolveMinCellSize', 'ageBand', 'toMonth', 'clinicPseudonym', 'suppressCells', 'findRecoverableCells',
      'sampleDiscreteLaplace', 'noisyCount', 'noisySum', 'noisyMean', 'canSpend', 'spend']) {
      expect(typeof (anonymisation as Record<string, unknown>)[name]).toBe('function');
    }
    for (const internal of ['indexTable', 'recoverableIndices', 'randomBelow', 'bernoulli']) {
      expect((anonymisation as Record<string, unknown>)[internal]).toBeUndefined();
    }
  });
});
