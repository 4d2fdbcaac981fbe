import { ArgsType, Field } from '@nestjs/graphql';
import { ArrayMaxSize, IsBoolean, IsIn, IsOptional } from 'class-validator';
import { ASSIGNMENT_STATUSES, TIME_POINTS, type AssignmentStatus, type TimePoint } from '../../../../../libs/domain/src/index.js';
import { PageArgs } from '../../common/common.args.js';
import { AssignmentStatusEnum, TimePointEnum } from '../../common/graphql-enums.js';

@ArgsType()
export class SurveyAssignmentsArgs extends PageArgs {
  @Field(() => [AssignmentStatusEnum], { nullable: true, description: 'Default: OPEN and SCHEDULED.' })
  @IsOptional()
  @ArrayMaxSize(5)
  @IsIn(ASSIGNMENT_STATUSES, { each: true })
  status?: AssignmentStatus[];

  @Field(() => [TimePointEnum], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(5)
  @IsIn(TIME_POINTS, { each: true })
  timePoint?: TimePoint[];

  @Field({ nullable: true, description: 'Only open assignments past their due day.' })
  @IsOptional()
  @IsBoolean()
  lateOnly?: boolean;
}
