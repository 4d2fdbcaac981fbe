import { Args, ArgsType, Context, Field, Query, Resolver } from '@nestjs/graphql';
import { IsOptional, Matches } from 'class-validator';
import { requireRole } from '../common/access.js';
import type { GqlContext } from '../graphql/graphql-context.js';
import { InstrumentObject, toInstrumentObject } from './dto/instrument.object.js';
import { InstrumentsService } from './instruments.service.js';

@ArgsType()
export class InstrumentsArgs {
  @Field({ nullable: true, description: 'Two-letter language code for the texts; English when absent or not available.' })
  @IsOptional()
  @Matches(/^[a-z]{2}$/)
  language?: string;
}

@Resolver(() => InstrumentObject)
export class InstrumentsResolver {
  constructor(private readonly instrumentsService: InstrumentsService) {}

  @Query(() => [InstrumentObject], { description: 'Any signed-in account: the published instrument versions.' })
  async instruments(@Args() args: InstrumentsArgs, @Context() ctx: GqlContext): Promise<InstrumentObject[]> {
    requireRole(ctx, ['ADMIN', 'CLINIC_STAFF', 'RESEARCHER']);
    return (await this.instrumentsService.list()).map((v) => toInstrumentObject(v, args.language));
  }
}
