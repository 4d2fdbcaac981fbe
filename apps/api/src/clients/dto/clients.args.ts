import { ArgsType, Field } from '@nestjs/graphql';
import { IsOptional, Matches } from 'class-validator';
import { PageArgs } from '../../common/common.args.js';

@ArgsType()
export class ClientsArgs extends PageArgs {
  @Field({ nullable: true, description: 'Study codes starting with this text.' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,40}$/)
  studyCodePrefix?: string;
}
