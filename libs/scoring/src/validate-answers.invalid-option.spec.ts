import { PGIC, RSES, validateAnswers, WHO5 } from './index.js';

describe('validateAnswers: INVALID_OPTION', () => {
  it('names the item and the allowed codes (RSES 0–3)', () => {
    expect(validateAnswers(RSES, { RSES_3: 4 }, { final: false })).toEqual([
      { itemCode: 'RSES_3', kind: 'INVALID_OPTION', message: 'RSES_3 must be one of 0, 1, 2, 3 (got 4)' },
    ]);
  });

  it('refuses a negative code', () => {
    expect(validateAnswers(WHO5, { WHO5_2: -1 }, { final: false })).toEqual([
      { itemCode: 'WHO5_2', kind: 'INVALID_OPTION', message: 'WHO5_2 must be one of 0, 1, 2, 3, 4, 5 (got -1)' },
    ]);
  });

  it('refuses 0 for PGIC, whose codes start at 1', () => {
    expect(validateAnswers(PGIC, { PGIC_1: 0 }, { final: true })).toEqual([
      { itemCode: 'PGIC_1', kind: 'INVALID_OPTION', message: 'PGIC_1 must be one of 1, 2, 3, 4, 5, 6, 7 (got 0)' },
    ]);
  });
});
