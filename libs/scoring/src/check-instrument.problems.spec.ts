import { checkInstrumentDefinition, HLD, PGIC, SMP_SAT, WHO5, type InstrumentDefinition, type ItemDefinition, type ScaleDefinition } from './index.js';

// Broken copies of shipped definitions: each must be reported with a problem naming what is wrong.
const withScale = (def: InstrumentDefinition, patch: Partial<ScaleDefinition>): InstrumentDefinition => ({
  ...def,
  scales: [{ ...def.scales[0]!, ...patch }],
});
const withItem = (def: InstrumentDefinition, index: number, patch: Partial<ItemDefinition>): InstrumentDefinition => ({
  ...def,
  items: def.items.map((it, i) => (i === index ? { ...it, ...patch } : it)),
});
const problems = (def: InstrumentDefinition) => checkInstrumentDefinition(def);

describe('checkInstrumentDefinition reports', () => {
  it('a declared range the items cannot produce (HLD 0–30 instead of 0–24; WHO-5 ×5 instead of ×4)', () => {
    expect(problems(withScale(HLD, { max: 30 }))).toEqual(['scale HLD_TOTAL declares 0–30 but its items give 0–24']);
    // 25 × 5 = 125
    expect(problems(withScale(WHO5, { multiplier: 5 }))).toEqual(['scale WHO5_PERCENT declares 0–100 but its items give 0–125']);
  });

  it('scale items that do not exist, are listed twice, or a SINGLE scale with several items', () => {
    expect(problems(withScale(HLD, { itemCodes: ['HLD_1', 'NOPE'] }))).toContain('scale HLD_TOTAL refers to unknown item(s) NOPE');
    expect(problems(withScale(HLD, { itemCodes: ['HLD_1', 'HLD_1'] }))).toContain('scale HLD_TOTAL lists an item twice');
    expect(problems(withScale(PGIC, { itemCodes: [] }))).toEqual(expect.arrayContaining(['scale PGIC has no items', 'SINGLE scale PGIC must have exactly one item']));
  });

  it('option codes that are not distinct integers, or fewer than two options', () => {
    const item = HLD.items[0]!;
    expect(problems(withItem(HLD, 0, { options: [...item.options, { code: 2, label: { en: 'Again' } }] }))).toContain('item HLD_1 has duplicate option codes');
    expect(problems(withItem(HLD, 0, { options: [{ code: 0.5, label: { en: 'Half' } }, ...item.options.slice(1)] }))).toContain(
      'item HLD_1 has an option code that is not a 32-bit integer',
    );
    expect(problems(withItem(PGIC, 0, { options: PGIC.items[0]!.options.slice(0, 1) }))).toContain('item PGIC_1 needs at least two options');
  });

  it('duplicate or malformed item codes, malformed key and version', () => {
    expect(problems({ ...HLD, items: [...HLD.items, HLD.items[0]!] })).toContain('item HLD_1 appears twice');
    expect(problems(withItem(PGIC, 0, { code: 'pgic 1' }))).toContain('item code pgic 1 must be 1–40 upper-case letters, digits and _');
    expect(problems({ ...PGIC, key: 'pgic' })).toEqual(['key pgic must be 1–40 upper-case letters, digits and _, starting with a letter']);
    expect(problems({ ...PGIC, version: '1.0' })).toEqual(['version 1.0 must be MAJOR.MINOR.PATCH']);
  });

  it('a declared language without texts, and a missing en', () => {
    expect(problems({ ...PGIC, languages: ['en', 'fr'] })).toEqual(
      expect.arrayContaining(['title has no fr text', 'item PGIC_1 has no fr text', 'item PGIC_1 option 1 has no fr text', 'scale PGIC name has no fr text']),
    );
    expect(problems({ ...WHO5, languages: ['de'] })).toContain('languages must include en');
  });

  it('missing-item rules scoring cannot honour', () => {
    // maxMissing must leave at least one item: 1 ≤ k ≤ 6 − 1.
    expect(problems(withScale(HLD, { missing: { kind: 'PRORATE', maxMissing: 6 } }))).toContain('scale HLD_TOTAL: maxMissing must be an integer from 1 to the item count − 1');
    // NONE_ALLOWED with optional items would let a final submission go unscored.
    expect(problems(withScale(HLD, { missing: { kind: 'NONE_ALLOWED' } }))).toEqual([
      'scale HLD_TOTAL allows no missing items, so HLD_1, HLD_2, HLD_3, HLD_4, HLD_5, HLD_6 must be required',
    ]);
  });

  it('prorating over items with different score ranges (a prorated score could leave the range)', () => {
    // HLD_6 recoded 0–8, range 0–(5 × 4 + 8) = 0–28. With HLD_1 missing and 4,4,4,4,8 answered,
    // prorating gives (4 + 4 + 4 + 4 + 8) × 6 / 5 = 24 × 6 / 5 = 28.8 > 28.
    const wide = withItem(HLD, 5, { options: [0, 2, 4, 6, 8].map((code) => ({ code, label: { en: String(code) } })) });
    expect(problems(withScale(wide, { max: 28 }))).toEqual(['scale HLD_TOTAL: prorating needs items with the same score range']);
  });

  it('a multiplier that is missing, non-positive, or would be ignored', () => {
    const noMultiplier: ScaleDefinition = { ...SMP_SAT.scales[0]! };
    delete (noMultiplier as { multiplier?: number }).multiplier;
    expect(problems({ ...SMP_SAT, scales: [noMultiplier] })).toContain('scale SMP_SAT_SCORE: MEAN_SCALED needs a positive multiplier');
    expect(problems(withScale(SMP_SAT, { multiplier: -25, min: -100, max: 0 }))).toContain('scale SMP_SAT_SCORE: MEAN_SCALED needs a positive multiplier');
    expect(problems(withScale(HLD, { multiplier: 2 }))).toEqual(['scale HLD_TOTAL: SUM takes no multiplier']);
  });

  it('an MCID or reliability scoring and reliable change cannot use', () => {
    expect(problems(withScale(WHO5, { mcid: 0 }))).toEqual(['scale WHO5_PERCENT: mcid must be null or a positive number of scale points no larger than the range']);
    expect(problems(withScale(WHO5, { mcid: 150 }))).toHaveLength(1);
    expect(problems(withScale(WHO5, { reliability: 1 }))).toEqual(['scale WHO5_PERCENT: reliability must be null or strictly between 0 and 1']);
    expect(problems(withScale(WHO5, { reliability: 0 }))).toHaveLength(1);
  });

  it('an empty instrument and an inverted range', () => {
    expect(problems({ ...PGIC, items: [], scales: [] })).toEqual(['an instrument needs at least one item']);
    expect(problems(withScale(PGIC, { min: 7, max: 1 }))).toEqual(['scale PGIC: min and max must be finite with min < max']);
  });
});
