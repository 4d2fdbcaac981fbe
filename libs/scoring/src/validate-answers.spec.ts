import { RSES, SMP_SAT, validateAnswers } from './index.js';

const full = Object.fromEntries(RSES.items.map((i) => [i.code, 2]));

describe('validateAnswers', () => {
  it('accepts a complete valid form', () => {
    expect(validateAnswers(RSES, full, { final: true })).toEqual([]);
  });

  it('names an unknown item', () => {
    expect(validateAnswers(RSES, { ...full, RSES_11: 1 }, { final: true })).toEqual([
      { itemCode: 'RSES_11', kind: 'UNKNOWN_ITEM', message: expect.stringContaining('RSES_11') },
    ]);
  });

  it('names an option outside the item’s codes and lists the allowed ones', () => {
    const issues = validateAnswers(RSES, { ...full, RSES_3: 4 }, { final: true });
    expect(issues).toEqual([{ itemCode: 'RSES_3', kind: 'INVALID_OPTION', message: expect.stringContaining('3, 2, 1, 0') }]);
  });

  it('refuses non-integers', () => {
    expect(validateAnswers(RSES, { ...full, RSES_1: 1.5 }, { final: true })[0]).toMatchObject({ itemCode: 'RSES_1', kind: 'NOT_AN_INTEGER' });
    expect(validateAnswers(RSES, { ...full, RSES_1: Number.NaN }, { final: true })[0]).toMatchObject({ kind: 'NOT_AN_INTEGER' });
  });

  it('requires required items only for a final submission (drafts may be partial)', () => {
    const partial = { RSES_1: 2, RSES_2: 1 };
    expect(validateAnswers(RSES, partial, { final: false })).toEqual([]);
    expect(validateAnswers(RSES, partial, { final: true }).map((i) => i.itemCode)).toEqual(['RSES_3', 'RSES_4', 'RSES_5', 'RSES_6', 'RSES_7', 'RSES_8', 'RSES_9', 'RSES_10']);
  });

  it('lets optional items (SMP_SAT) be empty', () => {
    expect(validateAnswers(SMP_SAT, { SMP_SAT_1: 4 }, { final: true })).toEqual([]);
  });

  it('orders issues by item, unknown keys last', () => {
    const issues = validateAnswers(RSES, { ...full, ZZ: 1, AA: 1, RSES_9: 9 }, { final: true });
    expect(issues.map((i) => i.itemCode)).toEqual(['RSES_9', 'AA', 'ZZ']);
  });
});
