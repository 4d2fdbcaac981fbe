import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { AppError, badInput, conflict, notFound } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import type { Principal } from '../common/principal.js';
import { Clinic } from '../clinics/clinic.entity.js';
import { Db } from '../database/db.service.js';
import { AuthTokens } from './auth-tokens.service.js';
import type { CreateStaffAccountInput } from './dto/create-staff-account.input.js';
import { PasswordHasher } from './password-hasher.js';
import { StaffAccount } from './staff-account.entity.js';

const SYSTEM = { clinicId: null, role: 'SYSTEM' } as const;

@Injectable()
export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly tokens: AuthTokens,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async login(email: string, password: string, ip: string) {
    const account = await this.db.tx(SYSTEM, (m) =>
      m.getRepository(StaffAccount).createQueryBuilder('a').where('lower(a.email) = lower(:email)', { email }).getOne(),
    );
    const ok = await this.hasher.verify(account?.passwordHash ?? null, password);
    if (!account || !ok || !account.active) {
      await this.db.tx(SYSTEM, (m) =>
        this.audit.record(m, null, { action: 'LOGIN', targetType: 'staff_account', targetId: account?.id, clinicId: account?.clinicId ?? null, outcome: 'DENIED', details: { ip } }),
      );
      // One message for unknown e-mail, wrong password and disabled account.
      throw new AppError('UNAUTHENTICATED', 'INVALID_CREDENTIALS', 'Invalid e-mail or password');
    }
    const principal: Principal = { accountId: account.id, role: account.role, clinicId: account.clinicId };
    await this.db.tx(SYSTEM, (m) =>
      this.audit.record(m, principal, { action: 'LOGIN', targetType: 'staff_account', targetId: account.id, details: { ip } }),
    );
    const { token, expiresAt } = this.tokens.issue(principal);
    return { accessToken: token, expiresAt, account };
  }

  async createStaffAccount(actor: Principal, input: CreateStaffAccountInput): Promise<StaffAccount> {
    if (input.role === 'CLINIC_STAFF' && !input.clinicId) {
      throw badInput('CLINIC_REQUIRED', 'clinicId is required for CLINIC_STAFF accounts', 'clinicId');
    }
    if (input.role !== 'CLINIC_STAFF' && input.clinicId) {
      throw badInput('CLINIC_NOT_ALLOWED', `clinicId must be empty for ${input.role} accounts`, 'clinicId');
    }
    const passwordHash = await this.hasher.hash(input.password);
    return this.db.tx(this.db.scopeOf(actor), async (m) => {
      if (input.clinicId && !(await m.existsBy(Clinic, { id: input.clinicId }))) throw notFound('Clinic', 'clinicId');
      const taken = await m
        .getRepository(StaffAccount)
        .createQueryBuilder('a')
        .where('lower(a.email) = lower(:email)', { email: input.email })
        .getExists();
      if (taken) throw conflict('EMAIL_TAKEN', 'An account with this e-mail already exists', 'email');
      const account: StaffAccount = {
        id: randomUUID(),
        email: input.email,
        passwordHash,
        role: input.role,
        clinicId: input.clinicId ?? null,
        displayName: input.displayName,
        pseudonym: `P-${randomBytes(4).toString('hex').toUpperCase()}`,
        active: true,
        createdAt: this.clock.now(),
      };
      await m.insert(StaffAccount, account);
      await this.audit.record(m, actor, { action: 'STAFF_ACCOUNT_CREATED', targetType: 'staff_account', targetId: account.id, clinicId: account.clinicId, details: { role: account.role } });
      return account;
    });
  }

  /** The first administrator of an installation (CLI and demo seed); refuses when one exists. */
  async bootstrapAdmin(email: string, password: string, displayName: string): Promise<StaffAccount> {
    const passwordHash = await this.hasher.hash(password);
    return this.db.tx(SYSTEM, async (m) => {
      if (await m.existsBy(StaffAccount, { role: 'ADMIN' })) throw conflict('ADMIN_EXISTS', 'An administrator already exists');
      const account: StaffAccount = {
        id: randomUUID(),
        email,
        passwordHash,
        role: 'ADMIN',
        clinicId: null,
        displayName,
        pseudonym: `P-${randomBytes(4).toString('hex').toUpperCase()}`,
        active: true,
        createdAt: this.clock.now(),
      };
      await m.insert(StaffAccount, account);
      await this.audit.record(m, null, { action: 'ADMIN_BOOTSTRAPPED', targetType: 'staff_account', targetId: account.id });
      return account;
    });
  }

  findAccount(id: string): Promise<StaffAccount | null> {
    return this.db.tx(SYSTEM, (m) => m.findOneBy(StaffAccount, { id }));
  }

  async listAccounts(actor: Principal, clinicId: string | undefined): Promise<StaffAccount[]> {
    return this.db.tx(this.db.scopeOf(actor), (m) =>
      m.find(StaffAccount, { where: clinicId ? { clinicId } : {}, order: { createdAt: 'ASC' }, take: 500 }),
    );
  }

  /** The principal of a bearer token, if the token is valid and the account is still active. */
  async principalFromBearer(header: string | undefined): Promise<Principal | null | 'INVALID'> {
    if (!header) return null;
    const match = /^Bearer ([A-Za-z0-9_\-.]{10,4096})$/.exec(header);
    if (!match) return 'INVALID';
    const p = this.tokens.verify(match[1]!);
    if (!p) return 'INVALID';
    const account = await this.findAccount(p.accountId);
    if (!account || !account.active || account.role !== p.role || account.clinicId !== p.clinicId) return 'INVALID';
    return p;
  }
}
