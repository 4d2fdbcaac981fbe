import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { conflict, notFound } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import type { Principal } from '../common/principal.js';
import { Db } from '../database/db.service.js';
import { Clinic } from './clinic.entity.js';
import type { CreateClinicInput } from './dto/create-clinic.input.js';

@Injectable()
export class ClinicsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  create(actor: Principal, input: CreateClinicInput): Promise<Clinic> {
    return this.db.tx(this.db.scopeOf(actor), async (m) => {
      const taken = await m.getRepository(Clinic).createQueryBuilder('c').where('lower(c.name) = lower(:name)', { name: input.name }).getExists();
      if (taken) throw conflict('CLINIC_NAME_TAKEN', 'A clinic with this name already exists', 'name');
      const clinic: Clinic = { id: randomUUID(), name: input.name, country: input.country.toUpperCase(), timeZone: input.timeZone, createdAt: this.clock.now() };
      await m.insert(Clinic, clinic);
      await this.audit.record(m, actor, { action: 'CLINIC_CREATED', targetType: 'clinic', targetId: clinic.id, clinicId: clinic.id });
      return clinic;
    });
  }

  /** Administrators see every clinic, clinic staff only their own. */
  list(actor: Principal): Promise<Clinic[]> {
    return this.db.tx(this.db.scopeOf(actor), (m) =>
      m.find(Clinic, { where: actor.role === 'ADMIN' ? {} : { id: actor.clinicId ?? '00000000-0000-0000-0000-000000000000' }, order: { name: 'ASC' }, take: 1000 }),
    );
  }

  async get(actor: Principal, id: string): Promise<Clinic> {
    if (actor.role !== 'ADMIN' && actor.clinicId !== id) throw notFound('Clinic', 'id');
    const clinic = await this.db.tx(this.db.scopeOf(actor), (m) => m.findOneBy(Clinic, { id }));
    if (!clinic) throw notFound('Clinic', 'id');
    return clinic;
  }
}
