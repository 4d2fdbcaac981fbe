import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import type { AssignmentStatus, ResponseSource, TimePoint } from '../../../../../libs/domain/src/index.js';
import { AssignmentStatusEnum, ResponseSourceEnum, TimePointEnum } from '../../common/graphql-enums.js';
import { InstrumentItemObject } from '../../instruments/dto/instrument.object.js';

@ObjectType('Answer')
export class AnswerObject {
  @Field() itemCode: string;
  @Field(() => Int, { nullable: true }) value: number | null;
}

@ObjectType('ScaleScore')
export class ScaleScoreObject {
  @Field() scaleKey: string;
  @Field(() => Float, { nullable: true, description: 'Empty when the missing-item rule allows no score.' }) score: number | null;
  @Field(() => Int) answeredItems: number;
  @Field(() => Int) missingItems: number;
  @Field(() => String, { nullable: true }) note: string | null;
}

@ObjectType({ description: 'What the client sees after submitting: that it was received, nothing more.' })
export class SubmissionReceipt {
  @Field(() => ID) responseId: string;
  @Field() submittedAt: Date;
  @Field({ description: 'True when this was a retry of an already stored submission.' }) replayed: boolean;
}

@ObjectType('SurveyResponse')
export class SurveyResponseObject {
  @Field(() => ID) id: string;
  @Field(() => ID) assignmentId: string;
  @Field(() => TimePointEnum) timePoint: TimePoint;
  @Field() instrumentKey: string;
  @Field() instrumentVersion: string;
  @Field(() => ResponseSourceEnum) source: ResponseSource;
  @Field() submittedAt: Date;
  @Field({ description: 'True when this was a retry of an already stored submission.' }) replayed: boolean;
  @Field(() => [AnswerObject]) answers: AnswerObject[];
  @Field(() => [ScaleScoreObject]) scores: ScaleScoreObject[];
}

@ObjectType({ description: 'The questionnaire behind a survey link, as the client’s phone shows it.' })
export class SurveyForm {
  @Field(() => AssignmentStatusEnum) status: AssignmentStatus;
  @Field(() => TimePointEnum) timePoint: TimePoint;
  @Field() instrumentKey: string;
  @Field() instrumentVersion: string;
  @Field() title: string;
  @Field() language: string;
  @Field({ nullable: true }) opensAt: Date;
  @Field(() => Date, { nullable: true, description: 'Answers are accepted until this moment.' }) closesAt: Date | null;
  @Field(() => [InstrumentItemObject], { description: 'Empty unless the survey is open.' }) items: InstrumentItemObject[];
  @Field(() => [AnswerObject], { description: 'Answers saved earlier and not yet submitted.' }) savedAnswers: AnswerObject[];
  @Field(() => Date, { nullable: true }) savedAt: Date | null;
  @Field(() => Date, { nullable: true }) submittedAt: Date | null;
}
