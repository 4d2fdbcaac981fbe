import * as scoring from './index.js';

describe('public API of libs/scoring', () => {
  it('exports the functions, the error, the constants and the five instruments', () => {
    expect(Object.keys(scoring).sort()).toEqual([
      'HLD',
      'PGIC',
      'RSES',
      'SCORE_DECIMALS',
      'SHIPPED_INSTRUMENTS',
      'SMP_SAT',
      'ScoringError',
      'WHO5',
      'answerOf',
      'checkInstrumentDefinition',
      'findShippedInstrument',
      'itemScore',
      'roundScore',
      'scoreInstrument',
      'scoreScale',
      'validateAnswers',
    ]);
  });
});
