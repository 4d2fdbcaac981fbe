import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { IsNull, type EntityManager } from 'typeorm';
import type { ConsentScope } from '../../../../libs/domain/src/index.js';
import { AuditService } from '../audit/audit.service.js';
import { requireSameClinic } from '../common/access.js';
import { conflict } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import type { Principal } from '../common/principal.js';
import { Client } from '../clients/client.entity.js';
import { Db } from '../database/db.service.js';
import { Consent } from './consent.entity.js';

@Injectable()
export class ConsentService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Inside the caller's transaction (enrolment records consents with the client). */
  async grant(m: EntityManager, actor: Principal & { clinicId: string }, clientId: string, scope: ConsentScope, version: string): Promise<Consent> {
    const current = await m.findOneBy(Consent, { clinicId: actor.clinicId, clientId, scope, withdrawnAt: IsNull() });
    if (current) throw conflict('CONSENT_ALREADY_GIVEN', `The client already has a current ${scope} consent (version ${current.version})`, 'scope');
    const consent: Consent = {
      clinicId: actor.clinicId,
      id: randomUUID(),
      clientId,
      scope,
      version,
      grantedAt: this.clock.now(),
      withdrawnAt: null,
      recordedBy: actor.accountId,
    };
    await m.insert(Consent, consent);
    await this.audit.record(m, actor, { action: 'CONSENT_GRANTED', targetType: 'client', targetId: clientId, details: { scope, version } });
    return consent;
  }

  record(actor: Principal & { clinicId: string }, clientId: string, scope: ConsentScope, version: string): Promise<Consent> {
    return this.db.tx(this.db.scopeOf(actor), async (m) => {
      requireSameClinic(await m.findOneBy(Client, { clinicId: actor.clinicId, id: clientId }), actor, 'Client', 'clientId');
      return this.grant(m, actor, clientId, scope, version);
    });
  }

  /** From now on the client's data leaves every new research report (RESEARCH) or clinic use (CARE). */
  withdraw(actor: Principal & { clinicId: string }, clientId: string, scope: ConsentScope): Promise<Consent> {
    return this.db.tx(this.db.scopeOf(actor), async (m) => {
      requireSameClinic(await m.findOneBy(Client, { clinicId: actor.clinicId, id: clientId }), actor, 'Client', 'clientId');
      const current = await m.findOneBy(Consent, { clinicId: actor.clinicId, clientId, scope, withdrawnAt: IsNull() });
      if (!current) throw conflict('NO_CURRENT_CONSENT', `The client has no current ${scope} consent to withdraw`, 'scope');
      const withdrawnAt = this.clock.now();
      await m.update(Consent, { clinicId: current.clinicId, id: current.id }, { withdrawnAt });
      await this.audit.record(m, actor, { action: 'CONSENT_WITHDRAWN', targetType: 'client', targetId: clientId, details: { scope, version: current.version } });
      return { ...current, withdrawnAt };
    });
  }

  async forClients(actor: Principal & { clinicId: string }, clientIds: readonly string[]): Promise<Map<string, Consent[]>> {
    const rows = await this.db.tx(this.db.scopeOf(actor), (m) =>
      m
        .getRepository(Consent)
        .createQueryBuilder('c')
        .where('c.clinic_id = :clinicId AND c.client_id = ANY(:ids)', { clinicId: actor.clinicId, ids: [...clientIds] })
        .orderBy('c.granted_at', 'ASC')
        .getMany(),
    );
    const by = new Map<string, Consent[]>();
    for (const r of rows) by.set(r.clientId, [...(by.get(r.clientId) ?? []), r]);
    return by;
  }
}
