import { Args, ArgsType, Context, Field, Mutation, Query, Resolver } from '@nestjs/graphql';
import { IsOptional, IsString, Matches } from 'class-validator';
import { requireClinicStaff } from '../common/access.js';
import type { GqlContext } from '../graphql/graphql-context.js';
import { SurveyAssignmentIdArgs } from '../surveys/dto/survey-assignment-id.args.js';
import { EnterPaperResponseInput, SaveSurveyDraftInput, SubmitSurveyResponseInput } from './dto/answer.input.js';
import { SubmissionReceipt, SurveyForm, SurveyResponseObject } from './dto/response.object.js';
import { ResponsesService } from './responses.service.js';

@ArgsType()
export class SurveyFormArgs {
  @Field()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'token is not a survey link token' })
  token: string;

  @Field({ nullable: true, description: 'Overrides the client’s language when the instrument has this one.' })
  @IsOptional()
  @Matches(/^[a-z]{2}$/)
  language?: string;
}

// Token-holding operations tell the browser not to pass the page address on (Referrer-Policy).
const noReferrer = (ctx: GqlContext) => void ctx.reply.header('Referrer-Policy', 'no-referrer');

@Resolver()
export class ResponsesResolver {
  constructor(private readonly responses: ResponsesService) {}

  @Query(() => SurveyForm, { description: 'Client (survey link token, no account): the questionnaire to answer.' })
  async survey(@Args() args: SurveyFormArgs, @Context() ctx: GqlContext): Promise<SurveyForm> {
    noReferrer(ctx);
    return this.responses.form(args.token, args.language);
  }

  @Mutation(() => Date, { description: 'Client (survey link token): save unfinished answers to come back to later.' })
  async saveSurveyDraft(@Args('input') input: SaveSurveyDraftInput, @Context() ctx: GqlContext): Promise<Date> {
    noReferrer(ctx);
    return this.responses.saveDraft(input.token, input.answers);
  }

  @Mutation(() => SubmissionReceipt, { description: 'Client (survey link token): submit; retries with the same idempotencyKey are safe.' })
  async submitSurveyResponse(@Args('input') input: SubmitSurveyResponseInput, @Context() ctx: GqlContext): Promise<SubmissionReceipt> {
    noReferrer(ctx);
    const r = await this.responses.submitByToken(input.token, input.answers, input.idempotencyKey);
    return { responseId: r.id, submittedAt: r.submittedAt, replayed: r.replayed };
  }

  @Mutation(() => SurveyResponseObject, { description: 'CLINIC_STAFF: enter a paper questionnaire for an open survey of their clinic.' })
  enterPaperResponse(@Args('input') input: EnterPaperResponseInput, @Context() ctx: GqlContext): Promise<SurveyResponseObject> {
    return this.responses.enterPaper(requireClinicStaff(ctx), input.assignmentId, input.answers, input.idempotencyKey);
  }

  @Query(() => SurveyResponseObject, { nullable: true, description: 'CLINIC_STAFF: the answers and scores of a survey of their clinic.' })
  surveyResponse(@Args() args: SurveyAssignmentIdArgs, @Context() ctx: GqlContext): Promise<SurveyResponseObject | null> {
    return this.responses.forAssignment(requireClinicStaff(ctx), args.assignmentId);
  }
}
