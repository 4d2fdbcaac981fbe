import { RSES, validateAnswers } from './index.js';

const full = { RSES_1: 2, RSES_2: 2, RSES_3: 2, RSES_4: 2, RSES_5: 2, RSES_6: 2, RSES_7: 2, RSES_8: 2, RSES_9: 2, RSES_10: 2 };

describe('validateAnswers: UNKNOWN_ITEM', () => {
  it('accepts a complete valid form', () => {
    expect(validateAnswers(RSES, full, { final: true })).toEqual([]);
  });

  it('names a key that is no item of the instrument, even in a draft and even when null', () => {
    expect(validateAnswers(RSES, { ...full, RSES_11: 1 }, { final: true })).toEqual([
      { itemCode: 'RSES_11', kind: 'UNKNOWN_ITEM', message: 'RSES_11 is not an item of RSES 1.0.0' },
    ]);
    expect(validateAnswers(RSES, { RSES_1: 2, WHO5_1: null }, { final: false })).toEqual([
      { itemCode: 'WHO5_1', kind: 'UNKNOWN_ITEM', message: 'WHO5_1 is not an item of RSES 1.0.0' },
    ]);
  });

  it('is case-sensitive and does not treat Object.prototype members as items', () => {
    expect(validateAnswers(RSES, { ...full, rses_1: 2, constructor: 1 }, { final: true }).map((i) => [i.itemCode, i.kind])).toEqual([
      ['constructor', 'UNKNOWN_ITEM'],
      ['rses_1', 'UNKNOWN_ITEM'],
    ]);
  });
});
