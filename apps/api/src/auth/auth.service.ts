import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { IsNull, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AppError, badInput, conflict, notFound } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import type { Principal } from '../common/principal.js';
import { Clinic } from '../clinics/clinic.entity.js';
import { AppConfig } from '../config/app-config.js';
import { Db } from '../database/db.service.js';
import { AuthTokens, hashRefreshToken } from './auth-tokens.service.js';
import type { CreateStaffAccountInput } from './dto/create-staff-account.input.js';
import { PasswordHasher } from './password-hasher.js';
import { RefreshToken } from './refresh-token.entity.js';
import { StaffAccount } from './staff-account.entity.js';

const SYSTEM = { clinicId: null, role: 'SYSTEM' } as const;

// Failed logins allowed per account (or unknown e-mail) and per address in the window.
export const LOGIN_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_SUBJECT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

const invalidCredentials = () => new AppError('UNAUTHENTICATED', 'INVALID_CREDENTIALS', 'Invalid e-mail or password');
const invalidSession = () => new AppError('UNAUTHENTICATED', 'INVALID_SESSION', 'The session is not valid; sign in again');

export interface Session {
  accessToken: string;
  expiresAt: Date;
  refreshToken: string;
  account: StaffAccount;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly tokens: AuthTokens,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** The throttle key for an e-mail: keyed hash, so the audit log holds no address. */
  private subjectOf(email: string): string {
    return createHmac('sha256', this.config.JWT_SECRET).update(email.trim().toLowerCase()).digest('hex').slice(0, 32);
  }

  private async recentFailures(m: EntityManager, subject: string, ip: string): Promise<{ subject: number; ip: number }> {
    const now = this.clock.now();
    const since = new Date(now.getTime() - LOGIN_WINDOW_MINUTES * 60_000);
    // The window is [now − 15 min, now]: failures stamped after "now" (a clock set back, or a test
    // clock behind another's) are not in it.
    const [row] = await m.query(
      `SELECT count(*) FILTER (WHERE details->>'subject' = $1)::int AS subject, count(*) FILTER (WHERE details->>'ip' = $2)::int AS ip
         FROM audit_event WHERE action = 'LOGIN' AND outcome = 'DENIED' AND occurred_at >= $3 AND occurred_at <= $4
          AND (details->>'subject' = $1 OR details->>'ip' = $2)`,
      [subject, ip, since, now],
    );
    return row;
  }

  /**
   * One error for unknown e-mail, wrong password and disabled account; every failure is audited
   * and counts towards the per-account and per-address limits (aliases in one request too).
   */
  async login(email: string, password: string, ip: string): Promise<Session> {
    const subject = this.subjectOf(email);
    const { account, failures } = await this.db.tx(SYSTEM, async (m) => ({
      account: await m.getRepository(StaffAccount).createQueryBuilder('a').where('lower(a.email) = lower(:email)', { email }).getOne(),
      failures: await this.recentFailures(m, subject, ip),
    }));
    if (failures.subject >= MAX_FAILURES_PER_SUBJECT || failures.ip >= MAX_FAILURES_PER_ADDRESS) {
      await this.db.tx(SYSTEM, (m) =>
        this.audit.record(m, null, { action: 'LOGIN', targetType: 'staff_account', targetId: account?.id, clinicId: null, outcome: 'DENIED', details: { ip, subject, throttled: true } }),
      );
      throw new AppError('UNAUTHENTICATED', 'TOO_MANY_ATTEMPTS', `Too many failed sign-ins; try again in ${LOGIN_WINDOW_MINUTES} minutes`);
    }
    const ok = await this.hasher.verify(account?.passwordHash ?? null, password);
    if (!account || !ok || !account.active) {
      await this.db.tx(SYSTEM, (m) =>
        this.audit.record(m, null, { action: 'LOGIN', targetType: 'staff_account', targetId: account?.id, clinicId: account?.clinicId ?? null, outcome: 'DENIED', details: { ip, subject } }),
      );
      throw invalidCredentials();
    }
    const principal: Principal = { accountId: account.id, role: account.role, clinicId: account.clinicId };
    const refresh = await this.db.tx(SYSTEM, async (m) => {
      await this.audit.record(m, principal, { action: 'LOGIN', targetType: 'staff_account', targetId: account.id, details: { ip } });
      return this.storeRefreshToken(m, account.id, randomUUID());
    });
    const { token, expiresAt } = this.tokens.issue(principal);
    return { accessToken: token, expiresAt, refreshToken: refresh, account };
  }

  private async storeRefreshToken(m: EntityManager, accountId: string, familyId: string): Promise<string> {
    const { token, hash, expiresAt } = this.tokens.newRefreshToken();
    await m.insert(RefreshToken, { id: randomUUID(), accountId, familyId, tokenHash: hash, issuedAt: this.clock.now(), expiresAt, usedAt: null, revokedAt: null });
    return token;
  }

  /**
   * Rotation: each refresh token works once. Presenting one that was already used means it was
   * copied: the whole family is revoked (RFC 9700 refresh-token rotation).
   */
  async refresh(refreshToken: string): Promise<Session> {
    const now = this.clock.now();
    const outcome = await this.db.tx(SYSTEM, async (m) => {
      const row = await m.findOne(RefreshToken, { where: { tokenHash: hashRefreshToken(refreshToken) }, lock: { mode: 'pessimistic_write' } });
      if (!row || row.revokedAt || row.expiresAt <= now) return { error: 'INVALID' as const };
      if (row.usedAt) {
        await m.update(RefreshToken, { familyId: row.familyId, revokedAt: IsNull() }, { revokedAt: now });
        await this.audit.record(m, null, { action: 'REFRESH_TOKEN_REPLAYED', targetType: 'staff_account', targetId: row.accountId, outcome: 'DENIED' });
        return { error: 'REPLAY' as const };
      }
      const account = await m.findOneBy(StaffAccount, { id: row.accountId });
      if (!account || !account.active) return { error: 'INVALID' as const };
      await m.update(RefreshToken, { id: row.id }, { usedAt: now });
      const next = await this.storeRefreshToken(m, account.id, row.familyId);
      return { account, next };
    });
    if ('error' in outcome) throw invalidSession();
    const principal: Principal = { accountId: outcome.account.id, role: outcome.account.role, clinicId: outcome.account.clinicId };
    const { token, expiresAt } = this.tokens.issue(principal);
    return { accessToken: token, expiresAt, refreshToken: outcome.next, account: outcome.account };
  }

  /** Ends the session the refresh token belongs to (its whole family). */
  async logout(refreshToken: string): Promise<boolean> {
    return this.db.tx(SYSTEM, async (m) => {
      const row = await m.findOneBy(RefreshToken, { tokenHash: hashRefreshToken(refreshToken) });
      if (!row) return false;
      await m.update(RefreshToken, { familyId: row.familyId, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
      await this.audit.record(m, null, { action: 'LOGOUT', targetType: 'staff_account', targetId: row.accountId });
      return true;
    });
  }

  private async revokeAll(m: EntityManager, accountId: string): Promise<void> {
    await m.update(RefreshToken, { accountId, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
  }

  async changePassword(actor: Principal, current: string, next: string): Promise<void> {
    const account = await this.findAccount(actor.accountId);
    if (!account || !(await this.hasher.verify(account.passwordHash, current))) {
      throw new AppError('UNAUTHENTICATED', 'INVALID_CREDENTIALS', 'The current password is not correct', 'currentPassword');
    }
    if (current === next) throw badInput('PASSWORD_UNCHANGED', 'The new password must differ from the current one', 'newPassword');
    const passwordHash = await this.hasher.hash(next);
    await this.db.tx(this.db.scopeOf(actor), async (m) => {
      // Access tokens issued before this second stop working; every refresh token is revoked.
      await m.update(StaffAccount, { id: account.id }, { passwordHash, passwordChangedAt: this.clock.now() });
      await this.revokeAll(m, account.id);
      await this.audit.record(m, actor, { action: 'PASSWORD_CHANGED', targetType: 'staff_account', targetId: account.id });
    });
  }

  async setActive(actor: Principal, accountId: string, active: boolean): Promise<StaffAccount> {
    return this.db.tx(this.db.scopeOf(actor), async (m) => {
      const account = await m.findOneBy(StaffAccount, { id: accountId });
      if (!account) throw notFound('Staff account', 'id');
      if (account.id === actor.accountId && !active) throw conflict('CANNOT_DISABLE_SELF', 'An administrator cannot disable their own account', 'id');
      await m.update(StaffAccount, { id: account.id }, { active });
      if (!active) await this.revokeAll(m, account.id);
      await this.audit.record(m, actor, { action: active ? 'ACCOUNT_ENABLED' : 'ACCOUNT_DISABLED', targetType: 'staff_account', targetId: account.id, clinicId: account.clinicId });
      return { ...account, active };
    });
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
      const taken = await m.getRepository(StaffAccount).createQueryBuilder('a').where('lower(a.email) = lower(:email)', { email: input.email }).getExists();
      if (taken) throw conflict('EMAIL_TAKEN', 'An account with this e-mail already exists', 'email');
      const account = this.newAccount(input.email, passwordHash, input.role, input.clinicId ?? null, input.displayName);
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
      const account = this.newAccount(email, passwordHash, 'ADMIN', null, displayName);
      await m.insert(StaffAccount, account);
      await this.audit.record(m, null, { action: 'ADMIN_BOOTSTRAPPED', targetType: 'staff_account', targetId: account.id });
      return account;
    });
  }

  private newAccount(email: string, passwordHash: string, role: StaffAccount['role'], clinicId: string | null, displayName: string): StaffAccount {
    return {
      id: randomUUID(),
      email,
      passwordHash,
      role,
      clinicId,
      displayName,
      pseudonym: `P-${randomBytes(4).toString('hex').toUpperCase()}`,
      active: true,
      createdAt: this.clock.now(),
      passwordChangedAt: null,
    };
  }

  findAccount(id: string): Promise<StaffAccount | null> {
    return this.db.tx(SYSTEM, (m) => m.findOneBy(StaffAccount, { id }));
  }

  listAccounts(actor: Principal, clinicId: string | undefined): Promise<StaffAccount[]> {
    return this.db.tx(this.db.scopeOf(actor), (m) => m.find(StaffAccount, { where: clinicId ? { clinicId } : {}, order: { createdAt: 'ASC' }, take: 500 }));
  }

  /** The principal of a bearer token: valid signature and claims, account active, not superseded. */
  async principalFromBearer(header: string | undefined): Promise<Principal | null | 'INVALID'> {
    if (!header) return null;
    const match = /^Bearer ([A-Za-z0-9_\-.]{10,4096})$/.exec(header);
    if (!match) return 'INVALID';
    const p = this.tokens.verify(match[1]!);
    if (!p) return 'INVALID';
    const account = await this.findAccount(p.accountId);
    if (!account || !account.active || account.role !== p.role || account.clinicId !== p.clinicId) return 'INVALID';
    if (account.passwordChangedAt && p.issuedAt < Math.floor(account.passwordChangedAt.getTime() / 1000)) return 'INVALID';
    return { accountId: p.accountId, role: p.role, clinicId: p.clinicId };
  }
}
