import { RSES, validateAnswers, type Answers } from './index.js';

describe('validateAnswers: NOT_AN_INTEGER', () => {
  it.each([
    ['1.5', 1.5],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
  ])('refuses %s and names the item', (_label, value) => {
    expect(validateAnswers(RSES, { RSES_1: value }, { final: false })).toEqual([
      { itemCode: 'RSES_1', kind: 'NOT_AN_INTEGER', message: expect.stringContaining('RSES_1 must be a whole number') },
    ]);
  });

  it('refuses values of another type that untyped JSON could carry', () => {
    const fromJson = JSON.parse('{"RSES_1": "2", "RSES_2": true, "RSES_3": [1]}') as Answers;
    expect(validateAnswers(RSES, fromJson, { final: false }).map((i) => [i.itemCode, i.kind])).toEqual([
      ['RSES_1', 'NOT_AN_INTEGER'],
      ['RSES_2', 'NOT_AN_INTEGER'],
      ['RSES_3', 'NOT_AN_INTEGER'],
    ]);
  });

  it('accepts 2.0, which is the integer 2', () => {
    expect(validateAnswers(RSES, { RSES_1: 2.0 }, { final: false })).toEqual([]);
  });
});
