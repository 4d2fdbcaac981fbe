import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';

@ArgsType()
export class RefreshTokenArgs {
  @Field()
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'refreshToken is not a refresh token' })
  refreshToken: string;
}

@InputType()
export class ChangePasswordInput {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  currentPassword: string;

  @Field({ description: 'At least 12 characters.' })
  @IsString()
  @MinLength(12)
  @MaxLength(256)
  newPassword: string;
}

@ArgsType()
export class SetStaffAccountActiveArgs {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field()
  @IsBoolean()
  active: boolean;
}
