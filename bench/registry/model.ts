// The synthetic registry: clinics, staff, and per client a whole history (consents, treatment
// course and sessions, adverse events, the protocol's survey assignments, responses and scale
// scores) with realistic, correlated figures:
//
// - each client has latent self-esteem, wellbeing and hair-loss distress at baseline (correlated);
// - SMP improves them by an effect (in SD units) that varies by clinic and by hair-loss type, with
//   a trajectory over the follow-ups (most of it by MONTH_3, a little fading by MONTH_12);
// - item answers come from the latent level through ordinal thresholds (reverse-worded RSES items
//   answered the other way round), a few optional items are left out (HLD, SMP_SAT prorating);
// - engagement drives attrition: fewer answer at each later follow-up, some surveys are cancelled;
// - some consents are withdrawn (RESEARCH more often than CARE).
//
// Every event is dated before `end` (the caller puts it before the report snapshot cutoff), and
// every scale_score row is computed with the API's own scoring library from the stored answers.
import { createHash } from 'node:crypto';
import { DAY_MS, followUpWindow, type TimePoint } from '../../libs/domain/src/index.js';
import { scoreInstrument, SHIPPED_INSTRUMENTS, type InstrumentDefinition } from '../../libs/scoring/src/index.js';
import { DEFAULT_PROTOCOL_ID, SHIPPED_INSTRUMENT_IDS } from '../../migrations/1764000000001-seed-instruments-and-protocol.js';
import { TENANT_TABLES } from '../../apps/api/src/database/db.service.js';
import { phi, Rng } from './rng.js';

/** The clinic-scoped tables a client's history fills, in foreign-key order (the API's own list). */
export type Table = Exclude<(typeof TENANT_TABLES)[number], 'clinic'>;
export const TABLES: readonly Table[] = TENANT_TABLES.filter((t): t is Table => t !== 'clinic');

/** COPY column lists, in the order the row builders below write them. */
export const COLUMNS: Record<Table | 'clinic' | 'staff_account', readonly string[]> = {
  clinic: ['id', 'name', 'country', 'time_zone', 'created_at'],
  staff_account: ['id', 'email', 'password_hash', 'role', 'clinic_id', 'display_name', 'pseudonym', 'active', 'created_at'],
  client: ['clinic_id', 'id', 'study_code', 'language', 'birth_year', 'sex', 'hair_loss_type', 'norwood_grade', 'ludwig_grade',
    'fitzpatrick_type', 'prior_treatments', 'enrolled_at', 'enrolled_by'],
  consent: ['clinic_id', 'id', 'client_id', 'scope', 'version', 'granted_at', 'withdrawn_at', 'recorded_by'],
  treatment_course: ['clinic_id', 'id', 'client_id', 'price_band', 'insurance_coverage', 'pigment_shade', 'first_session_date',
    'final_session_date', 'created_at'],
  treatment_session: ['clinic_id', 'id', 'course_id', 'session_date', 'kind', 'is_final', 'areas', 'practitioner_id', 'pigment_shade', 'created_at'],
  adverse_event: ['clinic_id', 'id', 'course_id', 'type', 'onset_date', 'severity', 'recorded_at'],
  survey_assignment: ['clinic_id', 'id', 'client_id', 'protocol_id', 'instrument_version_id', 'time_point', 'due_at', 'opens_at',
    'closes_at', 'completed_at', 'cancelled_at', 'token_hash', 'token_issued_at', 'created_at'],
  survey_response: ['clinic_id', 'id', 'assignment_id', 'client_id', 'instrument_version_id', 'time_point', 'answers', 'source',
    'idempotency_key', 'payload_hash', 'submitted_at', 'entered_by'],
  scale_score: ['clinic_id', 'response_id', 'scale_key', 'client_id', 'instrument_key', 'time_point', 'score', 'answered_items', 'missing_items'],
};

const N = '\\N';
const FOLLOW_UPS = ['MONTH_1', 'MONTH_3', 'MONTH_6', 'MONTH_12'] as const;
const BASELINE_KEYS = ['RSES', 'WHO5', 'HLD'] as const;
const FOLLOW_UP_KEYS = ['RSES', 'WHO5', 'HLD', 'SMP_SAT', 'PGIC'] as const;
const HOUR = 3_600_000;

const COUNTRIES: readonly (readonly [string, string, string])[] = [
  ['DE', 'Europe/Berlin', 'de'], ['GB', 'Europe/London', 'en'], ['ES', 'Europe/Madrid', 'en'], ['FR', 'Europe/Paris', 'en'],
  ['IT', 'Europe/Rome', 'en'], ['NL', 'Europe/Amsterdam', 'en'], ['US', 'America/New_York', 'en'], ['US', 'America/Los_Angeles', 'en'],
  ['CA', 'America/Toronto', 'en'], ['AU', 'Australia/Sydney', 'en'], ['IE', 'Europe/Dublin', 'en'], ['PL', 'Europe/Warsaw', 'en'],
  ['SE', 'Europe/Stockholm', 'en'], ['AT', 'Europe/Vienna', 'de'], ['CH', 'Europe/Zurich', 'de'], ['TR', 'Europe/Istanbul', 'en'],
];

// Hair-loss types: share of clients, share of women, effect of SMP relative to the clinic's (SD units).
const HAIR_LOSS: readonly (readonly [string, number, number, number])[] = [
  ['ANDROGENETIC_ALOPECIA', 0.58, 0.05, 0.15],
  ['ALOPECIA_AREATA', 0.08, 0.45, -0.2],
  ['DIFFUSE_THINNING', 0.13, 0.6, -0.05],
  ['SCARRING_ALOPECIA', 0.05, 0.3, 0.05],
  ['TRANSPLANT_SCAR', 0.11, 0.03, 0.25],
  ['OTHER', 0.05, 0.35, -0.15],
];
const HAIR_LOSS_CUM = cumulative(HAIR_LOSS.map((h) => h[1]));

// Response probability per time point: Φ(a + 0.8 · engagement + 0.15 · effect).
const RESPONSE_BASE: Readonly<Record<TimePoint, number>> = { BASELINE: 1.7, MONTH_1: 1.05, MONTH_3: 0.75, MONTH_6: 0.5, MONTH_12: 0.25 };
// Share of the clinic's effect reached at each follow-up.
const TRAJECTORY: Readonly<Record<Exclude<TimePoint, 'BASELINE'>, number>> = { MONTH_1: 0.7, MONTH_3: 0.95, MONTH_6: 1, MONTH_12: 0.9 };

interface ItemModel {
  readonly def: InstrumentDefinition;
  readonly versionId: string;
  /** Item score (after reversal) = clamp(round(mid + spread · (level + noise))), 0…max. */
  readonly mid: number;
  readonly spread: number;
  readonly optionalMissing: number;
}

const DEFS = new Map(SHIPPED_INSTRUMENTS.filter((d) => d.version === '1.0.0').map((d) => [d.key, d]));
const MODELS: Readonly<Record<string, ItemModel>> = {
  RSES: { def: DEFS.get('RSES')!, versionId: SHIPPED_INSTRUMENT_IDS['RSES']!, mid: 1.75, spread: 0.75, optionalMissing: 0 },
  WHO5: { def: DEFS.get('WHO5')!, versionId: SHIPPED_INSTRUMENT_IDS['WHO5']!, mid: 2.5, spread: 1.05, optionalMissing: 0 },
  HLD: { def: DEFS.get('HLD')!, versionId: SHIPPED_INSTRUMENT_IDS['HLD']!, mid: 2.4, spread: 0.9, optionalMissing: 0.04 },
  SMP_SAT: { def: DEFS.get('SMP_SAT')!, versionId: SHIPPED_INSTRUMENT_IDS['SMP_SAT']!, mid: 2.9, spread: 0.8, optionalMissing: 0.05 },
  PGIC: { def: DEFS.get('PGIC')!, versionId: SHIPPED_INSTRUMENT_IDS['PGIC']!, mid: 1.5, spread: 1.1, optionalMissing: 0 },
};

function cumulative(weights: readonly number[]): number[] {
  let s = 0;
  return weights.map((w) => (s += w));
}

const iso = (ms: number) => new Date(ms).toISOString();
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const midnight = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

/** The API's payload hash: canonical [item, value] pairs sorted by item code (responses.service.ts). */
export function payloadHash(answers: Record<string, number | null>): string {
  const canonical = Object.keys(answers).sort().map((k) => [k, answers[k]]);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

export interface ClinicPlan {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  readonly country: string;
  readonly timeZone: string;
  readonly language: string;
  /** Mean improvement (SD units) of this clinic's clients before the hair-loss type's shift. */
  readonly effect: number;
  readonly staffIds: readonly string[];
  readonly insurance: number;
}

export interface RegistryPlan {
  readonly seed: number;
  readonly clients: number;
  readonly clinics: readonly ClinicPlan[];
  readonly clinicCumulative: readonly number[];
  /** The clinic with the most expected clients (for the dashboard). */
  readonly largestClinic: ClinicPlan;
  /** Every generated event is before this instant. */
  readonly end: number;
  /** Enrolments span [start, end − 7 days]. */
  readonly start: number;
  readonly staffRows: string[];
  readonly clinicRows: string[];
}

export interface PlanOptions {
  readonly clinics: number;
  readonly clients: number;
  readonly seed: number;
  readonly end: Date;
  readonly years: number;
}

export function planRegistry(o: PlanOptions): RegistryPlan {
  const rng = new Rng(o.seed, 0xc11c);
  const end = o.end.getTime();
  const start = end - o.years * 365 * DAY_MS;
  const clinics: ClinicPlan[] = [];
  const weights: number[] = [];
  const clinicRows: string[] = [];
  const staffRows: string[] = [];
  for (let i = 0; i < o.clinics; i++) {
    const [country, timeZone, language] = COUNTRIES[i % COUNTRIES.length]!;
    const id = rng.uuid();
    const staffIds: string[] = [];
    // Client numbers per clinic are skewed (log-normal): a few large clinics, many small ones.
    weights.push(Math.exp(0.75 * rng.normal()));
    const staffCount = rng.int(2, 4);
    const created = start - rng.int(30, 400) * DAY_MS;
    for (let s = 0; s < staffCount; s++) {
      const sid = rng.uuid();
      staffIds.push(sid);
      staffRows.push([sid, `staff${s + 1}.c${i + 1}@registry.bench`, 'not-a-login', 'CLINIC_STAFF', id, `Practitioner ${s + 1} of clinic ${i + 1}`,
        `P-${rng.hex(5).toUpperCase()}`, 't', iso(created)].join('\t'));
    }
    const name = `Bench clinic ${String(i + 1).padStart(3, '0')} ${timeZone.split('/')[1]!.replace('_', ' ')}`;
    clinicRows.push([id, name, country, timeZone, iso(created)].join('\t'));
    clinics.push({
      index: i, id, name, country, timeZone, language, staffIds,
      effect: 0.55 + 0.22 * rng.normal(),
      insurance: country === 'DE' || country === 'AT' || country === 'CH' ? 0.25 : country === 'US' ? 0.1 : 0.05,
    });
  }
  const clinicCumulative = cumulative(weights);
  let largest = 0;
  for (let i = 1; i < weights.length; i++) if (weights[i]! > weights[largest]!) largest = i;
  return { seed: o.seed, clients: o.clients, clinics, clinicCumulative, largestClinic: clinics[largest]!, end, start, staffRows, clinicRows };
}

/** Where the rows of one table go: one TSV line (no newline) at a time. */
export type Sink = (table: Table, line: string) => void;

interface ClientCounts {
  responses: number;
}

function answersFor(rng: Rng, m: ItemModel, level: number): Record<string, number | null> {
  const answers: Record<string, number | null> = {};
  const items = m.def.items;
  let skipped = 0;
  for (const item of items) {
    const codes = item.options.map((o) => o.code);
    const lo = Math.min(...codes);
    const hi = Math.max(...codes);
    if (!item.required && skipped === 0 && rng.chance(m.optionalMissing / 2)) {
      skipped += 1;
      continue; // a left-out optional item (the scale's missing-item rule decides its score)
    }
    const x = level + 0.65 * rng.normal();
    let s = Math.round(m.mid + m.spread * x);
    if (m.def.key === 'PGIC') s = Math.round(m.mid - m.spread * x) + lo; // 1 = very much improved
    s = Math.max(lo, Math.min(hi, s + (m.def.key === 'PGIC' ? 0 : lo)));
    // Item scores run with the trait; a reverse-worded item is answered the other way round.
    answers[item.code] = item.reverse ? lo + hi - s : s;
  }
  // Rarely a second optional item is left out too (HLD: no score then).
  if (m.optionalMissing > 0 && skipped === 1 && rng.chance(0.12)) {
    const optional = items.filter((i) => !i.required && i.code in answers);
    if (optional.length > 0) delete answers[rng.pick(optional).code];
  }
  return answers;
}

/**
 * One client's whole history into the sinks. Deterministic in (plan.seed, index).
 */
export function generateClient(plan: RegistryPlan, index: number, sink: Sink, counts: ClientCounts): void {
  const rng = new Rng(plan.seed, index + 1);
  const clinic = plan.clinics[rng.weighted(plan.clinicCumulative)]!;
  const cid = clinic.id;
  const id = rng.uuid();
  const staff = () => rng.pick(clinic.staffIds);
  const end = plan.end;

  // Who: hair-loss type, sex, grades, skin type, age.
  const h = HAIR_LOSS[rng.weighted(HAIR_LOSS_CUM)]!;
  const female = rng.chance(h[2]);
  const sex = rng.chance(0.01) ? 'UNDISCLOSED' : female ? 'FEMALE' : 'MALE';
  const enrolledAt = Math.floor(plan.start + rng.next() * (end - 7 * DAY_MS - plan.start));
  const age = Math.max(18, Math.min(79, Math.round(41 + 11 * rng.normal())));
  const birthYear = new Date(enrolledAt).getUTCFullYear() - age;
  const norwood = !female && h[0] === 'ANDROGENETIC_ALOPECIA' ? String(rng.int(2, 7)) : N;
  const ludwig = female && (h[0] === 'ANDROGENETIC_ALOPECIA' || h[0] === 'DIFFUSE_THINNING') ? String(rng.int(1, 3)) : N;
  const fitz = String(Math.max(1, Math.min(6, Math.round(2.8 + 1.2 * rng.normal()))));
  const prior: string[] = [];
  if (h[0] === 'TRANSPLANT_SCAR' || rng.chance(0.08)) prior.push('TRANSPLANT');
  if (rng.chance(0.35)) prior.push('MINOXIDIL');
  if (!female && rng.chance(0.25)) prior.push('FINASTERIDE');
  if (rng.chance(0.06)) prior.push('PRP');
  if (prior.length === 0 && rng.chance(0.5)) prior.push('NONE');
  sink('client', [cid, id, `B${clinic.index + 1}-${index + 1}`, clinic.language, birthYear, sex, h[0], norwood, ludwig, fitz,
    `{${prior.join(',')}}`, iso(enrolledAt), staff()].join('\t'));

  // Consents: CARE for nearly everyone, RESEARCH for most; some withdrawn later.
  const version = new Date(enrolledAt).getUTCFullYear() >= 2025 ? '2025-01' : '2023-01';
  const consent = (scope: 'CARE' | 'RESEARCH', withdrawProb: number) => {
    const withdrawn = rng.chance(withdrawProb) ? iso(enrolledAt + rng.next() * (end - enrolledAt)) : N;
    sink('consent', [cid, rng.uuid(), id, scope, version, iso(enrolledAt), withdrawn, staff()].join('\t'));
  };
  if (rng.chance(0.995)) consent('CARE', 0.01);
  if (rng.chance(0.87)) consent('RESEARCH', 0.04);

  // Latent traits and the effect of SMP for this client.
  const se0 = rng.normal();
  const wb0 = 0.55 * se0 + 0.83 * rng.normal();
  const hd0 = -0.45 * se0 + 0.89 * rng.normal();
  const effect = clinic.effect + h[3] + 0.35 * rng.normal();
  const engagement = rng.normal();
  const responds = (tp: TimePoint) => rng.chance(phi(RESPONSE_BASE[tp] + 0.8 * engagement + 0.15 * effect));
  const levelAt = (key: string, tp: TimePoint): number => {
    const f = tp === 'BASELINE' ? 0 : TRAJECTORY[tp];
    const wobble = tp === 'BASELINE' ? 0 : 0.45 * rng.normal();
    switch (key) {
      case 'RSES': return se0 + 0.8 * effect * f + wobble;
      case 'WHO5': return wb0 + 0.6 * effect * f + wobble;
      case 'HLD': return hd0 - 1.0 * effect * f + wobble;
      case 'SMP_SAT': return 0.6 * (effect - 0.55) + 0.6 * rng.normal();
      default: return 0.8 * (effect * f - 0.55) + 0.6 * rng.normal(); // PGIC
    }
  };

  // Treatment: 1–3 sessions from 2–35 days after enrolment, maybe a touch-up; only what happened before `end`.
  const sessionsPlanned = rng.chance(0.25) ? 1 : rng.chance(0.67) ? 2 : 3;
  const sessions: { date: number; created: number; final: boolean; kind: string }[] = [];
  let date = midnight(enrolledAt) + rng.int(2, 35) * DAY_MS;
  for (let s = 0; s < sessionsPlanned; s++) {
    const created = date + rng.int(8, 18) * HOUR + rng.int(0, 59) * 60_000;
    if (created >= end) break;
    sessions.push({ date, created, final: s === sessionsPlanned - 1, kind: 'TREATMENT' });
    date += rng.int(14, 40) * DAY_MS;
  }
  const final = sessions.find((s) => s.final) ?? null;
  if (final && rng.chance(0.15)) {
    const tu = final.date + rng.int(60, 200) * DAY_MS;
    const created = tu + rng.int(8, 18) * HOUR;
    if (created < end) sessions.push({ date: tu, created, final: false, kind: 'TOUCH_UP' });
  }
  const first = sessions[0] ?? null;
  if (first) {
    const course = rng.uuid();
    const shade = `Shade ${rng.int(1, 9)}`;
    const price = rng.pick(['UNDER_1000', 'FROM_1000_TO_1999', 'FROM_1000_TO_1999', 'FROM_2000_TO_2999', 'FROM_3000_TO_4999', 'FROM_5000', 'UNDISCLOSED']);
    const coverage = rng.chance(clinic.insurance) ? rng.pick(['PARTIAL', 'FULL']) : rng.chance(0.7) ? 'NONE' : 'UNKNOWN';
    sink('treatment_course', [cid, course, id, price, coverage, shade, day(first.date), final ? day(final.date) : N, iso(first.created - HOUR)].join('\t'));
    const areas = h[0] === 'SCARRING_ALOPECIA' || h[0] === 'TRANSPLANT_SCAR' ? ['SCAR'] : h[0] === 'DIFFUSE_THINNING' ? ['DENSITY']
      : rng.pick([['HAIRLINE'], ['HAIRLINE', 'CROWN'], ['FULL_SCALP'], ['CROWN'], ['HAIRLINE', 'CROWN', 'DENSITY']]);
    const practitioner = staff();
    for (const s of sessions) {
      sink('treatment_session', [cid, rng.uuid(), course, day(s.date), s.kind, s.final ? 't' : 'f', `{${areas.join(',')}}`,
        s.kind === 'TOUCH_UP' ? staff() : practitioner, shade, iso(s.created)].join('\t'));
    }
    if (rng.chance(0.03)) {
      const onset = first.date + rng.int(3, 60) * DAY_MS;
      const recorded = onset + rng.int(1, 5) * DAY_MS + 10 * HOUR;
      if (recorded < end) {
        sink('adverse_event', [cid, rng.uuid(), course, rng.pick(['INFECTION', 'ALLERGIC_REACTION', 'PIGMENT_MIGRATION', 'PIGMENT_MIGRATION',
          'DISCOLORATION', 'DISCOLORATION', 'REMOVAL_OR_CORRECTION', 'OTHER']), day(onset), rng.pick(['MILD', 'MILD', 'MILD', 'MODERATE', 'SEVERE']),
        iso(recorded)].join('\t'));
      }
    }
  }

  const respond = (key: string, tp: TimePoint, assignmentId: string, submittedAt: number) => {
    const m = MODELS[key]!;
    const answers = answersFor(rng, m, levelAt(key, tp));
    const responseId = rng.uuid();
    const paper = rng.chance(0.08);
    sink('survey_response', [cid, responseId, assignmentId, id, m.versionId, tp, JSON.stringify(answers), paper ? 'STAFF_ENTERED' : 'WEB',
      `gen-${responseId}`, payloadHash(answers), iso(submittedAt), paper ? staff() : N].join('\t'));
    for (const s of scoreInstrument(m.def, answers)) {
      sink('scale_score', [cid, responseId, s.scaleKey, id, key, tp, s.score === null ? N : String(s.score), s.answeredItems, s.missingItems].join('\t'));
    }
    counts.responses += 1;
  };

  // BASELINE: open from enrolment, closed at the first session's day (if recorded).
  const baseCloses = first ? first.date : null;
  const baseAnswers = responds('BASELINE');
  for (const key of BASELINE_KEYS) {
    const aid = rng.uuid();
    const until = Math.min(baseCloses ?? end, end);
    const at = enrolledAt + rng.next() ** 1.6 * (until - enrolledAt);
    const answered = baseAnswers && rng.chance(0.985) && at < until;
    sink('survey_assignment', [cid, aid, id, DEFAULT_PROTOCOL_ID, MODELS[key]!.versionId, 'BASELINE', baseCloses === null ? N : iso(baseCloses),
      iso(enrolledAt), baseCloses === null ? N : iso(baseCloses), answered ? iso(at) : N, N, N, N, iso(enrolledAt)].join('\t'));
    if (answered) respond(key, 'BASELINE', aid, at);
  }

  // Follow-ups, scheduled when the final session was recorded.
  if (!final) return;
  for (const tp of FOLLOW_UPS) {
    const w = followUpWindow(new Date(final.date), tp);
    const opens = w.opensAt.getTime();
    const closes = w.closesAt!.getTime();
    const answersTp = responds(tp);
    const cancelled = !answersTp && rng.chance(0.03) ? Math.min(opens + rng.int(0, 20) * DAY_MS, end - HOUR) : null;
    for (const key of FOLLOW_UP_KEYS) {
      const aid = rng.uuid();
      const at = opens + rng.next() ** 1.4 * (closes - opens - HOUR);
      const answered = answersTp && cancelled === null && rng.chance(0.97) && at < end;
      const cancelledAt = cancelled !== null && cancelled > final.created ? iso(cancelled) : N;
      sink('survey_assignment', [cid, aid, id, DEFAULT_PROTOCOL_ID, MODELS[key]!.versionId, tp, iso(w.dueAt!.getTime()), iso(opens), iso(closes),
        answered ? iso(at) : N, cancelledAt, N, N, iso(final.created)].join('\t'));
      if (answered) respond(key, tp, aid, at);
    }
  }
}

/** Valid answers for one baseline instrument of the submission cohort (what a phone would send). */
export function cohortAnswers(rng: Rng, key: string): { itemCode: string; value: number }[] {
  const answers = answersFor(rng, MODELS[key]!, rng.normal());
  return Object.entries(answers).map(([itemCode, value]) => ({ itemCode, value: value! }));
}

export { BASELINE_KEYS, MODELS };
