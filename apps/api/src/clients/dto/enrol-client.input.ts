import { Field, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { HAIR_LOSS_TYPES, PRIOR_TREATMENTS, SEXES, type HairLossType, type PriorTreatment, type Sex } from '../../../../../libs/domain/src/index.js';
import { HairLossTypeEnum, PriorTreatmentEnum, SexEnum } from '../../common/graphql-enums.js';
import { ConsentGrantInput } from '../../consent/dto/consent.object.js';

@InputType()
export class EnrolClientInput {
  @Field({ description: 'Pseudonymous code the clinic uses for the client (letters, digits, - and _; unique in the clinic).' })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, { message: 'studyCode must be 1–40 letters, digits, - or _' })
  studyCode: string;

  @Field({ nullable: true, description: 'For survey invitations; stored encrypted, never shown to researchers.' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @Field({ nullable: true, description: 'E.164, e.g. +4915112345678; stored encrypted.' })
  @IsOptional()
  @Matches(/^\+[1-9]\d{6,14}$/, { message: 'phone must be in E.164 form, e.g. +4915112345678' })
  phone?: string;

  @Field({ nullable: true, defaultValue: 'en', description: 'Two-letter language for questionnaires.' })
  @IsOptional()
  @Matches(/^[a-z]{2}$/, { message: 'language must be a two-letter code such as en' })
  language?: string;

  @Field(() => Int, { description: 'Birth year only; reports use 10-year age bands.' })
  @IsInt()
  @Min(1900)
  @Max(2100)
  birthYear: number;

  @Field(() => SexEnum)
  @IsIn(SEXES)
  sex: Sex;

  @Field(() => HairLossTypeEnum)
  @IsIn(HAIR_LOSS_TYPES)
  hairLossType: HairLossType;

  @Field(() => Int, { nullable: true, description: 'Norwood–Hamilton 1–7 (male pattern).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(7)
  norwoodGrade?: number;

  @Field(() => Int, { nullable: true, description: 'Ludwig I–III as 1–3 (female pattern).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3)
  ludwigGrade?: number;

  @Field(() => Int, { description: 'Fitzpatrick skin type I–VI as 1–6.' })
  @IsInt()
  @Min(1)
  @Max(6)
  fitzpatrickType: number;

  @Field(() => [PriorTreatmentEnum], { defaultValue: [] })
  @ArrayMaxSize(5)
  @ArrayUnique()
  @IsIn(PRIOR_TREATMENTS, { each: true })
  priorTreatments: PriorTreatment[];

  @Field(() => [ConsentGrantInput], { description: 'CARE consent is required to enrol; RESEARCH is optional.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  @ValidateNested({ each: true })
  @Type(() => ConsentGrantInput)
  consents: ConsentGrantInput[];
}
