import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { requireClinicStaff } from '../common/access.js';
import type { GqlContext } from '../graphql/graphql-context.js';
import { ConsentService } from './consent.service.js';
import { ConsentObject, RecordConsentInput, toConsentObject, WithdrawConsentInput } from './dto/consent.object.js';

@Resolver(() => ConsentObject)
export class ConsentResolver {
  constructor(private readonly consent: ConsentService) {}

  @Mutation(() => ConsentObject, { description: 'CLINIC_STAFF: record a CARE or RESEARCH consent for a client of their clinic.' })
  async recordConsent(@Args('input') input: RecordConsentInput, @Context() ctx: GqlContext): Promise<ConsentObject> {
    const p = requireClinicStaff(ctx);
    return toConsentObject(await this.consent.record(p, input.clientId, input.scope, input.version));
  }

  @Mutation(() => ConsentObject, { description: 'CLINIC_STAFF: record a withdrawal; the data leaves every later report.' })
  async withdrawConsent(@Args('input') input: WithdrawConsentInput, @Context() ctx: GqlContext): Promise<ConsentObject> {
    const p = requireClinicStaff(ctx);
    return toConsentObject(await this.consent.withdraw(p, input.clientId, input.scope));
  }
}
