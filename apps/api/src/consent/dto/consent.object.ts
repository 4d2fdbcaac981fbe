import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsIn, IsString, IsUUID, Length, Matches } from 'class-validator';
import { CONSENT_SCOPES, type ConsentScope } from '../../../../../libs/domain/src/index.js';
import { ConsentScopeEnum } from '../../common/graphql-enums.js';
import type { Consent } from '../consent.entity.js';

@ObjectType('Consent')
export class ConsentObject {
  @Field(() => ID) id: string;
  @Field(() => ConsentScopeEnum) scope: ConsentScope;
  @Field() version: string;
  @Field() grantedAt: Date;
  @Field(() => Date, { nullable: true }) withdrawnAt: Date | null;
  @Field({ description: 'Granted and not withdrawn.' }) current: boolean;
}

export const toConsentObject = (c: Consent): ConsentObject => ({
  id: c.id,
  scope: c.scope,
  version: c.version,
  grantedAt: c.grantedAt,
  withdrawnAt: c.withdrawnAt,
  current: c.withdrawnAt === null,
});

@InputType()
export class ConsentGrantInput {
  @Field(() => ConsentScopeEnum)
  @IsIn(CONSENT_SCOPES)
  scope: ConsentScope;

  @Field({ description: 'Version of the consent form the client signed, e.g. 2026-01 or 1.2.' })
  @IsString()
  @Length(1, 40)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]*$/)
  version: string;
}

@InputType()
export class RecordConsentInput extends ConsentGrantInput {
  @Field(() => ID)
  @IsUUID()
  clientId: string;
}

@InputType()
export class WithdrawConsentInput {
  @Field(() => ID)
  @IsUUID()
  clientId: string;

  @Field(() => ConsentScopeEnum)
  @IsIn(CONSENT_SCOPES)
  scope: ConsentScope;
}
