// The response-rate block of a time point (eligible, responded, rate, baseline-only) describes
// groups of people too: non-responders, follow-up-only responders, baseline-only clients. It is
// shown when each of those groups is empty or has at least k clients, and withheld otherwise;
// pairedN (the margin) is shown either way. k = 10.
import { buildOutcomeReport } from './build-outcome-report.js';
import { input, rec } from './report-fixture.spec-helper.js';

const paired = (n: number) => Array.from({ length: n }, (_, i) => rec({ baseline: 10 + (i % 4), followUp: 14 + (i % 3) }));
const baselineOnly = (n: number) => Array.from({ length: n }, () => rec({ baseline: 12, followUp: null }));
const followUpOnly = (n: number) => Array.from({ length: n }, () => rec({ baseline: null, followUp: 20 }));
const summary = (records: ReturnType<typeof rec>[]) => buildOutcomeReport(input({ records })).timePoints[0]!;

describe('response rates', () => {
  it('are shown when every derived group is 0 or ≥ k: 20 paired, 10 baseline-only, 10 follow-up-only', () => {
    const t = summary([...paired(20), ...baselineOnly(10), ...followUpOnly(10)]);
    expect([t.eligible, t.responded, t.baselineOnly, t.pairedN]).toEqual([40, 30, 10, 20]);
    expect(t.responseRate).toBe(30 / 40);
  });

  it.each([
    ['1 baseline-only client', [...paired(20), ...baselineOnly(1)]],
    ['9 follow-up-only clients', [...paired(20), ...followUpOnly(9)]],
  ])('are withheld with %s, pairedN stays', (_name, records) => {
    const t = summary(records);
    expect([t.eligible, t.responded, t.responseRate, t.baselineOnly]).toEqual([null, null, null, null]);
    expect(t.pairedN).toBe(20);
    expect(t.withheld).toBeNull();
  });
});
