import { HLD, RSES, SMP_SAT, validateAnswers } from './index.js';

describe('validateAnswers: REQUIRED_MISSING', () => {
  it('a draft may be partial; a final submission names every required item left empty', () => {
    const partial = { RSES_1: 2, RSES_2: 1, RSES_3: null };
    expect(validateAnswers(RSES, partial, { final: false })).toEqual([]);
    const issues = validateAnswers(RSES, partial, { final: true });
    expect(issues.map((i) => i.itemCode)).toEqual(['RSES_3', 'RSES_4', 'RSES_5', 'RSES_6', 'RSES_7', 'RSES_8', 'RSES_9', 'RSES_10']);
    expect(issues[0]).toEqual({ itemCode: 'RSES_3', kind: 'REQUIRED_MISSING', message: 'RSES_3 is required but not answered' });
  });

  it('optional items (SMP_SAT, HLD) may stay empty in a final submission; the missing rule decides the score', () => {
    expect(validateAnswers(SMP_SAT, { SMP_SAT_1: 4 }, { final: true })).toEqual([]);
    expect(validateAnswers(HLD, {}, { final: true })).toEqual([]);
  });
});
