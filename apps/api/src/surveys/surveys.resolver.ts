import { Args, Context, Field, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { requireClinicStaff } from '../common/access.js';
import type { GqlContext } from '../graphql/graphql-context.js';
import { SurveyAssignmentIdArgs } from './dto/survey-assignment-id.args.js';
import { SurveyAssignmentObject, SurveyLink } from './dto/survey-assignment.object.js';
import { SurveyAssignmentsArgs } from './dto/survey-assignments.args.js';
import { SurveysService } from './surveys.service.js';

@ObjectType()
export class SurveyAssignmentPage {
  @Field(() => [SurveyAssignmentObject]) items: SurveyAssignmentObject[];
  @Field(() => Int) totalCount: number;
}

@Resolver(() => SurveyAssignmentObject)
export class SurveysResolver {
  constructor(private readonly surveys: SurveysService) {}

  @Query(() => SurveyAssignmentPage, { description: 'CLINIC_STAFF: surveys of their clinic by status — what is due, late or expired.' })
  surveyAssignments(@Args() args: SurveyAssignmentsArgs, @Context() ctx: GqlContext): Promise<SurveyAssignmentPage> {
    return this.surveys.listForClinic(requireClinicStaff(ctx), args);
  }

  @Mutation(() => SurveyLink, { description: 'CLINIC_STAFF: a new survey link for the client (the previous link stops working).' })
  issueSurveyLink(@Args() args: SurveyAssignmentIdArgs, @Context() ctx: GqlContext): Promise<SurveyLink> {
    return this.surveys.issueLink(requireClinicStaff(ctx), args.assignmentId);
  }

  @Mutation(() => SurveyAssignmentObject, { description: 'CLINIC_STAFF: make the current survey link stop working.' })
  revokeSurveyLink(@Args() args: SurveyAssignmentIdArgs, @Context() ctx: GqlContext): Promise<SurveyAssignmentObject> {
    return this.surveys.revokeLink(requireClinicStaff(ctx), args.assignmentId);
  }

  @Mutation(() => SurveyAssignmentObject, { description: 'CLINIC_STAFF: cancel a survey that will not be answered.' })
  cancelSurveyAssignment(@Args() args: SurveyAssignmentIdArgs, @Context() ctx: GqlContext): Promise<SurveyAssignmentObject> {
    return this.surveys.cancel(requireClinicStaff(ctx), args.assignmentId);
  }
}
