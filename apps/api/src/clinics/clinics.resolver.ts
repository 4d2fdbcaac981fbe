import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { IdArgs } from '../common/common.args.js';
import { requireRole } from '../common/access.js';
import type { GqlContext } from '../graphql/graphql-context.js';
import { ClinicsService } from './clinics.service.js';
import { ClinicObject, toClinicObject } from './dto/clinic.object.js';
import { CreateClinicInput } from './dto/create-clinic.input.js';

@Resolver(() => ClinicObject)
export class ClinicsResolver {
  constructor(private readonly clinicsService: ClinicsService) {}

  @Mutation(() => ClinicObject, { description: 'ADMIN: register a clinic.' })
  async createClinic(@Args('input') input: CreateClinicInput, @Context() ctx: GqlContext): Promise<ClinicObject> {
    const p = requireRole(ctx, ['ADMIN']);
    return toClinicObject(await this.clinicsService.create(p, input));
  }

  @Query(() => [ClinicObject], { description: 'ADMIN: all clinics; CLINIC_STAFF: their own.' })
  async clinics(@Context() ctx: GqlContext): Promise<ClinicObject[]> {
    const p = requireRole(ctx, ['ADMIN', 'CLINIC_STAFF']);
    return (await this.clinicsService.list(p)).map(toClinicObject);
  }

  @Query(() => ClinicObject, { description: 'ADMIN: any clinic; CLINIC_STAFF: their own.' })
  async clinic(@Args() { id }: IdArgs, @Context() ctx: GqlContext): Promise<ClinicObject> {
    const p = requireRole(ctx, ['ADMIN', 'CLINIC_STAFF']);
    return toClinicObject(await this.clinicsService.get(p, id));
  }
}
