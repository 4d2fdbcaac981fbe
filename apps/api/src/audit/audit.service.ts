import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import type { Principal } from '../common/principal.js';
import { AuditEvent, type AuditOutcome } from './audit-event.entity.js';

export interface AuditEntry {
  readonly action: string;
  readonly targetType?: string;
  readonly targetId?: string;
  readonly clinicId?: string | null;
  readonly outcome?: AuditOutcome;
  /** Never personal data: ids, counts, codes only. */
  readonly details?: Record<string, unknown>;
}

/** An event as a row of audit_event (column names), without the generated id. */
export interface AuditEventRow {
  occurred_at: Date;
  actor_id: string | null;
  actor_role: string | null;
  clinic_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  outcome: AuditOutcome;
  details: Record<string, unknown>;
}

// Written with the caller's transaction manager, so the trail commits or rolls back with the change.
@Injectable()
export class AuditService {
  constructor(private readonly clock: Clock) {}

  async record(m: EntityManager, actor: Principal | null, e: AuditEntry): Promise<void> {
    const v = this.event(actor, e);
    await m.insert(AuditEvent, { ...v, details: v.details as AuditEvent['details'] & object });
  }

  /** The same event as a row of audit_event, for a statement that writes it itself (submission_record). */
  row(actor: Principal | null, e: AuditEntry): AuditEventRow {
    const v = this.event(actor, e);
    return {
      occurred_at: v.occurredAt,
      actor_id: v.actorId,
      actor_role: v.actorRole,
      clinic_id: v.clinicId,
      action: v.action,
      target_type: v.targetType,
      target_id: v.targetId,
      outcome: v.outcome,
      details: v.details,
    };
  }

  private event(actor: Principal | null, e: AuditEntry): Omit<AuditEvent, 'id'> {
    return {
      occurredAt: this.clock.now(),
      actorId: actor?.accountId ?? null,
      actorRole: actor?.role ?? 'ANONYMOUS',
      clinicId: e.clinicId === undefined ? (actor?.clinicId ?? null) : e.clinicId,
      action: e.action,
      targetType: e.targetType ?? null,
      targetId: e.targetId ?? null,
      outcome: e.outcome ?? 'SUCCESS',
      details: e.details ?? {},
    };
  }
}
