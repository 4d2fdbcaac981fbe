import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsUUID } from 'class-validator';

@ArgsType()
export class SurveyAssignmentIdArgs {
  @Field(() => ID)
  @IsUUID()
  assignmentId: string;
}
