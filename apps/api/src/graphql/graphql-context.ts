import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal, RequestContext } from '../common/principal.js';

export interface GqlContext extends RequestContext {
  readonly req: FastifyRequest;
  readonly reply: FastifyReply;
  /** Set when a bearer token was sent but is not valid: every operation then fails UNAUTHENTICATED. */
  readonly invalidCredentials: boolean;
}

export type PrincipalResolver = (authorization: string | undefined) => Promise<Principal | null | 'INVALID'>;

export function makeContextFactory(resolvePrincipal: PrincipalResolver) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<GqlContext> => {
    const result = await resolvePrincipal(req.headers.authorization);
    return {
      req,
      reply,
      principal: result === 'INVALID' ? null : result,
      invalidCredentials: result === 'INVALID',
      requestId: typeof req.id === 'string' ? req.id : randomUUID(),
      ip: req.ip,
    };
  };
}
