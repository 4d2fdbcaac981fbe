import type { Role } from '../../../../libs/domain/src/index.js';

/** Who is calling: a signed-in staff account, or nobody (a survey link carries its own token). */
export interface Principal {
  readonly accountId: string;
  readonly role: Role;
  readonly clinicId: string | null;
}

export interface RequestContext {
  readonly principal: Principal | null;
  readonly requestId: string;
  readonly ip: string;
}
