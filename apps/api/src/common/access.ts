import type { Role } from '../../../../libs/domain/src/index.js';
import { forbidden, notFound, unauthenticated } from './app-error.js';
import type { Principal, RequestContext } from './principal.js';

// The one access helper every resolver calls first. Roles are checked here; whether a row belongs to
// the caller's clinic is checked by the service when it loads the row (and by PostgreSQL's RLS).
export function requireRole(ctx: RequestContext, roles: readonly Role[]): Principal {
  const p = ctx.principal;
  if (!p) throw unauthenticated();
  if (!roles.includes(p.role)) throw forbidden(`This operation needs the role ${roles.join(' or ')}`);
  return p;
}

/** Staff of one clinic: the clinic they act on is always their own. */
export function requireClinicStaff(ctx: RequestContext): Principal & { clinicId: string } {
  const p = requireRole(ctx, ['CLINIC_STAFF']);
  if (!p.clinicId) throw forbidden();
  return p as Principal & { clinicId: string };
}

/**
 * A row of another clinic answers exactly like a row that does not exist, so ids cannot be probed.
 */
export function requireSameClinic<T extends { clinicId: string }>(row: T | null | undefined, p: Principal, what: string, field?: string): T {
  if (!row || row.clinicId !== p.clinicId) throw notFound(what, field);
  return row;
}
