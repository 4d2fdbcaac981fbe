import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { requireRole } from '../common/access.js';
import { Db } from '../database/db.service.js';
import type { GqlContext } from '../graphql/graphql-context.js';
import { AuditEvent } from './audit-event.entity.js';
import { AuditEventPage, AuditEventsArgs, toAuditEventObject } from './dto/audit-event.object.js';

@Resolver()
export class AuditResolver {
  constructor(private readonly db: Db) {}

  @Query(() => AuditEventPage, { description: 'ADMIN: the audit trail, newest first, with filters.' })
  async auditEvents(@Args() args: AuditEventsArgs, @Context() ctx: GqlContext): Promise<AuditEventPage> {
    const p = requireRole(ctx, ['ADMIN']);
    return this.db.tx(this.db.scopeOf(p), async (m) => {
      const q = m.getRepository(AuditEvent).createQueryBuilder('e');
      if (args.action) q.andWhere('e.action = :action', { action: args.action });
      if (args.actorId) q.andWhere('e.actor_id = :actorId', { actorId: args.actorId });
      if (args.clinicId) q.andWhere('e.clinic_id = :clinicId', { clinicId: args.clinicId });
      if (args.targetId) q.andWhere('e.target_id = :targetId', { targetId: args.targetId });
      if (args.outcome) q.andWhere('e.outcome = :outcome', { outcome: args.outcome });
      if (args.from) q.andWhere('e.occurred_at >= :from', { from: args.from });
      if (args.to) q.andWhere('e.occurred_at < :to', { to: args.to });
      const [rows, totalCount] = await q.orderBy('e.occurred_at', 'DESC').addOrderBy('e.id', 'DESC').skip(args.offset).take(args.first).getManyAndCount();
      return { items: rows.map(toAuditEventObject), totalCount };
    });
  }
}
