import { checkInstrumentDefinition, findShippedInstrument, HLD, PGIC, RSES, SHIPPED_INSTRUMENTS, SMP_SAT, WHO5 } from './index.js';

describe('shipped instrument definitions', () => {
  it.each(SHIPPED_INSTRUMENTS.map((d) => [d.key, d] as const))('%s is internally consistent', (_key, def) => {
    expect(checkInstrumentDefinition(def)).toEqual([]);
  });

  it('are the five of PRODUCT.md, all version 1.0.0, with their scales', () => {
    expect(SHIPPED_INSTRUMENTS.map((d) => `${d.key}@${d.version}`)).toEqual(['RSES@1.0.0', 'WHO5@1.0.0', 'SMP_SAT@1.0.0', 'PGIC@1.0.0', 'HLD@1.0.0']);
    expect(SHIPPED_INSTRUMENTS.map((d) => d.scales.map((s) => `${s.key} ${s.min}–${s.max}`))).toEqual([
      ['RSES_TOTAL 0–30'],
      ['WHO5_PERCENT 0–100'],
      ['SMP_SAT_SCORE 0–100'],
      ['PGIC 1–7'],
      ['HLD_TOTAL 0–24'],
    ]);
  });

  it('item codes are KEY_1 … KEY_n in order', () => {
    expect(RSES.items.map((i) => i.code)).toEqual(['RSES_1', 'RSES_2', 'RSES_3', 'RSES_4', 'RSES_5', 'RSES_6', 'RSES_7', 'RSES_8', 'RSES_9', 'RSES_10']);
    expect(WHO5.items.map((i) => i.code)).toEqual(['WHO5_1', 'WHO5_2', 'WHO5_3', 'WHO5_4', 'WHO5_5']);
    expect(SMP_SAT.items.map((i) => i.code)).toEqual(['SMP_SAT_1', 'SMP_SAT_2', 'SMP_SAT_3', 'SMP_SAT_4', 'SMP_SAT_5', 'SMP_SAT_6', 'SMP_SAT_7', 'SMP_SAT_8', 'SMP_SAT_9']);
    expect(PGIC.items.map((i) => i.code)).toEqual(['PGIC_1']);
    expect(HLD.items.map((i) => i.code)).toEqual(['HLD_1', 'HLD_2', 'HLD_3', 'HLD_4', 'HLD_5', 'HLD_6']);
  });

  it('items are required exactly where the missing rule allows no gaps', () => {
    expect(SHIPPED_INSTRUMENTS.map((d) => [d.key, d.items.every((i) => i.required), d.scales[0]!.missing.kind])).toEqual([
      ['RSES', true, 'NONE_ALLOWED'],
      ['WHO5', true, 'NONE_ALLOWED'],
      ['SMP_SAT', false, 'PRORATE'],
      ['PGIC', true, 'NONE_ALLOWED'],
      ['HLD', false, 'PRORATE'],
    ]);
  });

  it('every scale names its source', () => {
    for (const d of SHIPPED_INSTRUMENTS) for (const s of d.scales) expect(s.source.length).toBeGreaterThan(20);
  });

  it('findShippedInstrument finds by key, or undefined', () => {
    expect(findShippedInstrument('WHO5')).toBe(WHO5);
    expect(findShippedInstrument('who5')).toBeUndefined();
    expect(findShippedInstrument('PHQ9')).toBeUndefined();
  });
});
