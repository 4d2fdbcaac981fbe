// Test-only: the Wilcoxon cases of wilcoxon.json (make-reference.R).
import { loadFixture } from './spec-helpers.js';

export interface WilcoxonCase {
  note: string;
  differences: number[];
  expected: { nNonZero: number; nZero: number; ties: boolean; statistic: number; pValue: number; method: 'EXACT' | 'NORMAL_APPROX'; rMethod: string };
}

export const wilcoxonCases = loadFixture<{ cases: WilcoxonCase[] }>('wilcoxon.json').cases;
