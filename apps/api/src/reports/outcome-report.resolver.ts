import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { requireRole } from '../common/access.js';
import type { GqlContext } from '../graphql/graphql-context.js';
import { OutcomeReportInput } from './dto/outcome-report.input.js';
import { OutcomeReport, PrivacyBudget } from './dto/outcome-report.object.js';
import { OutcomeReportService } from './outcome-report.service.js';

@Resolver(() => OutcomeReport)
export class OutcomeReportResolver {
  constructor(private readonly reports: OutcomeReportService) {}

  @Query(() => OutcomeReport, {
    description:
      'RESEARCHER: anonymised pooled outcomes of one scale at chosen follow-ups (research-consented clients only). Exact for the catalogue ' +
      '(no filters, at most one of HAIR_LOSS_TYPE, SEX, AGE_BAND, CLINIC) on the monthly snapshot; anything else needs epsilon and is noisy.',
  })
  async outcomeReport(@Args('input') input: OutcomeReportInput, @Context() ctx: GqlContext): Promise<OutcomeReport> {
    return (await this.reports.report(requireRole(ctx, ['RESEARCHER']), input, 'GRAPHQL')).graphql;
  }

  @Query(() => PrivacyBudget, { description: 'RESEARCHER: the ε allowance of this month, what is spent and what is left.' })
  privacyBudget(@Context() ctx: GqlContext): Promise<PrivacyBudget> {
    return this.reports.budgetOf(requireRole(ctx, ['RESEARCHER']));
  }
}
