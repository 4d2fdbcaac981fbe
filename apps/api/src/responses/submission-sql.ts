import type { ResponseSource, TimePoint } from '../../../../libs/domain/src/index.js';
import type { AuditEventRow } from '../audit/audit.service.js';
import { sqlLiteral as L } from '../database/sql-literal.js';

// The statements of a submission (migrations/1764000000006-submission-functions.ts), as text for
// Db.batched: `BEGIN; <open>` and `<record>; COMMIT`; for a group of survey-link submissions
// (1764000000008) `BEGIN; <open links>` and `<record each>; COMMIT`. The bench's bare anchor sends
// the very same text (bench/anchors/bare-server.ts imports this module, so it imports nothing of
// Nest or TypeORM).

/** A survey link: the clinic is the one holding the token's hash. */
export function openByLinkSql(tokenHash: Buffer, appRole: string): string {
  return `SELECT * FROM submission_open(${L.text(appRole)}, NULL::uuid, NULL::uuid, ${L.bytea(tokenHash)})`;
}

/**
 * Several survey links in one statement, locked in the order given: one row per known link, its
 * position (1-based) in `ord`. See openedByPosition.
 */
export function openLinksSql(tokenHashes: readonly Buffer[], appRole: string): string {
  return `SELECT * FROM submission_open_links(${L.text(appRole)}, ARRAY[${tokenHashes.map((h) => L.bytea(h)).join(', ')}]::bytea[])`;
}

/** The rows of openLinksSql by the position of their link (none for an unknown link). */
export function openedByPosition(rows: readonly Record<string, unknown>[], count: number): (Record<string, unknown> | undefined)[] {
  const out: (Record<string, unknown> | undefined)[] = new Array(count);
  for (const row of rows) out[Number(row['ord']) - 1] = row;
  return out;
}

/** Staff: an assignment of the clinic they act for. */
export function openForStaffSql(clinicId: string, appRole: string, assignmentId: string): string {
  return `SELECT * FROM submission_open(${L.text(appRole)}, ${L.uuid(clinicId)}, ${L.uuid(assignmentId)}, NULL::bytea)`;
}

/** Rows as the tables name their columns (jsonb_populate_record on the database side). */
export interface SurveyResponseRow {
  clinic_id: string;
  id: string;
  assignment_id: string;
  client_id: string;
  instrument_version_id: string;
  time_point: TimePoint;
  answers: Record<string, number | null>;
  source: ResponseSource;
  idempotency_key: string;
  payload_hash: string;
  submitted_at: Date;
  entered_by: string | null;
}

export interface ScaleScoreRowValues {
  clinic_id: string;
  response_id: string;
  scale_key: string;
  client_id: string;
  instrument_key: string;
  time_point: TimePoint;
  score: number | null;
  answered_items: number;
  missing_items: number;
}

/** What one submission writes: its response, scores and audit event, under its assignment's clinic. */
export interface SubmissionRecord {
  readonly clinic: string;
  readonly response: SurveyResponseRow;
  readonly scores: readonly ScaleScoreRowValues[];
  readonly audit: AuditEventRow;
}

// JSON has no NaN or infinities: a score must not silently become NULL on the way.
function checked(r: SubmissionRecord): SubmissionRecord {
  if (r.scores.some((s) => s.score !== null && !Number.isFinite(s.score))) throw new Error('a scale score is not a finite number');
  return r;
}

export function recordSql(r: SubmissionRecord): string {
  checked(r);
  return `SELECT submission_record(${L.jsonb(r.response)}, ${L.jsonb(r.scores)}, ${L.jsonb(r.audit)})`;
}

/** A group's records in one statement, each under its own clinic's scope (submission_record_each). */
export function recordEachSql(records: readonly SubmissionRecord[]): string {
  return `SELECT submission_record_each(${L.jsonb(records.map(checked))})`;
}

/** What submission_open returns: the locked assignment and, once completed, its stored response. */
export interface StoredScore {
  readonly scaleKey: string;
  readonly score: number | null;
  readonly answeredItems: number;
  readonly missingItems: number;
}

export interface SubmissionTarget {
  readonly assignment: {
    readonly clinicId: string;
    readonly id: string;
    readonly clientId: string;
    readonly instrumentVersionId: string;
    readonly timePoint: TimePoint;
    readonly opensAt: Date;
    readonly closesAt: Date | null;
    readonly completedAt: Date | null;
    readonly cancelledAt: Date | null;
  };
  readonly stored: {
    readonly id: string;
    readonly assignmentId: string;
    readonly timePoint: TimePoint;
    readonly source: ResponseSource;
    readonly answers: Record<string, number | null>;
    readonly idempotencyKey: string;
    readonly payloadHash: string;
    readonly submittedAt: Date;
    readonly scores: readonly StoredScore[];
  } | null;
}

export function toSubmissionTarget(row: Record<string, unknown>): SubmissionTarget {
  const r = row as {
    clinic_id: string; id: string; client_id: string; instrument_version_id: string; time_point: TimePoint;
    opens_at: Date; closes_at: Date | null; completed_at: Date | null; cancelled_at: Date | null;
    response_id: string | null; response_time_point: TimePoint; response_source: ResponseSource;
    response_answers: Record<string, number | null>; response_idempotency_key: string; response_payload_hash: string;
    response_submitted_at: Date; response_scores: StoredScore[];
  };
  return {
    assignment: {
      clinicId: r.clinic_id,
      id: r.id,
      clientId: r.client_id,
      instrumentVersionId: r.instrument_version_id,
      timePoint: r.time_point,
      opensAt: r.opens_at,
      closesAt: r.closes_at,
      completedAt: r.completed_at,
      cancelledAt: r.cancelled_at,
    },
    stored: r.response_id === null ? null : {
      id: r.response_id,
      assignmentId: r.id,
      timePoint: r.response_time_point,
      source: r.response_source,
      answers: r.response_answers,
      idempotencyKey: r.response_idempotency_key,
      payloadHash: r.response_payload_hash,
      submittedAt: r.response_submitted_at,
      scores: r.response_scores,
    },
  };
}
