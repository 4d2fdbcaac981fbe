import { Field, InputType, Int, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, Min, ValidateNested,
} from 'class-validator';
import { AGE_BANDS } from '../../../../../libs/anonymisation/src/index.js';
import {
  HAIR_LOSS_TYPES, INSURANCE_COVERAGES, SEXES, TREATMENT_AREAS,
  type HairLossType, type InsuranceCoverage, type Sex, type TreatmentArea,
} from '../../../../../libs/domain/src/index.js';
import { FOLLOW_UP_TIME_POINTS, REPORT_DIMENSIONS, type FollowUpTimePoint, type ReportDimension } from '../../../../../libs/reports/src/index.js';
import { HairLossTypeEnum, InsuranceCoverageEnum, SexEnum, TreatmentAreaEnum } from '../../common/graphql-enums.js';

const asEnum = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
export const ReportDimensionEnum = asEnum(REPORT_DIMENSIONS);
export const FollowUpTimePointEnum = asEnum(FOLLOW_UP_TIME_POINTS);
registerEnumType(ReportDimensionEnum, { name: 'ReportDimension', description: 'What a report can be filtered or grouped by (all generalised).' });
registerEnumType(FollowUpTimePointEnum, { name: 'FollowUpTimePoint' });

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

@InputType({ description: 'Any filter makes the report noisy (differential privacy, spends ε).' })
export class ReportFiltersInput {
  @Field(() => [HairLossTypeEnum], { nullable: true }) @IsOptional() @ArrayMaxSize(HAIR_LOSS_TYPES.length) @ArrayUnique() @IsIn(HAIR_LOSS_TYPES, { each: true })
  hairLossTypes?: HairLossType[];

  @Field(() => [SexEnum], { nullable: true }) @IsOptional() @ArrayMaxSize(SEXES.length) @ArrayUnique() @IsIn(SEXES, { each: true })
  sexes?: Sex[];

  @Field(() => [String], { nullable: true, description: `Age bands at enrolment: ${AGE_BANDS.join(', ')}` })
  @IsOptional() @ArrayMaxSize(AGE_BANDS.length) @ArrayUnique() @IsIn(AGE_BANDS, { each: true })
  ageBands?: string[];

  @Field(() => [Int], { nullable: true }) @IsOptional() @ArrayMaxSize(6) @ArrayUnique() @IsInt({ each: true }) @Min(1, { each: true }) @Max(6, { each: true })
  fitzpatrickTypes?: number[];

  @Field(() => [String], { nullable: true, description: 'ISO 3166-1 alpha-2 country of the clinic' })
  @IsOptional() @ArrayMaxSize(50) @ArrayUnique() @Matches(/^[A-Z]{2}$/, { each: true, message: 'countries must be ISO 3166-1 alpha-2 codes' })
  countries?: string[];

  @Field(() => [TreatmentAreaEnum], { nullable: true, description: 'Clients treated in any of these areas' })
  @IsOptional() @ArrayMaxSize(TREATMENT_AREAS.length) @ArrayUnique() @IsIn(TREATMENT_AREAS, { each: true })
  areasTreated?: TreatmentArea[];

  @Field(() => [InsuranceCoverageEnum], { nullable: true }) @IsOptional() @ArrayMaxSize(INSURANCE_COVERAGES.length) @ArrayUnique() @IsIn(INSURANCE_COVERAGES, { each: true })
  insuranceCoverages?: InsuranceCoverage[];

  @Field({ nullable: true, description: 'Final session from this month (YYYY-MM)' }) @IsOptional() @Matches(MONTH, { message: 'treatmentMonthFrom must be YYYY-MM' })
  treatmentMonthFrom?: string;

  @Field({ nullable: true, description: 'Final session up to this month (YYYY-MM), inclusive' }) @IsOptional() @Matches(MONTH, { message: 'treatmentMonthTo must be YYYY-MM' })
  treatmentMonthTo?: string;
}

@InputType()
export class OutcomeReportInput {
  @Field({ description: 'Instrument key, e.g. RSES' }) @Matches(/^[A-Z][A-Z0-9_]{1,39}$/, { message: 'instrumentKey must be an instrument key such as RSES' })
  instrumentKey: string;

  @Field({ description: 'Scale key of the instrument, e.g. RSES_TOTAL' }) @Matches(/^[A-Z][A-Z0-9_]{1,39}$/, { message: 'scaleKey must be a scale key such as RSES_TOTAL' })
  scaleKey: string;

  @Field(() => [FollowUpTimePointEnum]) @ArrayMinSize(1) @ArrayMaxSize(4) @ArrayUnique() @IsIn(FOLLOW_UP_TIME_POINTS, { each: true })
  timePoints: FollowUpTimePoint[];

  @Field(() => ReportFiltersInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => ReportFiltersInput)
  filters?: ReportFiltersInput;

  @Field(() => [ReportDimensionEnum], { nullable: true, defaultValue: [] }) @IsOptional() @ArrayMaxSize(2) @ArrayUnique() @IsIn(REPORT_DIMENSIONS, { each: true })
  groupBy?: ReportDimension[];

  @Field({ nullable: true, defaultValue: false, description: 'true: read live data instead of the monthly snapshot (noisy, spends ε)' })
  @IsOptional() @IsBoolean()
  live?: boolean;

  @Field({ nullable: true, description: 'ε to spend (e.g. "0.5", up to 3 decimals): the report is then noisy. Required for anything outside the exact catalogue.' })
  @IsOptional() @Matches(/^(0|[1-9]\d?)(\.\d{1,3})?$/, { message: 'epsilon must be a decimal such as 0.5 (at most 3 decimals, below 100)' })
  epsilon?: string;
}
