import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import type { TimePoint } from '../../../../../libs/domain/src/index.js';
import type { FollowUpTimePoint } from '../../../../../libs/reports/src/index.js';
import { TimePointEnum } from '../../common/graphql-enums.js';
import { FollowUpTimePointEnum } from './outcome-report.input.js';
import { DescriptiveStatistics, FunnelPointObject, PairedChangeStatistics } from './outcome-report.object.js';

@ObjectType()
export class MonthCount {
  @Field({ description: 'YYYY-MM (UTC)' }) month: string;
  @Field(() => Int) count: number;
}

@ObjectType()
export class ResponseRate {
  @Field(() => TimePointEnum) timePoint: TimePoint;
  @Field(() => Int, { description: 'Surveys answered or whose window has closed' }) eligible: number;
  @Field(() => Int) responded: number;
  @Field(() => Float, { nullable: true }) responseRate: number | null;
}

@ObjectType()
export class ValueCount {
  @Field(() => Int) value: number;
  @Field(() => Int) count: number;
}

@ObjectType()
export class SatisfactionAtTimePoint {
  @Field(() => FollowUpTimePointEnum) timePoint: FollowUpTimePoint;
  @Field(() => DescriptiveStatistics, { description: 'SMP_SAT score 0–100' }) smpSat: DescriptiveStatistics;
  @Field(() => [ValueCount], { description: 'PGIC answers 1–7 and how many gave each' }) pgic: ValueCount[];
}

@ObjectType()
export class GroupChange {
  @Field({ description: 'Practitioner pseudonym or treatment month (YYYY-MM); NONE when unknown' }) group: string;
  @Field(() => Int) n: number;
  @Field(() => Float, { nullable: true }) meanChange: number | null;
  @Field(() => Float, { nullable: true }) ciLower: number | null;
  @Field(() => Float, { nullable: true }) ciUpper: number | null;
}

@ObjectType()
export class ClinicFunnel {
  @Field(() => FunnelPointObject, { nullable: true, description: "This clinic's point (its own live data)" }) own: FunnelPointObject | null;
  @Field(() => [FunnelPointObject], { description: 'Other clinics with n ≥ k from the research snapshot, anonymised (no labels)' }) peers: FunnelPointObject[];
  @Field(() => Float, { nullable: true, description: 'Random-effects pooled mean change of the registry' }) center: number | null;
  @Field(() => Float, { nullable: true }) sigma: number | null;
}

@ObjectType()
export class ClinicOutcome {
  @Field() instrumentKey: string;
  @Field() scaleKey: string;
  @Field(() => FollowUpTimePointEnum) timePoint: FollowUpTimePoint;
  @Field(() => PairedChangeStatistics) statistics: PairedChangeStatistics;
  @Field(() => [GroupChange]) byPractitioner: GroupChange[];
  @Field(() => [GroupChange]) byTreatmentMonth: GroupChange[];
  @Field(() => ClinicFunnel) funnel: ClinicFunnel;
}

@ObjectType()
export class AdverseEventTypeCount {
  @Field() type: string;
  @Field(() => Int) events: number;
  @Field(() => Int) clients: number;
}

@ObjectType()
export class AdverseEventSummary {
  @Field(() => Int, { description: 'Clients with at least one treatment session' }) treatedClients: number;
  @Field(() => Int) clientsWithEvents: number;
  @Field(() => Float, { nullable: true }) rate: number | null;
  @Field(() => [AdverseEventTypeCount]) byType: AdverseEventTypeCount[];
}

@ObjectType({ description: "A clinic's own outcomes and satisfaction (CARE-consented clients, live data)." })
export class ClinicDashboard {
  @Field() generatedAt: Date;
  @Field(() => Int, { description: 'Clients with current CARE consent' }) clients: number;
  @Field(() => [MonthCount]) enrolmentByMonth: MonthCount[];
  @Field(() => [ResponseRate]) responseRates: ResponseRate[];
  @Field(() => [SatisfactionAtTimePoint]) satisfaction: SatisfactionAtTimePoint[];
  @Field(() => [ClinicOutcome], { description: 'Change from baseline in RSES, WHO5 and HLD per follow-up' }) outcomes: ClinicOutcome[];
  @Field(() => AdverseEventSummary) adverseEvents: AdverseEventSummary;
}
