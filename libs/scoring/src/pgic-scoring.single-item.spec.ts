import { PGIC, scoreInstrument, scoreScale, ScoringError } from './index.js';

// PGIC: one item, 1 = very much improved … 7 = very much worse (Guy 1976 wording), scored as is.
describe('PGIC: one item, 1–7, 1 = very much improved, so higher is worse', () => {
  it('minimum: "very much improved" → 1', () => {
    expect(scoreInstrument(PGIC, { PGIC_1: 1 })).toEqual([{ scaleKey: 'PGIC', score: 1, answeredItems: 1, missingItems: 0, note: null }]);
  });

  it('maximum: "very much worse" → 7', () => {
    expect(scoreInstrument(PGIC, { PGIC_1: 7 })[0]!.score).toBe(7);
  });

  it('middle: "no change" → 4', () => {
    expect(scoreInstrument(PGIC, { PGIC_1: 4 })[0]!.score).toBe(4);
  });

  it('unanswered: no score, and a final submission is refused', () => {
    expect(scoreScale(PGIC, PGIC.scales[0]!, {})).toMatchObject({ score: null, answeredItems: 0, missingItems: 1 });
    expect(() => scoreInstrument(PGIC, { PGIC_1: null })).toThrow(ScoringError);
  });

  it('codes outside 1–7 are refused', () => {
    expect(() => scoreInstrument(PGIC, { PGIC_1: 0 })).toThrow(ScoringError);
    expect(() => scoreInstrument(PGIC, { PGIC_1: 8 })).toThrow(ScoringError);
  });

  it('options run 1 "Very much improved" … 7 "Very much worse"; scale is higher-is-worse', () => {
    expect(PGIC.items[0]!.options.map((o) => [o.code, o.label['en']])).toEqual([
      [1, 'Very much improved'],
      [2, 'Much improved'],
      [3, 'Minimally improved'],
      [4, 'No change'],
      [5, 'Minimally worse'],
      [6, 'Much worse'],
      [7, 'Very much worse'],
    ]);
    expect(PGIC.scales[0]).toMatchObject({ method: 'SINGLE', min: 1, max: 7, higherIsBetter: false, missing: { kind: 'NONE_ALLOWED' } });
    expect(PGIC.items[0]!.required).toBe(true);
  });
});
