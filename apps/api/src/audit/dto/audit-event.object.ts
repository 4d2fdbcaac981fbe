import { ArgsType, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { IsDate, IsIn, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { Type } from 'class-transformer';
import { PageArgs } from '../../common/common.args.js';
import type { AuditEvent } from '../audit-event.entity.js';

@ObjectType('AuditEvent')
export class AuditEventObject {
  @Field(() => ID) id: string;
  @Field() occurredAt: Date;
  @Field(() => ID, { nullable: true }) actorId: string | null;
  @Field(() => String, { nullable: true }) actorRole: string | null;
  @Field(() => ID, { nullable: true }) clinicId: string | null;
  @Field() action: string;
  @Field(() => String, { nullable: true }) targetType: string | null;
  @Field(() => String, { nullable: true }) targetId: string | null;
  @Field({ description: 'SUCCESS, DENIED or FAILED' }) outcome: string;
  @Field({ description: 'Ids, codes and counts as JSON; never personal data.' }) detailsJson: string;
}

@ObjectType()
export class AuditEventPage {
  @Field(() => [AuditEventObject]) items: AuditEventObject[];
  @Field(() => Int) totalCount: number;
}

@ArgsType()
export class AuditEventsArgs extends PageArgs {
  @Field({ nullable: true, description: 'e.g. LOGIN, CLIENT_READ, CONSENT_WITHDRAWN, ERASURE, REPORT_QUERY' })
  @IsOptional()
  @Matches(/^[A-Z_]{2,60}$/)
  action?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  clinicId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9-]{1,64}$/)
  targetId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsIn(['SUCCESS', 'DENIED', 'FAILED'])
  outcome?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @Field({ nullable: true })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;
}

export const toAuditEventObject = (e: AuditEvent): AuditEventObject => ({
  id: e.id,
  occurredAt: e.occurredAt,
  actorId: e.actorId,
  actorRole: e.actorRole,
  clinicId: e.clinicId,
  action: e.action,
  targetType: e.targetType,
  targetId: e.targetId,
  outcome: e.outcome,
  detailsJson: JSON.stringify(e.details),
});
