import { Field, ID, InputType } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
} from 'class-validator';
import {
  ADVERSE_EVENT_TYPES,
  INSURANCE_COVERAGES,
  PRICE_BANDS,
  SESSION_KINDS,
  SEVERITIES,
  TREATMENT_AREAS,
  type AdverseEventType,
  type InsuranceCoverage,
  type PriceBand,
  type SessionKind,
  type Severity,
  type TreatmentArea,
} from '../../../../../libs/domain/src/index.js';
import {
  AdverseEventTypeEnum,
  InsuranceCoverageEnum,
  PriceBandEnum,
  SessionKindEnum,
  SeverityEnum,
  TreatmentAreaEnum,
} from '../../common/graphql-enums.js';
import { IsCalendarDate } from '../../common/validators.js';

@InputType()
export class UpdateTreatmentCourseInput {
  @Field(() => ID)
  @IsUUID()
  clientId: string;

  @Field(() => PriceBandEnum, { nullable: true })
  @IsOptional()
  @IsIn(PRICE_BANDS)
  priceBand?: PriceBand;

  @Field(() => InsuranceCoverageEnum, { nullable: true })
  @IsOptional()
  @IsIn(INSURANCE_COVERAGES)
  insuranceCoverage?: InsuranceCoverage;

  @Field({ nullable: true, description: 'Pigment shade matched to the skin tone, e.g. "Shade 3 warm".' })
  @IsOptional()
  @IsString()
  @Length(1, 80)
  pigmentShade?: string;
}

@InputType()
export class RecordTreatmentSessionInput {
  @Field(() => ID)
  @IsUUID()
  clientId: string;

  @Field({ description: 'YYYY-MM-DD, not in the future.' })
  @IsCalendarDate()
  sessionDate: string;

  @Field(() => SessionKindEnum, { defaultValue: 'TREATMENT' })
  @IsIn(SESSION_KINDS)
  kind: SessionKind;

  @Field({ defaultValue: false, description: 'The last session of the course: schedules the follow-ups.' })
  @IsBoolean()
  isFinal: boolean;

  @Field(() => [TreatmentAreaEnum])
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ArrayUnique()
  @IsIn(TREATMENT_AREAS, { each: true })
  areas: TreatmentArea[];

  @Field(() => ID, { nullable: true, description: 'Staff account of the clinic who performed the session.' })
  @IsOptional()
  @IsUUID()
  practitionerId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 80)
  pigmentShade?: string;
}

@InputType()
export class RecordAdverseEventInput {
  @Field(() => ID)
  @IsUUID()
  clientId: string;

  @Field(() => AdverseEventTypeEnum)
  @IsIn(ADVERSE_EVENT_TYPES)
  type: AdverseEventType;

  @Field({ description: 'YYYY-MM-DD, not in the future.' })
  @IsCalendarDate()
  onsetDate: string;

  @Field(() => SeverityEnum)
  @IsIn(SEVERITIES)
  severity: Severity;
}
