import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { AdverseEventType, InsuranceCoverage, PriceBand, SessionKind, Severity, TreatmentArea } from '../../../../../libs/domain/src/index.js';
import {
  AdverseEventTypeEnum,
  InsuranceCoverageEnum,
  PriceBandEnum,
  SessionKindEnum,
  SeverityEnum,
  TreatmentAreaEnum,
} from '../../common/graphql-enums.js';

@ObjectType('TreatmentSession')
export class TreatmentSessionObject {
  @Field(() => ID) id: string;
  @Field({ description: 'YYYY-MM-DD' }) sessionDate: string;
  @Field(() => SessionKindEnum) kind: SessionKind;
  @Field() isFinal: boolean;
  @Field(() => [TreatmentAreaEnum]) areas: TreatmentArea[];
  @Field(() => String, { nullable: true, description: 'Practitioner pseudonym, never the name.' }) practitioner: string | null;
  @Field(() => String, { nullable: true }) pigmentShade: string | null;
}

@ObjectType('AdverseEvent')
export class AdverseEventObject {
  @Field(() => ID) id: string;
  @Field(() => AdverseEventTypeEnum) type: AdverseEventType;
  @Field({ description: 'YYYY-MM-DD' }) onsetDate: string;
  @Field(() => SeverityEnum) severity: Severity;
}

@ObjectType('TreatmentCourse')
export class TreatmentCourseObject {
  @Field(() => ID) id: string;
  @Field(() => ID) clientId: string;
  @Field(() => PriceBandEnum) priceBand: PriceBand;
  @Field(() => InsuranceCoverageEnum) insuranceCoverage: InsuranceCoverage;
  @Field(() => String, { nullable: true }) pigmentShade: string | null;
  @Field(() => String, { nullable: true, description: 'Closes the BASELINE window.' }) firstSessionDate: string | null;
  @Field(() => String, { nullable: true, description: 'Anchors the MONTH_1/3/6/12 follow-ups; touch-ups do not move it.' })
  finalSessionDate: string | null;
  @Field(() => [TreatmentSessionObject]) sessions: TreatmentSessionObject[];
  @Field(() => [AdverseEventObject]) adverseEvents: AdverseEventObject[];
}
