import type { InstrumentDefinition } from '../instrument.types.js';
import { HLD } from './hld.js';
import { PGIC } from './pgic.js';
import { RSES } from './rses.js';
import { SMP_SAT } from './smp-sat.js';
import { WHO5 } from './who5.js';

export { HLD, PGIC, RSES, SMP_SAT, WHO5 };

export const SHIPPED_INSTRUMENTS: readonly InstrumentDefinition[] = [RSES, WHO5, SMP_SAT, PGIC, HLD];

export function findShippedInstrument(key: string): InstrumentDefinition | undefined {
  return SHIPPED_INSTRUMENTS.find((d) => d.key === key);
}
