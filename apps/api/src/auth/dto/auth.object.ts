import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ROLES, type Role } from '../../../../../libs/domain/src/index.js';

export const RoleEnum = Object.fromEntries(ROLES.map((r) => [r, r])) as { [K in Role]: K };
registerEnumType(RoleEnum, { name: 'Role' });

@ObjectType('StaffAccount')
export class StaffAccountObject {
  @Field(() => ID) id: string;
  @Field() email: string;
  @Field() displayName: string;
  @Field(() => RoleEnum) role: Role;
  @Field(() => ID, { nullable: true }) clinicId: string | null;
  @Field({ description: 'Shown instead of the name wherever practitioners are compared.' }) pseudonym: string;
  @Field() active: boolean;
}

@ObjectType()
export class AuthPayload {
  @Field({ description: 'Bearer token for the Authorization header; valid until expiresAt (15 minutes).' }) accessToken: string;
  @Field() expiresAt: Date;
  @Field({ description: 'Single-use: exchange it with refreshSession for a new pair; a reused one ends the session.' })
  refreshToken: string;
  @Field(() => StaffAccountObject) account: StaffAccountObject;
}
