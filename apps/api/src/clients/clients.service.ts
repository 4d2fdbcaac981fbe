import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { requireSameClinic } from '../common/access.js';
import { badInput, conflict } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { contactAad, ContactCipher, type ContactDetails } from '../common/contact-cipher.js';
import type { Principal } from '../common/principal.js';
import { ConsentService } from '../consent/consent.service.js';
import { Db } from '../database/db.service.js';
import { SurveysService } from '../surveys/surveys.service.js';
import { Client } from './client.entity.js';
import type { ClientsArgs } from './dto/clients.args.js';
import type { EnrolClientInput } from './dto/enrol-client.input.js';

type Staff = Principal & { clinicId: string };

@Injectable()
export class ClientsService {
  constructor(
    private readonly db: Db,
    private readonly consent: ConsentService,
    private readonly surveys: SurveysService,
    private readonly audit: AuditService,
    private readonly cipher: ContactCipher,
    private readonly clock: Clock,
  ) {}

  /** Client, consents and BASELINE assignments in one transaction. */
  async enrol(actor: Staff, input: EnrolClientInput): Promise<Client> {
    const now = this.clock.now();
    const scopes = input.consents.map((c) => c.scope);
    if (!scopes.includes('CARE')) throw badInput('CARE_CONSENT_REQUIRED', 'A CARE consent is required to enrol a client', 'consents');
    if (new Set(scopes).size !== scopes.length) throw badInput('DUPLICATE_CONSENT_SCOPE', 'Each consent scope may be given once', 'consents');
    if (input.birthYear > now.getUTCFullYear() - 16) {
      throw badInput('TOO_YOUNG', `birthYear must be ${now.getUTCFullYear() - 16} or earlier (clients are at least 16)`, 'birthYear');
    }
    if (input.norwoodGrade != null && input.ludwigGrade != null) {
      throw badInput('ONE_GRADE_ONLY', 'Give either a Norwood or a Ludwig grade, not both', 'ludwigGrade');
    }
    if (input.priorTreatments.includes('NONE') && input.priorTreatments.length > 1) {
      throw badInput('NONE_WITH_OTHERS', 'NONE cannot be combined with other prior treatments', 'priorTreatments');
    }
    return this.db.tx(this.db.scopeOf(actor), async (m) => {
      if (await m.existsBy(Client, { clinicId: actor.clinicId, studyCode: input.studyCode })) {
        throw conflict('STUDY_CODE_TAKEN', 'This study code is already used in the clinic', 'studyCode');
      }
      const id = randomUUID();
      const contact: ContactDetails = { email: input.email ?? null, phone: input.phone ?? null };
      const sealed = contact.email || contact.phone ? this.cipher.seal(contact, contactAad(actor.clinicId, id)) : null;
      const client: Client = {
        clinicId: actor.clinicId,
        id,
        studyCode: input.studyCode,
        contactCiphertext: sealed?.ciphertext ?? null,
        contactKeyId: sealed?.keyId ?? null,
        language: input.language ?? 'en',
        birthYear: input.birthYear,
        sex: input.sex,
        hairLossType: input.hairLossType,
        norwoodGrade: input.norwoodGrade ?? null,
        ludwigGrade: input.ludwigGrade ?? null,
        fitzpatrickType: input.fitzpatrickType,
        priorTreatments: input.priorTreatments,
        enrolledAt: now,
        enrolledBy: actor.accountId,
      };
      await m.insert(Client, client);
      for (const c of input.consents) await this.consent.grant(m, actor, id, c.scope, c.version);
      await this.surveys.scheduleBaseline(m, actor.clinicId, id, now);
      await this.audit.record(m, actor, { action: 'CLIENT_ENROLLED', targetType: 'client', targetId: id });
      return client;
    });
  }

  async get(actor: Staff, id: string): Promise<Client> {
    return this.db.tx(this.db.scopeOf(actor), async (m) => {
      const client = requireSameClinic(await m.findOneBy(Client, { clinicId: actor.clinicId, id }), actor, 'Client', 'id');
      await this.audit.record(m, actor, { action: 'CLIENT_READ', targetType: 'client', targetId: id });
      return client;
    });
  }

  async list(actor: Staff, args: ClientsArgs): Promise<{ items: Client[]; totalCount: number }> {
    return this.db.tx(this.db.scopeOf(actor), async (m) => {
      const q = m.getRepository(Client).createQueryBuilder('c').where('c.clinic_id = :clinicId', { clinicId: actor.clinicId });
      if (args.studyCodePrefix) q.andWhere('c.study_code LIKE :prefix', { prefix: `${args.studyCodePrefix.replace(/[_%\\]/g, '\\$&')}%` });
      const [items, totalCount] = await q.orderBy('c.study_code').skip(args.offset).take(args.first).getManyAndCount();
      await this.audit.record(m, actor, { action: 'CLIENT_LIST_READ', targetType: 'client', details: { count: items.length } });
      return { items, totalCount };
    });
  }

  /**
   * Erasure (GDPR Art. 17): the client row and, by cascade, consents, treatment, surveys, answers
   * and scores go in one transaction. The audit event keeps that it happened, with counts only.
   */
  async erase(actor: Staff, id: string): Promise<{ clientId: string; erasedAt: Date }> {
    return this.db.tx(this.db.scopeOf(actor), async (m) => {
      requireSameClinic(await m.findOneBy(Client, { clinicId: actor.clinicId, id }), actor, 'Client', 'id');
      const [counts] = await m.query(
        `SELECT (SELECT count(*) FROM survey_response WHERE clinic_id = $1 AND client_id = $2)::int AS responses,
                (SELECT count(*) FROM survey_assignment WHERE clinic_id = $1 AND client_id = $2)::int AS assignments`,
        [actor.clinicId, id],
      );
      await m.delete(Client, { clinicId: actor.clinicId, id });
      const erasedAt = this.clock.now();
      await this.audit.record(m, actor, { action: 'ERASURE', targetType: 'client', targetId: id, details: counts });
      return { clientId: id, erasedAt };
    });
  }

  contactOf(c: Client): ContactDetails {
    if (!c.contactCiphertext || !c.contactKeyId) return {};
    return this.cipher.open({ ciphertext: c.contactCiphertext, keyId: c.contactKeyId }, contactAad(c.clinicId, c.id));
  }
}
