import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ID } from '@nestjs/graphql';
import { IsOptional, IsUUID } from 'class-validator';
import { ArgsType, Field } from '@nestjs/graphql';
import { requireRole } from '../common/access.js';
import type { GqlContext } from '../graphql/graphql-context.js';
import { AuthService } from './auth.service.js';
import { AuthPayload, StaffAccountObject } from './dto/auth.object.js';
import { CreateStaffAccountInput } from './dto/create-staff-account.input.js';
import { LoginInput } from './dto/login.input.js';
import type { StaffAccount } from './staff-account.entity.js';

@ArgsType()
export class StaffAccountsArgs {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  clinicId?: string;
}

// Never expose the entity (it holds the password hash): map explicitly.
export function toStaffAccountObject(a: StaffAccount): StaffAccountObject {
  return { id: a.id, email: a.email, displayName: a.displayName, role: a.role, clinicId: a.clinicId, pseudonym: a.pseudonym, active: a.active };
}

@Resolver()
export class AuthResolver {
  constructor(private readonly auth: AuthService) {}

  @Mutation(() => AuthPayload, { description: 'Any staff account: exchange e-mail and password for a bearer token.' })
  async login(@Args('input') input: LoginInput, @Context() ctx: GqlContext): Promise<AuthPayload> {
    const r = await this.auth.login(input.email, input.password, ctx.ip);
    return { accessToken: r.accessToken, expiresAt: r.expiresAt, account: toStaffAccountObject(r.account) };
  }

  @Query(() => StaffAccountObject, { description: 'Any signed-in account: who am I.' })
  async me(@Context() ctx: GqlContext): Promise<StaffAccountObject> {
    const p = requireRole(ctx, ['ADMIN', 'CLINIC_STAFF', 'RESEARCHER']);
    const account = await this.auth.findAccount(p.accountId);
    return toStaffAccountObject(account!);
  }

  @Mutation(() => StaffAccountObject, { description: 'ADMIN: create an administrator, clinic staff or researcher account.' })
  async createStaffAccount(@Args('input') input: CreateStaffAccountInput, @Context() ctx: GqlContext): Promise<StaffAccountObject> {
    const p = requireRole(ctx, ['ADMIN']);
    return toStaffAccountObject(await this.auth.createStaffAccount(p, input));
  }

  @Query(() => [StaffAccountObject], { description: 'ADMIN: staff accounts, optionally of one clinic.' })
  async staffAccounts(@Args() args: StaffAccountsArgs, @Context() ctx: GqlContext): Promise<StaffAccountObject[]> {
    const p = requireRole(ctx, ['ADMIN']);
    return (await this.auth.listAccounts(p, args.clinicId)).map(toStaffAccountObject);
  }
}
