import { Args, ArgsType, Context, Field, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { IsOptional, IsUUID } from 'class-validator';
import { requireRole } from '../common/access.js';
import type { GqlContext } from '../graphql/graphql-context.js';
import { AuthService, type Session } from './auth.service.js';
import { AuthPayload, StaffAccountObject } from './dto/auth.object.js';
import { CreateStaffAccountInput } from './dto/create-staff-account.input.js';
import { LoginInput } from './dto/login.input.js';
import { ChangePasswordInput, RefreshTokenArgs, SetStaffAccountActiveArgs } from './dto/session.inputs.js';
import type { StaffAccount } from './staff-account.entity.js';

@ArgsType()
export class StaffAccountsArgs {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  clinicId?: string;
}

const ANY_ACCOUNT = ['ADMIN', 'CLINIC_STAFF', 'RESEARCHER'] as const;

// Never expose the entity (it holds the password hash): map explicitly.
export function toStaffAccountObject(a: StaffAccount): StaffAccountObject {
  return { id: a.id, email: a.email, displayName: a.displayName, role: a.role, clinicId: a.clinicId, pseudonym: a.pseudonym, active: a.active };
}

const toPayload = (s: Session): AuthPayload => ({
  accessToken: s.accessToken,
  expiresAt: s.expiresAt,
  refreshToken: s.refreshToken,
  account: toStaffAccountObject(s.account),
});

@Resolver()
export class AuthResolver {
  constructor(private readonly auth: AuthService) {}

  @Mutation(() => AuthPayload, { description: 'Any staff account: exchange e-mail and password for a bearer token.' })
  async login(@Args('input') input: LoginInput, @Context() ctx: GqlContext): Promise<AuthPayload> {
    return toPayload(await this.auth.login(input.email, input.password, ctx.ip));
  }

  @Mutation(() => AuthPayload, { description: 'Holder of a refresh token: a new access token and a new refresh token.' })
  async refreshSession(@Args() args: RefreshTokenArgs): Promise<AuthPayload> {
    return toPayload(await this.auth.refresh(args.refreshToken));
  }

  @Mutation(() => Boolean, { description: 'Holder of a refresh token: end that session.' })
  logout(@Args() args: RefreshTokenArgs): Promise<boolean> {
    return this.auth.logout(args.refreshToken);
  }

  @Mutation(() => Boolean, { description: 'Any signed-in account: change the password; every session of the account ends.' })
  async changePassword(@Args('input') input: ChangePasswordInput, @Context() ctx: GqlContext): Promise<boolean> {
    const p = requireRole(ctx, ANY_ACCOUNT);
    await this.auth.changePassword(p, input.currentPassword, input.newPassword);
    return true;
  }

  @Query(() => StaffAccountObject, { description: 'Any signed-in account: who am I.' })
  async me(@Context() ctx: GqlContext): Promise<StaffAccountObject> {
    const p = requireRole(ctx, ANY_ACCOUNT);
    const account = await this.auth.findAccount(p.accountId);
    return toStaffAccountObject(account!);
  }

  @Mutation(() => StaffAccountObject, { description: 'ADMIN: create an administrator, clinic staff or researcher account.' })
  async createStaffAccount(@Args('input') input: CreateStaffAccountInput, @Context() ctx: GqlContext): Promise<StaffAccountObject> {
    const p = requireRole(ctx, ['ADMIN']);
    return toStaffAccountObject(await this.auth.createStaffAccount(p, input));
  }

  @Mutation(() => StaffAccountObject, { description: 'ADMIN: disable (ends every session at once) or re-enable an account.' })
  async setStaffAccountActive(@Args() args: SetStaffAccountActiveArgs, @Context() ctx: GqlContext): Promise<StaffAccountObject> {
    const p = requireRole(ctx, ['ADMIN']);
    return toStaffAccountObject(await this.auth.setActive(p, args.id, args.active));
  }

  @Query(() => [StaffAccountObject], { description: 'ADMIN: staff accounts, optionally of one clinic.' })
  async staffAccounts(@Args() args: StaffAccountsArgs, @Context() ctx: GqlContext): Promise<StaffAccountObject[]> {
    const p = requireRole(ctx, ['ADMIN']);
    return (await this.auth.listAccounts(p, args.clinicId)).map(toStaffAccountObject);
  }
}
