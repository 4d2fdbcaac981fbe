// Jacobson–Truax reliable change and the MCID share, by hand.
// baseline (10, 12, 14, 16): SD = √((9 + 1 + 1 + 9)/3) = √(20/3); r = 0.75:
// SEdiff = √(20/3)·√2·√0.25 = √(10/3) = 1.8257418583505538, 1.96·SEdiff = 3.5784540423670855.
// d = (4, 3.5, −4, 0): 4 > 3.578 improved; 3.5 unchanged; −4 deteriorated; 0 unchanged.
import { RELIABLE_CHANGE_CRITERION, pairedChange, reliableChange } from './paired-change.js';
import { expectClose, expectNullContract } from './spec-helpers.js';

const pairs = [
  { baseline: 10, followUp: 14 },
  { baseline: 12, followUp: 15.5 },
  { baseline: 14, followUp: 10 },
  { baseline: 16, followUp: 16 },
];

describe('reliable change', () => {
  it('classifies with |d| / SEdiff > 1.96', () => {
    const r = pairedChange(pairs, { higherIsBetter: true, mcid: 3.5, reliability: 0.75 }).reliableChange;
    expect(RELIABLE_CHANGE_CRITERION).toBe(1.96);
    expectClose(r.seDiff, Math.sqrt(10 / 3), 1e-12);
    expect([r.nImproved, r.nUnchanged, r.nDeteriorated]).toEqual([1, 2, 1]);
    expect([r.proportionImproved, r.proportionUnchanged, r.proportionDeteriorated]).toEqual([0.25, 0.5, 0.25]);
    expectNullContract(r);
  });

  it('uses the baseline SD of the paired sample, and a negative α is allowed (SEdiff = SD·√3 at r = −0.5)', () => {
    const r = reliableChange([0, 1], 2, -0.5);
    expectClose(r.seDiff, 2 * Math.sqrt(3), 1e-12);
  });

  it('no reliability -> RELIABILITY_NOT_GIVEN for every field', () => {
    const r = pairedChange(pairs, { higherIsBetter: true, mcid: null, reliability: null }).reliableChange;
    expect(r.reliability).toBeNull();
    expect(new Set(Object.values(r.reasons))).toEqual(new Set(['RELIABILITY_NOT_GIVEN']));
    expect(Object.keys(r.reasons)).toHaveLength(8);
    expectNullContract(r);
  });

  it('r = 1 or a constant baseline -> SEdiff = 0, classification null (ZERO_SE_DIFF)', () => {
    const perfect = pairedChange(pairs, { higherIsBetter: true, mcid: null, reliability: 1 }).reliableChange;
    expect(perfect.seDiff).toBe(0);
    expect(perfect.nImproved).toBeNull();
    expect(perfect.reasons.nImproved).toBe('ZERO_SE_DIFF');
    const flat = pairedChange(
      [{ baseline: 5, followUp: 9 }, { baseline: 5, followUp: 4 }],
      { higherIsBetter: true, mcid: null, reliability: 0.8 },
    ).reliableChange;
    expect(flat.seDiff).toBe(0);
    expect(flat.reasons.proportionDeteriorated).toBe('ZERO_SE_DIFF');
    expectNullContract(perfect);
    expectNullContract(flat);
  });
});

describe('MCID', () => {
  it('d ≥ MCID reaches it: d = (4, 3.5, −4, 0) with MCID 3.5 -> 2 of 4', () => {
    const r = pairedChange(pairs, { higherIsBetter: true, mcid: 3.5, reliability: null }).mcid;
    expect(r).toEqual({ mcid: 3.5, nReached: 2, proportionReached: 0.5, reasons: {} });
  });

  it('is in the improvement direction on a higher-is-worse scale', () => {
    // d = baseline − follow-up = (−4, −3.5, 4, 0): only the third reaches 3.5
    const r = pairedChange(pairs, { higherIsBetter: false, mcid: 3.5, reliability: null }).mcid;
    expect([r.nReached, r.proportionReached]).toEqual([1, 0.25]);
  });

  it('no MCID -> MCID_NOT_GIVEN', () => {
    const r = pairedChange(pairs, { higherIsBetter: true, mcid: null, reliability: null }).mcid;
    expect(r).toEqual({
      mcid: null, nReached: null, proportionReached: null,
      reasons: { mcid: 'MCID_NOT_GIVEN', nReached: 'MCID_NOT_GIVEN', proportionReached: 'MCID_NOT_GIVEN' },
    });
  });
});
