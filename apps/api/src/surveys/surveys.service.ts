import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  assignmentStatus,
  baselineWindow,
  followUpWindow,
  parseIsoDate,
  type AssignmentStatus,
  type TimePoint,
} from '../../../../libs/domain/src/index.js';
import { AuditService } from '../audit/audit.service.js';
import { requireSameClinic } from '../common/access.js';
import { conflict, notFound } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { hashLinkToken, isWellFormedLinkToken, newLinkToken } from '../common/link-token.js';
import type { Principal } from '../common/principal.js';
import { AppConfig } from '../config/app-config.js';
import { Db, type BatchedTx } from '../database/db.service.js';
import { InstrumentsService } from '../instruments/instruments.service.js';
import { openForStaffSql, toSubmissionTarget, type SubmissionTarget } from '../responses/submission-sql.js';
import { toSurveyAssignmentObject, type SurveyAssignmentObject, type SurveyLink } from './dto/survey-assignment.object.js';
import type { SurveyAssignmentsArgs } from './dto/survey-assignments.args.js';
import { Protocol, ProtocolEntry } from './protocol.entity.js';
import { SurveyAssignment } from './survey-assignment.entity.js';

const FOLLOW_UPS = ['MONTH_1', 'MONTH_3', 'MONTH_6', 'MONTH_12'] as const;

// The same rule as assignmentStatus() in libs/domain, as SQL, so lists can filter on it. A test
// checks the two agree.
export const STATUS_SQL = (alias: string, nowParam: string) => `CASE
  WHEN ${alias}.completed_at IS NOT NULL THEN 'COMPLETED'
  WHEN ${alias}.cancelled_at IS NOT NULL THEN 'CANCELLED'
  WHEN ${nowParam} < ${alias}.opens_at THEN 'SCHEDULED'
  WHEN ${alias}.closes_at IS NOT NULL AND ${nowParam} >= ${alias}.closes_at THEN 'EXPIRED'
  ELSE 'OPEN' END`;

@Injectable()
export class SurveysService {
  constructor(
    private readonly db: Db,
    private readonly instruments: InstrumentsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  private async activeProtocol(m: EntityManager): Promise<Protocol> {
    const p = await m.findOneBy(Protocol, { active: true });
    if (!p) throw new Error('no active protocol'); // a migration publishes one; its absence is a bug
    return p;
  }

  private async entries(m: EntityManager, protocolId: string, timePoint: TimePoint): Promise<ProtocolEntry[]> {
    return m.find(ProtocolEntry, { where: { protocolId, timePoint }, order: { position: 'ASC' } });
  }

  /** Enrolment: the BASELINE instruments of the active protocol, open from now. */
  async scheduleBaseline(m: EntityManager, clinicId: string, clientId: string, enrolledAt: Date): Promise<void> {
    const protocol = await this.activeProtocol(m);
    const window = baselineWindow(enrolledAt, null);
    const rows = (await this.entries(m, protocol.id, 'BASELINE')).map((e) =>
      this.newAssignment(clinicId, clientId, protocol.id, e.instrumentVersionId, 'BASELINE', window.dueAt, window.opensAt, window.closesAt),
    );
    if (rows.length > 0) await m.insert(SurveyAssignment, rows);
  }

  /** The first session closes the baseline window at the start of that day. */
  async closeBaseline(m: EntityManager, clinicId: string, clientId: string, firstSessionDate: string): Promise<void> {
    const day = parseIsoDate(firstSessionDate);
    // The rows locked first, in token-hash order: a group of survey-link submissions locks its
    // assignments in that order too (ResponsesService.submitLinks), so that the two never wait on
    // each other in a cycle when the client submits two baseline surveys at this very moment.
    await m.query(
      `SELECT 1 FROM survey_assignment WHERE clinic_id = $1 AND client_id = $2 AND time_point = 'BASELINE' AND completed_at IS NULL
        ORDER BY token_hash NULLS LAST FOR UPDATE`,
      [clinicId, clientId],
    );
    await m
      .createQueryBuilder()
      .update(SurveyAssignment)
      .set({ closesAt: day, dueAt: day })
      .where('clinic_id = :clinicId AND client_id = :clientId AND time_point = :tp AND completed_at IS NULL', {
        clinicId,
        clientId,
        tp: 'BASELINE',
      })
      // A baseline opened after the session day would have an inverted window: close it at opening.
      .andWhere('opens_at <= :day', { day })
      .execute();
    await m
      .createQueryBuilder()
      .update(SurveyAssignment)
      .set({ closesAt: () => 'opens_at', dueAt: day })
      .where('clinic_id = :clinicId AND client_id = :clientId AND time_point = :tp AND completed_at IS NULL AND opens_at > :day', {
        clinicId,
        clientId,
        tp: 'BASELINE',
        day,
      })
      .execute();
  }

  /** The final session anchors MONTH_1/3/6/12 (protocol of the client's baseline, else the active one). */
  async scheduleFollowUps(m: EntityManager, clinicId: string, clientId: string, finalSessionDate: string): Promise<void> {
    const baseline = await m.findOne(SurveyAssignment, { where: { clinicId, clientId, timePoint: 'BASELINE' } });
    const protocolId = baseline?.protocolId ?? (await this.activeProtocol(m)).id;
    const anchor = parseIsoDate(finalSessionDate);
    const rows: SurveyAssignment[] = [];
    for (const tp of FOLLOW_UPS) {
      const w = followUpWindow(anchor, tp);
      for (const e of await this.entries(m, protocolId, tp)) {
        rows.push(this.newAssignment(clinicId, clientId, protocolId, e.instrumentVersionId, tp, w.dueAt, w.opensAt, w.closesAt));
      }
    }
    if (rows.length > 0) await m.insert(SurveyAssignment, rows);
  }

  private newAssignment(
    clinicId: string,
    clientId: string,
    protocolId: string,
    instrumentVersionId: string,
    timePoint: TimePoint,
    dueAt: Date | null,
    opensAt: Date,
    closesAt: Date | null,
  ): SurveyAssignment {
    return {
      clinicId,
      id: randomUUID(),
      clientId,
      protocolId,
      instrumentVersionId,
      timePoint,
      dueAt,
      opensAt,
      closesAt,
      completedAt: null,
      cancelledAt: null,
      tokenHash: null,
      tokenIssuedAt: null,
      draftAnswers: null,
      draftSavedAt: null,
      createdAt: this.clock.now(),
    };
  }

  async toObjects(rows: SurveyAssignment[]): Promise<SurveyAssignmentObject[]> {
    const now = this.clock.now();
    const out: SurveyAssignmentObject[] = [];
    for (const a of rows) out.push(toSurveyAssignmentObject(a, await this.instruments.get(a.instrumentVersionId), now));
    return out;
  }

  /** Assignments of many clients at once (field resolver batching). */
  async forClients(actor: Principal & { clinicId: string }, clientIds: readonly string[]): Promise<Map<string, SurveyAssignment[]>> {
    const rows = await this.db.tx(this.db.scopeOf(actor), (m) =>
      m
        .getRepository(SurveyAssignment)
        .createQueryBuilder('a')
        .where('a.clinic_id = :clinicId AND a.client_id = ANY(:ids)', { clinicId: actor.clinicId, ids: [...clientIds] })
        .orderBy('a.opens_at', 'ASC')
        .addOrderBy('a.time_point', 'ASC')
        .getMany(),
    );
    const byClient = new Map<string, SurveyAssignment[]>();
    for (const r of rows) byClient.set(r.clientId, [...(byClient.get(r.clientId) ?? []), r]);
    return byClient;
  }

  /** What is due or late across the clinic. */
  async listForClinic(actor: Principal & { clinicId: string }, args: SurveyAssignmentsArgs): Promise<{ items: SurveyAssignmentObject[]; totalCount: number }> {
    const now = this.clock.now();
    const statuses: AssignmentStatus[] = args.lateOnly ? ['OPEN'] : (args.status ?? ['OPEN', 'SCHEDULED']);
    const [rows, totalCount] = await this.db.tx(this.db.scopeOf(actor), (m) => {
      const q = m
        .getRepository(SurveyAssignment)
        .createQueryBuilder('a')
        .where('a.clinic_id = :clinicId', { clinicId: actor.clinicId })
        .andWhere(`(${STATUS_SQL('a', ':now')}) = ANY(:statuses)`, { now, statuses });
      if (args.timePoint?.length) q.andWhere('a.time_point = ANY(:tps)', { tps: args.timePoint });
      if (args.lateOnly) q.andWhere('a.due_at IS NOT NULL AND :now >= a.due_at + interval \'1 day\'', { now });
      return q.orderBy('a.due_at', 'ASC', 'NULLS LAST').addOrderBy('a.id').skip(args.offset).take(args.first).getManyAndCount();
    });
    return { items: await this.toObjects(rows), totalCount };
  }

  private async loadForStaff(m: EntityManager, actor: Principal, id: string, lock = false): Promise<SurveyAssignment> {
    const row = await m.findOne(SurveyAssignment, {
      where: { clinicId: actor.clinicId ?? undefined, id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    return requireSameClinic(row, actor, 'Survey assignment', 'assignmentId');
  }

  /** A fresh link; the previous one stops working (only one hash is kept). */
  async issueLink(actor: Principal & { clinicId: string }, assignmentId: string): Promise<SurveyLink> {
    return this.db.tx(this.db.scopeOf(actor), async (m) => {
      const a = await this.loadForStaff(m, actor, assignmentId, true);
      const status = assignmentStatus(a, this.clock.now());
      if (status !== 'OPEN' && status !== 'SCHEDULED') {
        throw conflict(`ASSIGNMENT_${status}`, `A link can only be issued for an open or scheduled survey (this one is ${status})`, 'assignmentId');
      }
      const { token, hash } = newLinkToken();
      await m.update(SurveyAssignment, { clinicId: a.clinicId, id: a.id }, { tokenHash: hash, tokenIssuedAt: this.clock.now() });
      await this.audit.record(m, actor, { action: 'SURVEY_LINK_ISSUED', targetType: 'survey_assignment', targetId: a.id });
      // Token in the fragment: browsers do not send it to servers or in Referer headers.
      const url = `${this.config.SURVEY_BASE_URL.replace(/\/$/, '')}/survey#${token}`;
      return { assignmentId: a.id, url, token, expiresAt: a.closesAt };
    });
  }

  async revokeLink(actor: Principal & { clinicId: string }, assignmentId: string): Promise<SurveyAssignmentObject> {
    const row = await this.db.tx(this.db.scopeOf(actor), async (m) => {
      const a = await this.loadForStaff(m, actor, assignmentId, true);
      await m.update(SurveyAssignment, { clinicId: a.clinicId, id: a.id }, { tokenHash: null, tokenIssuedAt: null });
      await this.audit.record(m, actor, { action: 'SURVEY_LINK_REVOKED', targetType: 'survey_assignment', targetId: a.id });
      return { ...a, tokenHash: null, tokenIssuedAt: null };
    });
    return (await this.toObjects([row]))[0]!;
  }

  async cancel(actor: Principal & { clinicId: string }, assignmentId: string): Promise<SurveyAssignmentObject> {
    const row = await this.db.tx(this.db.scopeOf(actor), async (m) => {
      const a = await this.loadForStaff(m, actor, assignmentId, true);
      if (a.completedAt) throw conflict('ASSIGNMENT_COMPLETED', 'A completed survey cannot be cancelled', 'assignmentId');
      if (a.cancelledAt) return a;
      const cancelledAt = this.clock.now();
      await m.update(SurveyAssignment, { clinicId: a.clinicId, id: a.id }, { cancelledAt, tokenHash: null, tokenIssuedAt: null });
      await this.audit.record(m, actor, { action: 'SURVEY_CANCELLED', targetType: 'survey_assignment', targetId: a.id });
      return { ...a, cancelledAt, tokenHash: null, tokenIssuedAt: null };
    });
    return (await this.toObjects([row]))[0]!;
  }

  /**
   * The assignment a link token opens, locked for the rest of the transaction. Unknown, malformed
   * and revoked tokens all answer NOT_FOUND; the token is never logged.
   */
  async resolveToken(m: EntityManager, token: string, lock: boolean): Promise<SurveyAssignment> {
    if (!isWellFormedLinkToken(token)) throw notFound('Survey link', 'token');
    const hash = hashLinkToken(token);
    // The link's clinic comes first (a definer function that reveals nothing else); from then on
    // row-level security holds this transaction to that clinic's rows.
    const [{ clinic_id: clinicId }] = await m.query(`SELECT survey_link_clinic($1) AS clinic_id`, [hash]);
    if (!clinicId) throw notFound('Survey link', 'token');
    await this.db.enterClinic(m, clinicId);
    const q = m
      .getRepository(SurveyAssignment)
      .createQueryBuilder('a')
      .where('a.clinic_id = :clinicId AND a.token_hash = :hash', { clinicId, hash });
    if (lock) q.setLock('pessimistic_write');
    const a = await q.getOne();
    if (!a) throw notFound('Survey link', 'token');
    return a;
  }

  staffLoad(m: EntityManager, actor: Principal, id: string, lock: boolean): Promise<SurveyAssignment> {
    return this.loadForStaff(m, actor, id, lock);
  }

  /** staffLoad(…, lock) for a submission, likewise in the first round trip (scope of the staff member). */
  async openForStaffSubmission(tx: BatchedTx, actor: Principal & { clinicId: string }, id: string): Promise<SubmissionTarget> {
    const scope = this.db.scopeOf(actor);
    const [row] = await tx.begin(openForStaffSql(actor.clinicId, scope.role, id));
    const target = row ? toSubmissionTarget(row) : null;
    requireSameClinic(target?.assignment, actor, 'Survey assignment', 'assignmentId');
    return target!;
  }

}
