import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsInt, IsOptional, IsString, IsUUID, Matches, Max, Min, ValidateNested } from 'class-validator';

@InputType()
export class AnswerInput {
  @Field()
  @IsString()
  @Matches(/^[A-Z0-9_]{1,40}$/, { message: 'itemCode must be an item code such as RSES_1' })
  itemCode: string;

  @Field(() => Int, { nullable: true, description: 'The chosen option code; null = not answered.' })
  @IsOptional()
  @IsInt()
  @Min(-1000)
  @Max(1000)
  value?: number | null;
}

const IDEMPOTENCY = /^[A-Za-z0-9_-]{8,128}$/;

@InputType()
export class SubmitSurveyResponseInput {
  @Field({ description: 'The token from the survey link.' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'token is not a survey link token' })
  token: string;

  @Field(() => [AnswerInput])
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => AnswerInput)
  answers: AnswerInput[];

  @Field({ description: 'Chosen by the client (e.g. a UUID) and reused on every retry of the same submission.' })
  @Matches(IDEMPOTENCY, { message: 'idempotencyKey must be 8–128 letters, digits, - or _' })
  idempotencyKey: string;
}

@InputType()
export class SaveSurveyDraftInput {
  @Field()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'token is not a survey link token' })
  token: string;

  @Field(() => [AnswerInput])
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => AnswerInput)
  answers: AnswerInput[];
}

@InputType()
export class EnterPaperResponseInput {
  @Field(() => ID)
  @IsUUID()
  assignmentId: string;

  @Field(() => [AnswerInput])
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => AnswerInput)
  answers: AnswerInput[];

  @Field()
  @Matches(IDEMPOTENCY, { message: 'idempotencyKey must be 8–128 letters, digits, - or _' })
  idempotencyKey: string;
}
