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

// Written with the caller's transaction manager, so the trail commits or rolls back with the change.
@Injectable()
export class AuditService {
  constructor(private readonly clock: Clock) {}

  async record(m: EntityManager, actor: Principal | null, e: AuditEntry): Promise<void> {
    await m.insert(AuditEvent, {
      occurredAt: this.clock.now(),
      actorId: actor?.accountId ?? null,
      actorRole: actor?.role ?? 'ANONYMOUS',
      clinicId: e.clinicId === undefined ? (actor?.clinicId ?? null) : e.clinicId,
      action: e.action,
      targetType: e.targetType ?? null,
      targetId: e.targetId ?? null,
      outcome: e.outcome ?? 'SUCCESS',
      details: (e.details ?? {}) as AuditEvent['details'] & object,
    });
  }
}
