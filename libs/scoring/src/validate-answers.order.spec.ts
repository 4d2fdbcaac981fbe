import { RSES, validateAnswers } from './index.js';

describe('validateAnswers: deterministic order', () => {
  it('item order of the instrument first, then unknown keys sorted, whatever the key order given', () => {
    const answers = { ZZ: 1, RSES_9: 9, AA: 1, RSES_10: 1.5, RSES_1: 2 };
    const issues = validateAnswers(RSES, answers, { final: true });
    expect(issues.map((i) => [i.itemCode, i.kind])).toEqual([
      ['RSES_2', 'REQUIRED_MISSING'],
      ['RSES_3', 'REQUIRED_MISSING'],
      ['RSES_4', 'REQUIRED_MISSING'],
      ['RSES_5', 'REQUIRED_MISSING'],
      ['RSES_6', 'REQUIRED_MISSING'],
      ['RSES_7', 'REQUIRED_MISSING'],
      ['RSES_8', 'REQUIRED_MISSING'],
      ['RSES_9', 'INVALID_OPTION'],
      ['RSES_10', 'NOT_AN_INTEGER'],
      ['AA', 'UNKNOWN_ITEM'],
      ['ZZ', 'UNKNOWN_ITEM'],
    ]);
  });
});
