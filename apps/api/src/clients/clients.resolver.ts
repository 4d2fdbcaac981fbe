import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { requireClinicStaff } from '../common/access.js';
import { IdArgs } from '../common/common.args.js';
import { ConsentService } from '../consent/consent.service.js';
import { ConsentObject, toConsentObject } from '../consent/dto/consent.object.js';
import type { Consent } from '../consent/consent.entity.js';
import type { GqlContext } from '../graphql/graphql-context.js';
import { loaderFor } from '../graphql/loaders.js';
import { SurveyAssignmentObject } from '../surveys/dto/survey-assignment.object.js';
import type { SurveyAssignment } from '../surveys/survey-assignment.entity.js';
import { SurveysService } from '../surveys/surveys.service.js';
import { TreatmentCourseObject } from '../treatments/dto/treatment.object.js';
import { TreatmentsService } from '../treatments/treatments.service.js';
import { ClientsService } from './clients.service.js';
import { ClientObject, ClientPage, ErasureReceipt, toClientObject } from './dto/client.object.js';
import { ClientsArgs } from './dto/clients.args.js';
import { EnrolClientInput } from './dto/enrol-client.input.js';

@Resolver(() => ClientObject)
export class ClientsResolver {
  constructor(
    private readonly clientsService: ClientsService,
    private readonly consent: ConsentService,
    private readonly surveys: SurveysService,
    private readonly treatments: TreatmentsService,
  ) {}

  @Mutation(() => ClientObject, { description: 'CLINIC_STAFF: enrol a client with consent; creates the BASELINE surveys.' })
  async enrolClient(@Args('input') input: EnrolClientInput, @Context() ctx: GqlContext): Promise<ClientObject> {
    const p = requireClinicStaff(ctx);
    const c = await this.clientsService.enrol(p, input);
    return toClientObject(c, this.clientsService.contactOf(c));
  }

  @Mutation(() => ErasureReceipt, {
    description: 'CLINIC_STAFF: erase a client for good (personal data, answers, scores); the audit log keeps that it happened.',
  })
  eraseClient(@Args() { id }: IdArgs, @Context() ctx: GqlContext): Promise<ErasureReceipt> {
    return this.clientsService.erase(requireClinicStaff(ctx), id);
  }

  @Query(() => ClientObject, { description: 'CLINIC_STAFF: one client of their clinic.' })
  async client(@Args() { id }: IdArgs, @Context() ctx: GqlContext): Promise<ClientObject> {
    const p = requireClinicStaff(ctx);
    const c = await this.clientsService.get(p, id);
    return toClientObject(c, this.clientsService.contactOf(c));
  }

  @Query(() => ClientPage, { description: 'CLINIC_STAFF: the clients of their clinic, by study code.' })
  async clients(@Args() args: ClientsArgs, @Context() ctx: GqlContext): Promise<ClientPage> {
    const p = requireClinicStaff(ctx);
    const { items, totalCount } = await this.clientsService.list(p, args);
    return { items: items.map((c) => toClientObject(c, this.clientsService.contactOf(c))), totalCount };
  }

  @ResolveField(() => [ConsentObject])
  async consents(@Parent() client: ClientObject, @Context() ctx: GqlContext): Promise<ConsentObject[]> {
    const p = requireClinicStaff(ctx);
    const rows = await loaderFor<Consent[]>(ctx, 'consentsByClient', (ids) => this.consent.forClients(p, ids), []).load(client.id);
    return rows.map(toConsentObject);
  }

  @ResolveField(() => [SurveyAssignmentObject])
  async surveyAssignments(@Parent() client: ClientObject, @Context() ctx: GqlContext): Promise<SurveyAssignmentObject[]> {
    const p = requireClinicStaff(ctx);
    const rows = await loaderFor<SurveyAssignment[]>(ctx, 'assignmentsByClient', (ids) => this.surveys.forClients(p, ids), []).load(client.id);
    return this.surveys.toObjects(rows);
  }

  @ResolveField(() => TreatmentCourseObject, { nullable: true })
  async treatment(@Parent() client: ClientObject, @Context() ctx: GqlContext): Promise<TreatmentCourseObject | null> {
    const p = requireClinicStaff(ctx);
    return loaderFor<TreatmentCourseObject | null>(ctx, 'treatmentByClient', (ids) => this.treatments.forClients(p, ids), null).load(client.id);
  }
}
