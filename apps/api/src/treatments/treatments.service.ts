import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { formatIsoDate } from '../../../../libs/domain/src/index.js';
import { AuditService } from '../audit/audit.service.js';
import { StaffAccount } from '../auth/staff-account.entity.js';
import { requireSameClinic } from '../common/access.js';
import { badInput, conflict, notFound } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import type { Principal } from '../common/principal.js';
import { Client } from '../clients/client.entity.js';
import { Db } from '../database/db.service.js';
import { SurveysService } from '../surveys/surveys.service.js';
import { AdverseEvent } from './adverse-event.entity.js';
import type { TreatmentCourseObject } from './dto/treatment.object.js';
import type { RecordAdverseEventInput, RecordTreatmentSessionInput, UpdateTreatmentCourseInput } from './dto/treatment.inputs.js';
import { TreatmentCourse } from './treatment-course.entity.js';
import { TreatmentSession } from './treatment-session.entity.js';

type Staff = Principal & { clinicId: string };

@Injectable()
export class TreatmentsService {
  constructor(
    private readonly db: Db,
    private readonly surveys: SurveysService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private async courseFor(m: EntityManager, actor: Staff, clientId: string): Promise<TreatmentCourse> {
    requireSameClinic(await m.findOneBy(Client, { clinicId: actor.clinicId, id: clientId }), actor, 'Client', 'clientId');
    const existing = await m.findOne(TreatmentCourse, { where: { clinicId: actor.clinicId, clientId }, lock: { mode: 'pessimistic_write' } });
    if (existing) return existing;
    const course: TreatmentCourse = {
      clinicId: actor.clinicId,
      id: randomUUID(),
      clientId,
      priceBand: 'UNDISCLOSED',
      insuranceCoverage: 'UNKNOWN',
      pigmentShade: null,
      firstSessionDate: null,
      finalSessionDate: null,
      createdAt: this.clock.now(),
    };
    await m.insert(TreatmentCourse, course);
    return course;
  }

  private notInFuture(date: string, field: string): void {
    if (date > formatIsoDate(this.clock.now())) throw badInput('DATE_IN_FUTURE', `${field} must not be in the future`, field);
  }

  async updateCourse(actor: Staff, input: UpdateTreatmentCourseInput): Promise<TreatmentCourseObject> {
    await this.db.tx(this.db.scopeOf(actor), async (m) => {
      const course = await this.courseFor(m, actor, input.clientId);
      const patch: Partial<TreatmentCourse> = {};
      if (input.priceBand) patch.priceBand = input.priceBand;
      if (input.insuranceCoverage) patch.insuranceCoverage = input.insuranceCoverage;
      if (input.pigmentShade) patch.pigmentShade = input.pigmentShade;
      if (Object.keys(patch).length > 0) await m.update(TreatmentCourse, { clinicId: course.clinicId, id: course.id }, patch);
      await this.audit.record(m, actor, { action: 'TREATMENT_COURSE_UPDATED', targetType: 'client', targetId: input.clientId });
    });
    return (await this.forClients(actor, [input.clientId])).get(input.clientId)!;
  }

  /**
   * Rules: the earliest TREATMENT session closes the baseline window; the session marked final
   * anchors the follow-ups (once); TOUCH_UP sessions come after the final one and move nothing.
   */
  async recordSession(actor: Staff, input: RecordTreatmentSessionInput): Promise<TreatmentCourseObject> {
    this.notInFuture(input.sessionDate, 'sessionDate');
    if (input.isFinal && input.kind !== 'TREATMENT') throw badInput('TOUCH_UP_CANNOT_BE_FINAL', 'Only a TREATMENT session can be the final one', 'isFinal');
    await this.db.tx(this.db.scopeOf(actor), async (m) => {
      const course = await this.courseFor(m, actor, input.clientId);
      if (input.practitionerId) {
        const practitioner = await m.findOneBy(StaffAccount, { id: input.practitionerId, clinicId: actor.clinicId });
        if (!practitioner) throw notFound('Practitioner', 'practitionerId');
      }
      const final = course.finalSessionDate;
      if (input.kind === 'TOUCH_UP') {
        if (!final) throw badInput('TOUCH_UP_BEFORE_FINAL', 'A touch-up comes after the final session; record a TREATMENT session instead', 'kind');
        if (input.sessionDate < final) throw badInput('TOUCH_UP_BEFORE_FINAL', 'A touch-up cannot be dated before the final session', 'sessionDate');
      } else {
        if (final && input.isFinal) throw conflict('FINAL_SESSION_RECORDED', `The final session is already recorded (${final})`, 'isFinal');
        if (final && input.sessionDate > final) {
          throw conflict('FINAL_SESSION_RECORDED', `The course ended with the final session on ${final}; record later work as TOUCH_UP`, 'kind');
        }
        if (input.isFinal) {
          const later = await m
            .getRepository(TreatmentSession)
            .createQueryBuilder('s')
            .where('s.clinic_id = :c AND s.course_id = :id AND s.session_date > :d', { c: course.clinicId, id: course.id, d: input.sessionDate })
            .getExists();
          if (later) throw badInput('FINAL_BEFORE_OTHER_SESSIONS', 'The final session cannot be dated before an earlier-recorded session', 'sessionDate');
        }
      }
      await m.insert(TreatmentSession, {
        clinicId: actor.clinicId,
        id: randomUUID(),
        courseId: course.id,
        sessionDate: input.sessionDate,
        kind: input.kind,
        isFinal: input.isFinal,
        areas: input.areas,
        practitionerId: input.practitionerId ?? null,
        pigmentShade: input.pigmentShade ?? null,
        createdAt: this.clock.now(),
      });
      const patch: Partial<TreatmentCourse> = {};
      if (input.kind === 'TREATMENT' && (!course.firstSessionDate || input.sessionDate < course.firstSessionDate)) {
        patch.firstSessionDate = input.sessionDate;
        await this.surveys.closeBaseline(m, actor.clinicId, input.clientId, input.sessionDate);
      }
      if (input.isFinal) {
        patch.finalSessionDate = input.sessionDate;
        await this.surveys.scheduleFollowUps(m, actor.clinicId, input.clientId, input.sessionDate);
      }
      if (input.pigmentShade && !course.pigmentShade) patch.pigmentShade = input.pigmentShade;
      if (Object.keys(patch).length > 0) await m.update(TreatmentCourse, { clinicId: course.clinicId, id: course.id }, patch);
      await this.audit.record(m, actor, {
        action: 'TREATMENT_SESSION_RECORDED',
        targetType: 'client',
        targetId: input.clientId,
        details: { kind: input.kind, isFinal: input.isFinal },
      });
    });
    return (await this.forClients(actor, [input.clientId])).get(input.clientId)!;
  }

  async recordAdverseEvent(actor: Staff, input: RecordAdverseEventInput): Promise<TreatmentCourseObject> {
    this.notInFuture(input.onsetDate, 'onsetDate');
    await this.db.tx(this.db.scopeOf(actor), async (m) => {
      const course = await this.courseFor(m, actor, input.clientId);
      await m.insert(AdverseEvent, {
        clinicId: actor.clinicId,
        id: randomUUID(),
        courseId: course.id,
        type: input.type,
        onsetDate: input.onsetDate,
        severity: input.severity,
        recordedAt: this.clock.now(),
      });
      await this.audit.record(m, actor, { action: 'ADVERSE_EVENT_RECORDED', targetType: 'client', targetId: input.clientId, details: { type: input.type, severity: input.severity } });
    });
    return (await this.forClients(actor, [input.clientId])).get(input.clientId)!;
  }

  /** Courses with sessions and adverse events for many clients: three queries whatever the count. */
  async forClients(actor: Staff, clientIds: readonly string[]): Promise<Map<string, TreatmentCourseObject | null>> {
    return this.db.tx(this.db.scopeOf(actor), async (m) => {
      const courses = await m.find(TreatmentCourse, { where: { clinicId: actor.clinicId, clientId: In([...clientIds]) } });
      const courseIds = courses.map((c) => c.id);
      const [sessions, events] = courseIds.length
        ? await Promise.all([
            m.find(TreatmentSession, { where: { clinicId: actor.clinicId, courseId: In(courseIds) }, order: { sessionDate: 'ASC', createdAt: 'ASC' } }),
            m.find(AdverseEvent, { where: { clinicId: actor.clinicId, courseId: In(courseIds) }, order: { onsetDate: 'ASC' } }),
          ])
        : [[], []];
      const practitionerIds = [...new Set(sessions.map((s) => s.practitionerId).filter((x): x is string => !!x))];
      const practitioners = practitionerIds.length ? await m.find(StaffAccount, { where: { id: In(practitionerIds) } }) : [];
      const pseudonym = new Map(practitioners.map((p) => [p.id, p.pseudonym]));
      const out = new Map<string, TreatmentCourseObject | null>();
      for (const c of courses) {
        out.set(c.clientId, {
          id: c.id,
          clientId: c.clientId,
          priceBand: c.priceBand,
          insuranceCoverage: c.insuranceCoverage,
          pigmentShade: c.pigmentShade,
          firstSessionDate: c.firstSessionDate,
          finalSessionDate: c.finalSessionDate,
          sessions: sessions
            .filter((s) => s.courseId === c.id)
            .map((s) => ({
              id: s.id,
              sessionDate: s.sessionDate,
              kind: s.kind,
              isFinal: s.isFinal,
              areas: s.areas,
              practitioner: s.practitionerId ? (pseudonym.get(s.practitionerId) ?? null) : null,
              pigmentShade: s.pigmentShade,
            })),
          adverseEvents: events
            .filter((e) => e.courseId === c.id)
            .map((e) => ({ id: e.id, type: e.type, onsetDate: e.onsetDate, severity: e.severity })),
        });
      }
      return out;
    });
  }
}
