// Test-only builders for libs/reports specs (not exported from index.ts). No Jest globals here: the
// build type-checks every libs file not named *.spec.ts without Jest types.
import type { BuildOutcomeReportInput, OutcomeRecord, ReportCell } from './build-outcome-report.js';
import { type FollowUpTimePoint, type ReportDimension, ReportRequestError, type ScaleInfo } from './report-request.js';

/** RSES total: 0–30, higher is better. */
export const RSES: ScaleInfo = { key: 'RSES_TOTAL', min: 0, max: 30, higherIsBetter: true, mcid: 3, publishedReliability: 0.88 };
/** HLD total: 0–24, higher is WORSE. */
export const HLD: ScaleInfo = { key: 'HLD_TOTAL', min: 0, max: 24, higherIsBetter: false, mcid: 3, publishedReliability: 0.8 };

export const HAIR_LOSS = ['ANDROGENETIC_ALOPECIA', 'ALOPECIA_AREATA', 'DIFFUSE_THINNING', 'SCARRING_ALOPECIA', 'TRANSPLANT_SCAR', 'OTHER'] as const;
export const SEX = ['FEMALE', 'MALE', 'INTERSEX', 'UNDISCLOSED'] as const;

export const DOMAINS: Readonly<Record<ReportDimension, readonly string[]>> = {
  HAIR_LOSS_TYPE: HAIR_LOSS,
  SEX,
  AGE_BAND: ['<20', '20-29', '30-39', '40-49', '50-59', '60-69', '70-79', '80+'],
  FITZPATRICK_TYPE: ['1', '2', '3', '4', '5', '6'],
  COUNTRY: ['DE', 'FR', 'GB'],
  AREAS_TREATED: ['HAIRLINE', 'CROWN', 'FULL_SCALP', 'SCAR', 'DENSITY', 'MULTIPLE', 'NONE'],
  INSURANCE_COVERAGE: ['NONE', 'PARTIAL', 'FULL', 'UNKNOWN'],
  TREATMENT_MONTH: ['2025-01', '2025-02', '2025-03'],
  CLINIC: ['Clinic 01', 'Clinic 02', 'Clinic 03', 'Clinic 04'],
};

let serial = 0;

export interface RecordSpec {
  readonly subject?: string;
  readonly clinic?: string;
  readonly timePoint?: FollowUpTimePoint;
  readonly baseline: number | null;
  readonly followUp: number | null;
  readonly eligible?: boolean;
  readonly baselineItems?: readonly number[] | null;
  readonly followUpItems?: readonly number[] | null;
  readonly hairLoss?: string;
  readonly sex?: string;
  readonly ageBand?: string;
  readonly country?: string;
  readonly insurance?: string;
  readonly areas?: readonly string[];
  readonly treatmentMonth?: string | null;
  readonly fitzpatrick?: number;
}

export function rec(s: RecordSpec): OutcomeRecord {
  serial += 1;
  const areas = s.areas ?? ['HAIRLINE'];
  return {
    clinicKey: s.clinic ?? 'Clinic 01',
    subject: s.subject ?? `subject-${serial}`,
    timePoint: s.timePoint ?? 'MONTH_3',
    baseline: s.baseline,
    followUp: s.followUp,
    baselineItems: s.baselineItems ?? null,
    followUpItems: s.followUpItems ?? null,
    eligible: s.eligible ?? true,
    attributes: {
      HAIR_LOSS_TYPE: s.hairLoss ?? 'ANDROGENETIC_ALOPECIA',
      SEX: s.sex ?? 'MALE',
      AGE_BAND: s.ageBand ?? '30-39',
      FITZPATRICK_TYPE: String(s.fitzpatrick ?? 3),
      COUNTRY: s.country ?? 'DE',
      AREAS_TREATED: areas.length === 0 ? 'NONE' : areas.length === 1 ? areas[0]! : 'MULTIPLE',
      INSURANCE_COVERAGE: s.insurance ?? 'NONE',
      TREATMENT_MONTH: s.treatmentMonth ?? '2025-01',
      CLINIC: s.clinic ?? 'Clinic 01',
    },
    areas,
    treatmentMonth: s.treatmentMonth === undefined ? '2025-01' : s.treatmentMonth,
    fitzpatrickType: s.fitzpatrick ?? 3,
  };
}

export function input(over: Partial<BuildOutcomeReportInput> & Pick<BuildOutcomeReportInput, 'records'>): BuildOutcomeReportInput {
  return {
    scale: RSES,
    timePoints: ['MONTH_3'],
    filters: {},
    groupBy: [],
    k: 10,
    mode: { kind: 'EXACT' },
    domains: DOMAINS,
    ...over,
  };
}

/** The cell of a time point whose groups have exactly these values (none: the margin). */
export function cellOf(cells: readonly ReportCell[], timePoint: FollowUpTimePoint, ...values: string[]): ReportCell {
  const found = cells.filter((c) => c.timePoint === timePoint
    && c.groups.length === values.length && c.groups.every((g, i) => g.value === values[i]));
  if (found.length !== 1) throw new Error(`expected one cell ${timePoint} ${values.join('/')}, found ${found.length}`);
  return found[0]!;
}

export const marginOf = (cells: readonly ReportCell[], timePoint: FollowUpTimePoint): ReportCell => cellOf(cells, timePoint);

/** RFC 4180 records (every record ends with CRLF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (ch === '"') { quoted = false; i++; continue; }
      field += ch; i++; continue;
    }
    if (ch === '"' && field === '') { quoted = true; i++; continue; }
    if (ch === ',') { row.push(field); field = ''; i++; continue; }
    if (ch === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i += 2; continue; }
    if (ch === '\n' || ch === '\r') throw new Error(`bare line break at ${i}`);
    field += ch; i++;
  }
  if (field !== '' || row.length > 0) throw new Error('last record not terminated by CRLF');
  return rows;
}

/** Runs `f` and returns the ReportRequestError it throws; anything else (or nothing) fails the test. */
export function refusal(f: () => unknown): ReportRequestError {
  try {
    f();
  } catch (err) {
    if (err instanceof ReportRequestError) return err;
    throw new Error(`expected a ReportRequestError, got ${String(err)}`);
  }
  throw new Error('expected a ReportRequestError, nothing was thrown');
}
