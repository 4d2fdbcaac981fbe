// Test-only: DerSimonian–Laird fixtures (make-reference.R: formula by hand and metafor::rma(method = "DL")).
import type { ClinicChanges } from './meta-analysis.js';
import { loadFixture } from './spec-helpers.js';

interface Dl {
  estimate: number; se: number; ciLower: number; ciUpper: number; zStatistic: number; pValue: number;
  tau2: number; q: number; qPValue: number;
}
export interface DlFixture {
  note: string;
  clinics: ClinicChanges[];
  expected: Dl & {
    included: string[]; effects: number[]; variances: number[]; k: number; df: number; i2: number; weights: number[];
    metafor: Omit<Dl, never> & { i2Percent: number };
    sigma: number;
    funnel: { clinicKey: string; n: number; lower95: number; upper95: number; lower998: number; upper998: number }[];
  };
}

export const loadDl = (name: string): DlFixture => loadFixture<DlFixture>(name);
