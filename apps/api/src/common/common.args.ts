import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsInt, IsUUID, Max, Min } from 'class-validator';

@ArgsType()
export class IdArgs {
  @Field(() => ID)
  @IsUUID()
  id: string;
}

export const MAX_PAGE_SIZE = 200;

// Bounded pages: asking for more than MAX_PAGE_SIZE is an error naming the argument, not a silent cut.
@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 50, description: `1 to ${MAX_PAGE_SIZE}` })
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first: number = 50;

  @Field(() => Int, { defaultValue: 0 })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset: number = 0;
}
