import { createHash, randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { assignmentStatus, type AssignmentState, type ResponseSource } from '../../../../libs/domain/src/index.js';
import { scoreInstrument, validateAnswers } from '../../../../libs/scoring/src/index.js';
import type { Answers } from '../../../../libs/scoring/src/instrument.types.js';
import { AuditService } from '../audit/audit.service.js';
import { badInput, conflict, notFound, type FieldProblem } from '../common/app-error.js';
import { hashLinkToken, isWellFormedLinkToken } from '../common/link-token.js';
import { AppConfig } from '../config/app-config.js';
import { Clock } from '../common/clock.js';
import type { Principal } from '../common/principal.js';
import { Client } from '../clients/client.entity.js';
import { Db, type BatchedTx } from '../database/db.service.js';
import { GroupCommit, settle, type Outcome } from '../database/group-commit.js';
import { pickLanguage, toItemObjects } from '../instruments/dto/instrument.object.js';
import type { InstrumentVersion } from '../instruments/instrument-version.entity.js';
import { InstrumentsService } from '../instruments/instruments.service.js';
import { SurveyAssignment as SurveyAssignmentEntity } from '../surveys/survey-assignment.entity.js';
import { SurveysService } from '../surveys/surveys.service.js';
import type { AnswerInput } from './dto/answer.input.js';
import type { SurveyForm, SurveyResponseObject } from './dto/response.object.js';
import { ScaleScoreRow } from './scale-score.entity.js';
import {
  openByLinkSql,
  openedByPosition,
  openLinksSql,
  recordEachSql,
  recordSql,
  toSubmissionTarget,
  type SubmissionRecord,
  type SubmissionTarget,
  type SurveyResponseRow,
} from './submission-sql.js';
import { SurveyResponse } from './survey-response.entity.js';

const ANON = { clinicId: null, role: 'SURVEY_LINK' } as const;

/** Answers as a map, refusing the same item twice. */
function toAnswerMap(answers: readonly AnswerInput[]): Record<string, number | null> {
  const map: Record<string, number | null> = {};
  for (const [i, a] of answers.entries()) {
    if (a.itemCode in map) throw badInput('DUPLICATE_ITEM', `Item ${a.itemCode} is answered twice`, `answers.${i}.itemCode`);
    map[a.itemCode] = a.value ?? null;
  }
  return map;
}

/** Canonical hash of a submission: same answers in any order → same hash. */
function payloadHash(answers: Record<string, number | null>): string {
  const canonical = Object.keys(answers)
    .sort()
    .map((k) => [k, answers[k]]);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/** A survey-link submission waiting for its group commit. */
interface LinkSubmission {
  readonly tokenHash: Buffer;
  readonly answers: Record<string, number | null>;
  readonly idempotencyKey: string;
}

/** What a submission writes once its assignment is open and checked: nothing for a replay. */
interface PreparedSubmission {
  readonly result: SurveyResponseObject;
  readonly record: SubmissionRecord | null;
}

function checkAnswers(def: InstrumentVersion['definition'], answers: Answers, final: boolean): void {
  const issues = validateAnswers(def, answers, { final });
  if (issues.length === 0) return;
  const problems: FieldProblem[] = issues.map((i) => ({ field: `answers.${i.itemCode}`, message: i.message }));
  throw badInput(issues[0]!.kind, issues.map((i) => i.message).join('; '), problems[0]!.field, problems);
}

@Injectable()
export class ResponsesService {
  constructor(
    private readonly db: Db,
    private readonly surveys: SurveysService,
    private readonly instruments: InstrumentsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.links = new GroupCommit({
      slots: config.SUBMISSION_BATCH_SLOTS,
      maxBatch: config.SUBMISSION_BATCH_MAX,
      key: (s) => s.tokenHash.toString('hex'),
      run: (batch) => this.submitLinks(batch),
    });
  }

  private readonly logger = new Logger(ResponsesService.name);
  /** Survey-link submissions, written in groups (one transaction for those that arrive together). */
  private readonly links: GroupCommit<LinkSubmission, SurveyResponseObject>;

  /** The client's view of a survey link. */
  async form(token: string, language: string | undefined): Promise<SurveyForm> {
    return this.db.tx(ANON, async (m) => {
      const a = await this.surveys.resolveToken(m, token, false);
      const instrument = await this.instruments.get(a.instrumentVersionId, m);
      const client = await m.findOneBy(Client, { clinicId: a.clinicId, id: a.clientId });
      const lang = pickLanguage(instrument.definition, language ?? client?.language);
      const status = assignmentStatus(a, this.clock.now());
      const response = a.completedAt ? await m.findOneBy(SurveyResponse, { clinicId: a.clinicId, assignmentId: a.id }) : null;
      return {
        status,
        timePoint: a.timePoint,
        instrumentKey: instrument.key,
        instrumentVersion: instrument.version,
        title: instrument.definition.title[lang] ?? instrument.definition.title['en'] ?? instrument.key,
        language: lang,
        opensAt: a.opensAt,
        closesAt: a.closesAt,
        items: status === 'OPEN' ? toItemObjects(instrument.definition, lang) : [],
        savedAnswers: status === 'OPEN' ? Object.entries(a.draftAnswers ?? {}).map(([itemCode, value]) => ({ itemCode, value })) : [],
        savedAt: status === 'OPEN' ? a.draftSavedAt : null,
        submittedAt: response?.submittedAt ?? null,
      };
    });
  }

  /** Unfinished answers, kept until submission; required items may still be missing. */
  async saveDraft(token: string, answers: readonly AnswerInput[]): Promise<Date> {
    const map = toAnswerMap(answers);
    return this.db.tx(ANON, async (m) => {
      const a = await this.surveys.resolveToken(m, token, true);
      this.requireOpen(a);
      const instrument = await this.instruments.get(a.instrumentVersionId, m);
      checkAnswers(instrument.definition, map, false);
      const savedAt = this.clock.now();
      const merged = { ...(a.draftAnswers ?? {}), ...map };
      await m.update(SurveyAssignmentEntity, { clinicId: a.clinicId, id: a.id }, { draftAnswers: merged, draftSavedAt: savedAt });
      return savedAt;
    });
  }

  async submitByToken(token: string, answers: readonly AnswerInput[], idempotencyKey: string): Promise<SurveyResponseObject> {
    const map = toAnswerMap(answers);
    if (!isWellFormedLinkToken(token)) throw notFound('Survey link', 'token');
    return this.links.submit({ tokenHash: hashLinkToken(token), answers: map, idempotencyKey });
  }

  /** How the survey-link submissions were grouped so far (batches, jobs) and what waits now. */
  submissionGroupStats(): ReturnType<GroupCommit<LinkSubmission, SurveyResponseObject>['stats']> {
    return this.links.stats();
  }

  /** One survey-link submission in a transaction of its own. */
  private submitLink(s: LinkSubmission): Promise<SurveyResponseObject> {
    return this.db.batched(async (tx) => {
      const [row] = await tx.begin(openByLinkSql(s.tokenHash, ANON.role));
      if (!row) throw notFound('Survey link', 'token');
      return this.submit(tx, toSubmissionTarget(row), s.answers, s.idempotencyKey, 'WEB', null);
    });
  }

  /**
   * Group commit of survey-link submissions that arrived together: one transaction, two round
   * trips of one statement each and one WAL flush for all of them. The first opens every link
   * (submission_open_links: submission_open for each, as for one — the token's clinic, the
   * assignment locked — in token-hash order, so that two groups never wait on each other in a
   * cycle); each submission is then checked and scored on its own, and one that fails (not found,
   * closed, invalid answers, a reused key) fails alone; the second writes the others
   * (submission_record_each, each under its own clinic's scope) and commits. If the group fails as a
   * whole (a lost connection, a statement the database refused), every submission is run again in
   * a transaction of its own, so that none can fail another; a retry of one that did commit finds
   * it stored and replays it.
   */
  private async submitLinks(batch: readonly LinkSubmission[]): Promise<Outcome<SurveyResponseObject>[]> {
    if (batch.length === 1) return [await settle(this.submitLink(batch[0]!))];
    const order = batch.map((_, i) => i).sort((a, b) => Buffer.compare(batch[a]!.tokenHash, batch[b]!.tokenHash));
    try {
      return await this.db.batched(async (tx) => {
        const opened = openedByPosition(await tx.begin(openLinksSql(order.map((i) => batch[i]!.tokenHash), ANON.role)), order.length);
        const outcomes: Outcome<SurveyResponseObject>[] = new Array(batch.length);
        const records: SubmissionRecord[] = [];
        for (const [k, i] of order.entries()) {
          const s = batch[i]!;
          try {
            const row = opened[k];
            if (!row) throw notFound('Survey link', 'token');
            const p = await this.prepare(tx.manager, toSubmissionTarget(row), s.answers, s.idempotencyKey, 'WEB', null);
            if (p.record) records.push(p.record);
            outcomes[i] = { ok: true, value: p.result };
          } catch (error) {
            outcomes[i] = { ok: false, error };
          }
        }
        await tx.commit(records.length === 0 ? undefined : recordEachSql(records));
        return outcomes;
      });
    } catch (err) {
      // Each submission's own errors were caught above: this is the database refusing the group.
      this.logger.warn(`a group of ${batch.length} submissions failed as a whole (${String(err)}); each runs again on its own`);
      return Promise.all(batch.map((s) => settle(this.submitLink(s))));
    }
  }

  enterPaper(actor: Principal & { clinicId: string }, assignmentId: string, answers: readonly AnswerInput[], idempotencyKey: string): Promise<SurveyResponseObject> {
    const map = toAnswerMap(answers);
    return this.db.batched(async (tx) => {
      const target = await this.surveys.openForStaffSubmission(tx, actor, assignmentId);
      return this.submit(tx, target, map, idempotencyKey, 'STAFF_ENTERED', actor);
    });
  }

  private requireOpen(a: AssignmentState): void {
    const status = assignmentStatus(a, this.clock.now());
    if (status === 'OPEN') return;
    const why = {
      COMPLETED: ['ALREADY_SUBMITTED', 'This survey has already been answered'],
      CANCELLED: ['ASSIGNMENT_CANCELLED', 'This survey was cancelled by the clinic'],
      SCHEDULED: ['NOT_YET_OPEN', `This survey opens on ${a.opensAt.toISOString().slice(0, 10)}`],
      EXPIRED: ['WINDOW_CLOSED', 'The time to answer this survey has passed'],
    } as const satisfies Record<Exclude<typeof status, 'OPEN'>, readonly [string, string]>;
    const [reason, message] = why[status];
    throw conflict(reason, message);
  }

  /**
   * One transaction, the assignment row locked (by submission_open, the first round trip): a retry
   * with the same key and answers returns the stored response; the same key with other answers, or
   * any other submission once completed, is a CONFLICT. Answers, scores, completion and audit are
   * written by one statement (submission_record) sent with COMMIT: together or not at all.
   */
  private async submit(
    tx: BatchedTx,
    target: SubmissionTarget,
    answers: Record<string, number | null>,
    idempotencyKey: string,
    source: ResponseSource,
    actor: Principal | null,
  ): Promise<SurveyResponseObject> {
    const p = await this.prepare(tx.manager, target, answers, idempotencyKey, source, actor);
    await tx.commit(p.record ? recordSql(p.record) : undefined);
    return p.result;
  }

  /**
   * A submission to an open (locked) assignment, checked and scored: what it returns and the rows
   * it records (none for a replay). Throws the CONFLICT or BAD_USER_INPUT it earns.
   */
  private async prepare(
    m: EntityManager,
    target: SubmissionTarget,
    answers: Record<string, number | null>,
    idempotencyKey: string,
    source: ResponseSource,
    actor: Principal | null,
  ): Promise<PreparedSubmission> {
    const a = target.assignment;
    const instrument = await this.instruments.get(a.instrumentVersionId, m);
    const hash = payloadHash(answers);
    if (a.completedAt) {
      const existing = target.stored;
      if (!existing) throw new Error(`completed survey assignment ${a.id} has no stored response`);
      if (existing.idempotencyKey !== idempotencyKey) throw conflict('ALREADY_SUBMITTED', 'This survey has already been answered');
      if (existing.payloadHash !== hash) {
        throw conflict('IDEMPOTENCY_KEY_REUSED', 'This idempotency key was used for a different submission', 'idempotencyKey');
      }
      // Stored rows have no order: the instrument's, as a first submission answers.
      const order = new Map(instrument.definition.scales.map((sc, i) => [sc.key, i]));
      const scores = [...existing.scores].sort((x, y) => (order.get(x.scaleKey) ?? 0) - (order.get(y.scaleKey) ?? 0));
      return { result: this.toObject(existing, instrument, scores.map((sc) => ({ ...sc, note: null })), true), record: null };
    }
    this.requireOpen(a);
    checkAnswers(instrument.definition, answers, true);
    const scores = scoreInstrument(instrument.definition, answers);
    const now = this.clock.now();
    const response: SurveyResponseRow = {
      clinic_id: a.clinicId,
      id: randomUUID(),
      assignment_id: a.id,
      client_id: a.clientId,
      instrument_version_id: instrument.id,
      time_point: a.timePoint,
      answers,
      source,
      idempotency_key: idempotencyKey,
      payload_hash: hash,
      submitted_at: now,
      entered_by: source === 'STAFF_ENTERED' ? (actor?.accountId ?? null) : null,
    };
    const scoreRows = scores.map((sc) => ({
      clinic_id: a.clinicId,
      response_id: response.id,
      scale_key: sc.scaleKey,
      client_id: a.clientId,
      instrument_key: instrument.key,
      time_point: a.timePoint,
      score: sc.score,
      answered_items: sc.answeredItems,
      missing_items: sc.missingItems,
    }));
    // One response per link: completion (set by submission_record) is what makes a second
    // submission a CONFLICT. The hash stays so that a retry after a lost reply still finds its result.
    const audit = this.audit.row(actor, {
      action: 'RESPONSE_SUBMITTED',
      clinicId: a.clinicId,
      targetType: 'survey_assignment',
      targetId: a.id,
      details: { source, instrument: instrument.key, timePoint: a.timePoint },
    });
    return {
      result: this.toObject({ id: response.id, assignmentId: a.id, timePoint: a.timePoint, source, submittedAt: now, answers }, instrument, scores, false),
      record: { clinic: a.clinicId, response, scores: scoreRows, audit },
    };
  }

  async forAssignment(actor: Principal & { clinicId: string }, assignmentId: string): Promise<SurveyResponseObject | null> {
    return this.db.tx(this.db.scopeOf(actor), async (m) => {
      const a = await this.surveys.staffLoad(m, actor, assignmentId, false);
      const r = await m.findOneBy(SurveyResponse, { clinicId: a.clinicId, assignmentId: a.id });
      if (!r) return null;
      const scores = await m.find(ScaleScoreRow, { where: { clinicId: a.clinicId, responseId: r.id } });
      await this.audit.record(m, actor, { action: 'RESPONSE_READ', targetType: 'survey_assignment', targetId: a.id });
      return this.toObject(r, await this.instruments.get(r.instrumentVersionId, m), scores.map((s) => ({ ...s, note: null })), false);
    });
  }

  private toObject(
    r: Pick<SurveyResponse, 'id' | 'assignmentId' | 'timePoint' | 'source' | 'submittedAt' | 'answers'>,
    instrument: InstrumentVersion,
    scores: readonly { scaleKey: string; score: number | null; answeredItems: number; missingItems: number; note: string | null }[],
    replayed: boolean,
  ): SurveyResponseObject {
    return {
      id: r.id,
      assignmentId: r.assignmentId,
      timePoint: r.timePoint,
      instrumentKey: instrument.key,
      instrumentVersion: instrument.version,
      source: r.source,
      submittedAt: r.submittedAt,
      replayed,
      answers: instrument.definition.items.filter((i) => i.code in r.answers).map((i) => ({ itemCode: i.code, value: r.answers[i.code] ?? null })),
      scores: scores.map((s) => ({ scaleKey: s.scaleKey, score: s.score, answeredItems: s.answeredItems, missingItems: s.missingItems, note: s.note })),
    };
  }
}
