import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { requireClinicStaff } from '../common/access.js';
import type { GqlContext } from '../graphql/graphql-context.js';
import { TreatmentCourseObject } from './dto/treatment.object.js';
import { RecordAdverseEventInput, RecordTreatmentSessionInput, UpdateTreatmentCourseInput } from './dto/treatment.inputs.js';
import { TreatmentsService } from './treatments.service.js';

@Resolver(() => TreatmentCourseObject)
export class TreatmentsResolver {
  constructor(private readonly treatments: TreatmentsService) {}

  @Mutation(() => TreatmentCourseObject, { description: 'CLINIC_STAFF: price band, insurance coverage and shade of a client’s course.' })
  updateTreatmentCourse(@Args('input') input: UpdateTreatmentCourseInput, @Context() ctx: GqlContext): Promise<TreatmentCourseObject> {
    return this.treatments.updateCourse(requireClinicStaff(ctx), input);
  }

  @Mutation(() => TreatmentCourseObject, {
    description: 'CLINIC_STAFF: record a session. The first closes the baseline window; the final one schedules the follow-ups.',
  })
  recordTreatmentSession(@Args('input') input: RecordTreatmentSessionInput, @Context() ctx: GqlContext): Promise<TreatmentCourseObject> {
    return this.treatments.recordSession(requireClinicStaff(ctx), input);
  }

  @Mutation(() => TreatmentCourseObject, { description: 'CLINIC_STAFF: record an adverse event of a client’s course.' })
  recordAdverseEvent(@Args('input') input: RecordAdverseEventInput, @Context() ctx: GqlContext): Promise<TreatmentCourseObject> {
    return this.treatments.recordAdverseEvent(requireClinicStaff(ctx), input);
  }
}
