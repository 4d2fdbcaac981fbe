import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ROLES, type Role } from '../../../../libs/domain/src/index.js';
import { Clock } from '../common/clock.js';
import type { Principal } from '../common/principal.js';
import { AppConfig } from '../config/app-config.js';

const ISSUER = 'smp-registry';
const AUDIENCE = 'smp-registry-api';
export const REFRESH_TOKEN_TTL_DAYS = 14;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);

export interface VerifiedAccess extends Principal {
  /** Issued-at, seconds since the epoch. */
  readonly issuedAt: number;
}

// Access tokens: HS256 only (pinned on verify), short-lived, issuer, audience and type checked,
// timed by the injected clock. Refresh tokens are opaque random strings stored as SHA-256.
@Injectable()
export class AuthTokens {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  private nowSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }

  issue(p: Principal): { token: string; expiresAt: Date } {
    const ttl = this.config.ACCESS_TOKEN_TTL_SECONDS;
    const iat = this.nowSeconds();
    const token = this.jwt.sign(
      { role: p.role, clinicId: p.clinicId, typ: 'access', iat },
      { subject: p.accountId, expiresIn: ttl, issuer: ISSUER, audience: AUDIENCE, algorithm: 'HS256', secret: this.config.JWT_SECRET },
    );
    return { token, expiresAt: new Date((iat + ttl) * 1000) };
  }

  /** Returns null for any token that is not a valid, unexpired access token of ours. */
  verify(token: string): VerifiedAccess | null {
    try {
      const claims = this.jwt.verify<{ sub?: unknown; role?: unknown; clinicId?: unknown; typ?: unknown; iat?: unknown; exp?: unknown }>(token, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
        secret: this.config.JWT_SECRET,
        clockTimestamp: this.nowSeconds(),
      });
      // A valid signature says nothing about the shape: every claim is checked as we issue it, so
      // that a malformed one (a subject that is no UUID) is an invalid token, not a failed query.
      if (claims === null || typeof claims !== 'object' || Array.isArray(claims)) return null;
      if (claims.typ !== 'access' || !isUuid(claims.sub) || !Number.isSafeInteger(claims.iat) || !Number.isSafeInteger(claims.exp)) return null;
      if (!ROLES.includes(claims.role as Role)) return null;
      const clinicId = claims.clinicId == null ? null : isUuid(claims.clinicId) ? claims.clinicId : undefined;
      if (clinicId === undefined) return null;
      return { accountId: claims.sub, role: claims.role as Role, clinicId, issuedAt: claims.iat as number };
    } catch {
      return null;
    }
  }

  newRefreshToken(): { token: string; hash: Buffer; expiresAt: Date } {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: hashRefreshToken(token), expiresAt: new Date(this.clock.now().getTime() + REFRESH_TOKEN_TTL_DAYS * 86_400_000) };
  }
}

export const hashRefreshToken = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();
