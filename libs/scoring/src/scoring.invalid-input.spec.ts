import { HLD, RSES, scoreInstrument, scoreScale, ScoringError, type InstrumentDefinition } from './index.js';

const thrown = (f: () => unknown): ScoringError => {
  try {
    f();
  } catch (e) {
    if (e instanceof ScoringError) return e;
    throw e;
  }
  throw new Error('expected a ScoringError');
};

describe('scoring refuses answers that do not validate', () => {
  it('scoreInstrument: INVALID_ANSWERS with the validation issues attached', () => {
    const e = thrown(() => scoreInstrument(HLD, { HLD_1: 5, HLD_2: 1.5, HLD_9: 1 }));
    expect(e.name).toBe('ScoringError');
    expect(e.code).toBe('INVALID_ANSWERS');
    expect(e.issues.map((i) => [i.itemCode, i.kind])).toEqual([
      ['HLD_1', 'INVALID_OPTION'],
      ['HLD_2', 'NOT_AN_INTEGER'],
      ['HLD_9', 'UNKNOWN_ITEM'],
    ]);
  });

  it('scoreScale: an out-of-options code is refused, never reverse-scored into a plausible value', () => {
    // Unchecked, RSES_2 = 6 (reverse) would count 0 + 3 − 6 = −3 and give a plausible total:
    // 5 positive × 2 + 4 reverse × (3 − 2) − 3 = 10 + 4 − 3 = 11.
    const answers = { RSES_1: 2, RSES_2: 6, RSES_3: 2, RSES_4: 2, RSES_5: 2, RSES_6: 2, RSES_7: 2, RSES_8: 2, RSES_9: 2, RSES_10: 2 };
    expect(thrown(() => scoreScale(RSES, RSES.scales[0]!, answers)).code).toBe('INVALID_ANSWERS');
  });

  it('scoreScale does not require required items (the missing rule gives null instead)', () => {
    expect(scoreScale(RSES, RSES.scales[0]!, {}).score).toBeNull();
  });
});

describe('scoring refuses definitions it cannot score', () => {
  it('a scale with an unknown item: INVALID_DEFINITION', () => {
    const broken: InstrumentDefinition = { ...HLD, scales: [{ ...HLD.scales[0]!, itemCodes: ['HLD_1', 'HLD_7'] }] };
    expect(thrown(() => scoreInstrument(broken, { HLD_1: 1 })).code).toBe('INVALID_DEFINITION');
  });

  it('a SINGLE scale with two items: INVALID_DEFINITION', () => {
    const broken: InstrumentDefinition = { ...HLD, scales: [{ ...HLD.scales[0]!, method: 'SINGLE', itemCodes: ['HLD_1', 'HLD_2'] }] };
    expect(thrown(() => scoreInstrument(broken, { HLD_1: 1, HLD_2: 1 })).code).toBe('INVALID_DEFINITION');
  });

  it('never returns a score outside the declared range: OUT_OF_RANGE', () => {
    // HLD declared 0–20 by mistake; all 4s sum to 24 > 20.
    const broken: InstrumentDefinition = { ...HLD, scales: [{ ...HLD.scales[0]!, max: 20 }] };
    const all4 = { HLD_1: 4, HLD_2: 4, HLD_3: 4, HLD_4: 4, HLD_5: 4, HLD_6: 4 };
    const e = thrown(() => scoreInstrument(broken, all4));
    expect(e.code).toBe('OUT_OF_RANGE');
    expect(e.message).toContain('HLD_TOTAL score 24 outside its range 0–20');
    // 3 × 6 = 18 is inside the (wrong) range and still scores.
    expect(scoreInstrument(broken, { HLD_1: 3, HLD_2: 3, HLD_3: 3, HLD_4: 3, HLD_5: 3, HLD_6: 3 })[0]!.score).toBe(18);
  });
});
