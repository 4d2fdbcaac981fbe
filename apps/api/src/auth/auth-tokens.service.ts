import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ROLES, type Role } from '../../../../libs/domain/src/index.js';
import type { Principal } from '../common/principal.js';
import { AppConfig } from '../config/app-config.js';

const ISSUER = 'smp-registry';
const AUDIENCE = 'smp-registry-api';

// Access tokens: HS256 only (pinned on verify), short-lived, issuer and audience checked.
@Injectable()
export class AuthTokens {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  issue(p: Principal): { token: string; expiresAt: Date } {
    const ttl = this.config.ACCESS_TOKEN_TTL_SECONDS;
    const token = this.jwt.sign(
      { role: p.role, clinicId: p.clinicId, typ: 'access' },
      { subject: p.accountId, expiresIn: ttl, issuer: ISSUER, audience: AUDIENCE, algorithm: 'HS256', secret: this.config.JWT_SECRET },
    );
    return { token, expiresAt: new Date(Date.now() + ttl * 1000) };
  }

  /** Returns null for any token that is not a valid access token of ours. */
  verify(token: string): Principal | null {
    try {
      const claims = this.jwt.verify<{ sub?: unknown; role?: unknown; clinicId?: unknown; typ?: unknown }>(token, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
        secret: this.config.JWT_SECRET,
      });
      if (claims.typ !== 'access' || typeof claims.sub !== 'string') return null;
      if (!ROLES.includes(claims.role as Role)) return null;
      const clinicId = typeof claims.clinicId === 'string' ? claims.clinicId : null;
      return { accountId: claims.sub, role: claims.role as Role, clinicId };
    } catch {
      return null;
    }
  }
}
