import { PGIC, scoreInstrument, scoreScale } from './index.js';

describe('PGIC: one item, 1–7, 1 = very much improved', () => {
  it.each([1, 4, 7])('answer %i scores %i', (code) => {
    expect(scoreInstrument(PGIC, { PGIC_1: code })[0]!.score).toBe(code);
  });

  it('is higher-is-worse and unanswered means no score', () => {
    expect(PGIC.scales[0]!.higherIsBetter).toBe(false);
    expect(scoreScale(PGIC, PGIC.scales[0]!, {}).score).toBeNull();
  });
});
