import { checkInstrumentDefinition, RSES, SHIPPED_INSTRUMENTS, type InstrumentDefinition } from './index.js';

describe('shipped instrument definitions', () => {
  it.each(SHIPPED_INSTRUMENTS.map((d) => [d.key, d] as const))('%s is internally consistent', (_key, def) => {
    expect(checkInstrumentDefinition(def)).toEqual([]);
  });

  it('are the five of PRODUCT.md, all version 1.0.0', () => {
    expect(SHIPPED_INSTRUMENTS.map((d) => `${d.key}@${d.version}`)).toEqual(['RSES@1.0.0', 'WHO5@1.0.0', 'SMP_SAT@1.0.0', 'PGIC@1.0.0', 'HLD@1.0.0']);
  });

  it('catches a declared range the items cannot produce, and unknown scale items', () => {
    const broken: InstrumentDefinition = {
      ...RSES,
      scales: [{ ...RSES.scales[0]!, max: 40 }, { ...RSES.scales[0]!, key: 'X', itemCodes: ['NOPE'] }],
    };
    const problems = checkInstrumentDefinition(broken);
    expect(problems).toEqual(expect.arrayContaining([expect.stringContaining('declares 0–40 but its items give 0–30'), expect.stringContaining('unknown item')]));
  });
});
