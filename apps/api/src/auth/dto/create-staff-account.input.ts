import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from '../../../../../libs/domain/src/index.js';
import { RoleEnum } from './auth.object.js';

@InputType()
export class CreateStaffAccountInput {
  @Field()
  @IsEmail()
  @MaxLength(254)
  email: string;

  @Field({ description: 'At least 12 characters.' })
  @IsString()
  @MinLength(12)
  @MaxLength(256)
  password: string;

  @Field()
  @IsString()
  @Length(1, 200)
  displayName: string;

  @Field(() => RoleEnum)
  @IsIn(ROLES)
  role: Role;

  @Field(() => ID, { nullable: true, description: 'Required for CLINIC_STAFF, forbidden otherwise.' })
  @IsOptional()
  @IsUUID()
  clinicId?: string;
}
