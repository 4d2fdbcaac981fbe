import { Context, Query, Resolver } from '@nestjs/graphql';
import { requireClinicStaff } from '../common/access.js';
import type { GqlContext } from '../graphql/graphql-context.js';
import { ClinicDashboardService } from './clinic-dashboard.service.js';
import { ClinicDashboard } from './dto/clinic-dashboard.object.js';

@Resolver(() => ClinicDashboard)
export class ClinicDashboardResolver {
  constructor(private readonly dashboards: ClinicDashboardService) {}

  @Query(() => ClinicDashboard, { description: "CLINIC_STAFF: the own clinic's enrolment, response rates, satisfaction, outcomes, adverse events and funnel position." })
  clinicDashboard(@Context() ctx: GqlContext): Promise<ClinicDashboard> {
    return this.dashboards.dashboard(requireClinicStaff(ctx));
  }
}
