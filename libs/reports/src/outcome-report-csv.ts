import { formatEpsilon } from '../../anonymisation/src/index.js';
import type { OutcomeReportResult, ReportCell } from './build-outcome-report.js';
import { REPORT_DIMENSIONS } from './report-request.js';

// The report as tidy CSV: one row per cell (time point × groups), one column per statistic, empty
// where a value is null (suppressed, undefined for the data, or not available with noise). The
// codebook describes every column; both are RFC 4180 (CRLF, quotes doubled).

interface Column {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'number' | 'boolean';
  readonly description: string;
  readonly value: (cell: ReportCell, report: OutcomeReportResult) => string | number | boolean | null | undefined;
}

const s = (c: ReportCell) => c.statistics;

/**
 * What a reader may learn about a hidden cell: that it is hidden. Whether it was below k (primary)
 * or hidden to protect another (complementary) would itself say that 0 < n < k.
 */
export function publicSuppression(c: ReportCell): 'SUPPRESSED' | 'NOISY_COUNT_BELOW_K' | null {
  if (c.suppression === 'NOISY_COUNT_BELOW_K') return c.suppression;
  return c.suppressed ? 'SUPPRESSED' : null;
}

const COLUMNS: readonly Column[] = [
  { name: 'scale', type: 'string', description: 'Scale key, e.g. RSES_TOTAL', value: (_c, r) => r.scaleKey },
  { name: 'mode', type: 'string', description: 'EXACT (catalogue report on the monthly snapshot) or NOISY (differential privacy)', value: (_c, r) => r.mode },
  { name: 'k', type: 'integer', description: 'Minimum cell size used for suppression', value: (_c, r) => r.k },
  { name: 'time_point', type: 'string', description: 'Follow-up time point (MONTH_1, MONTH_3, MONTH_6, MONTH_12)', value: (c) => c.timePoint },
  ...REPORT_DIMENSIONS.map((d): Column => ({
    name: `group_${d.toLowerCase()}`,
    type: 'string',
    description: `Value of the ${d} grouping; empty when the report is not grouped by it or the row is the margin (all groups)`,
    value: (c) => c.groups.find((g) => g.dimension === d)?.value,
  })),
  { name: 'is_margin', type: 'boolean', description: 'true for the total over all groups of the time point', value: (c) => c.groups.length === 0 },
  { name: 'suppressed', type: 'boolean', description: 'true when the cell is hidden', value: (c) => c.suppressed },
  { name: 'suppression', type: 'string', description: 'SUPPRESSED (fewer than k clients, or hidden so that no such cell can be recovered from the others and the total; which of the two is not said) or NOISY_COUNT_BELOW_K', value: (c) => publicSuppression(c) },
  { name: 'n', type: 'integer', description: 'Clients in the paired sample (exact mode); noisy count in noisy mode', value: (c) => c.n ?? c.noisy?.n },
  { name: 'baseline_mean', type: 'number', description: 'Mean baseline score', value: (c) => s(c)?.baseline.mean ?? c.noisy?.baselineMean },
  { name: 'baseline_sd', type: 'number', description: 'Sample SD (n − 1) of the baseline score', value: (c) => s(c)?.baseline.sd },
  { name: 'baseline_median', type: 'number', description: 'Median baseline score (type-7 quantile)', value: (c) => s(c)?.baseline.median },
  { name: 'baseline_q1', type: 'number', description: 'First quartile of the baseline score', value: (c) => s(c)?.baseline.q1 },
  { name: 'baseline_q3', type: 'number', description: 'Third quartile of the baseline score', value: (c) => s(c)?.baseline.q3 },
  { name: 'follow_up_mean', type: 'number', description: 'Mean follow-up score', value: (c) => s(c)?.followUp.mean ?? c.noisy?.followUpMean },
  { name: 'follow_up_sd', type: 'number', description: 'Sample SD of the follow-up score', value: (c) => s(c)?.followUp.sd },
  { name: 'follow_up_median', type: 'number', description: 'Median follow-up score', value: (c) => s(c)?.followUp.median },
  { name: 'follow_up_q1', type: 'number', description: 'First quartile of the follow-up score', value: (c) => s(c)?.followUp.q1 },
  { name: 'follow_up_q3', type: 'number', description: 'Third quartile of the follow-up score', value: (c) => s(c)?.followUp.q3 },
  { name: 'mean_change', type: 'number', description: 'Mean change, positive = better (sign turned for higher-is-worse scales)', value: (c) => s(c)?.meanChange ?? c.noisy?.meanChange },
  { name: 'sd_change', type: 'number', description: 'Sample SD of the change', value: (c) => s(c)?.sdChange },
  { name: 'median_change', type: 'number', description: 'Median change', value: (c) => s(c)?.change.median },
  { name: 'ci95_lower', type: 'number', description: 'Lower 95 % confidence limit of the mean change (Student t, n − 1 df)', value: (c) => s(c)?.ciLower },
  { name: 'ci95_upper', type: 'number', description: 'Upper 95 % confidence limit of the mean change', value: (c) => s(c)?.ciUpper },
  { name: 't_statistic', type: 'number', description: 'Paired t statistic', value: (c) => s(c)?.tStatistic },
  { name: 't_p_value', type: 'number', description: 'Two-sided p of the paired t test', value: (c) => s(c)?.tPValue },
  { name: 'wilcoxon_v', type: 'number', description: 'Wilcoxon signed-rank V (sum of ranks of positive changes, zeros dropped)', value: (c) => s(c)?.wilcoxon.statistic },
  { name: 'wilcoxon_p_value', type: 'number', description: 'Two-sided p of the Wilcoxon signed-rank test', value: (c) => s(c)?.wilcoxon.pValue },
  { name: 'wilcoxon_method', type: 'string', description: 'EXACT or NORMAL_APPROX (tie and continuity correction)', value: (c) => s(c)?.wilcoxon.method },
  { name: 'cohen_dz', type: 'number', description: "Cohen's dz = mean change / SD of change", value: (c) => s(c)?.cohenDz },
  { name: 'hedges_g', type: 'number', description: "Hedges' g = dz × (1 − 3 / (4(n − 1) − 1))", value: (c) => s(c)?.hedgesG },
  { name: 'reliability', type: 'number', description: 'Reliability r used for reliable change', value: (c) => s(c)?.reliableChange.reliability },
  { name: 'se_diff', type: 'number', description: 'Jacobson–Truax SEdiff = SD_baseline · √2 · √(1 − r)', value: (c) => s(c)?.reliableChange.seDiff },
  { name: 'prop_reliably_improved', type: 'number', description: 'Share with change / SEdiff > 1.96', value: (c) => s(c)?.reliableChange.proportionImproved },
  { name: 'prop_reliably_unchanged', type: 'number', description: 'Share with |change| / SEdiff ≤ 1.96', value: (c) => s(c)?.reliableChange.proportionUnchanged },
  { name: 'prop_reliably_deteriorated', type: 'number', description: 'Share with change / SEdiff < −1.96', value: (c) => s(c)?.reliableChange.proportionDeteriorated },
  { name: 'mcid', type: 'number', description: 'Minimal clinically important difference of the scale (empty when none is established)', value: (c) => s(c)?.mcid.mcid },
  { name: 'prop_reaching_mcid', type: 'number', description: 'Share whose change reaches the MCID', value: (c) => s(c)?.mcid.proportionReached },
  { name: 'epsilon_spent', type: 'string', description: 'ε the whole report spent (0.000 when exact)', value: (_c, r) => formatEpsilon(r.epsilonSpent) },
];

function field(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const text = String(v);
  // Quote when needed; a leading = + - @ is neutralised so spreadsheets never run it as a formula
  // (only a text that is wholly a plain number such as -1.5 is left as is: "-2+3+cmd|…" is a formula).
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d+(?:\.\d+)?$/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const line = (values: readonly (string | number | boolean | null | undefined)[]) => values.map(field).join(',') + '\r\n';

export function outcomeReportCsv(report: OutcomeReportResult): string {
  return line(COLUMNS.map((c) => c.name)) + report.cells.map((cell) => line(COLUMNS.map((c) => c.value(cell, report)))).join('');
}

export function outcomeReportCodebook(): string {
  return line(['column', 'type', 'description']) + COLUMNS.map((c) => line([c.name, c.type, c.description])).join('');
}
