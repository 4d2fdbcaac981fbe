import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { HairLossType, PriorTreatment, Sex } from '../../../../../libs/domain/src/index.js';
import { HairLossTypeEnum, PriorTreatmentEnum, SexEnum } from '../../common/graphql-enums.js';
import type { Client } from '../client.entity.js';

// Staff-only type (their own clinic's clients). Researchers never reach it.
@ObjectType('Client')
export class ClientObject {
  @Field(() => ID) id: string;
  @Field(() => ID) clinicId: string;
  @Field() studyCode: string;
  @Field(() => String, { nullable: true }) email: string | null;
  @Field(() => String, { nullable: true }) phone: string | null;
  @Field() language: string;
  @Field(() => Int) birthYear: number;
  @Field(() => SexEnum) sex: Sex;
  @Field(() => HairLossTypeEnum) hairLossType: HairLossType;
  @Field(() => Int, { nullable: true }) norwoodGrade: number | null;
  @Field(() => Int, { nullable: true }) ludwigGrade: number | null;
  @Field(() => Int) fitzpatrickType: number;
  @Field(() => [PriorTreatmentEnum]) priorTreatments: PriorTreatment[];
  @Field() enrolledAt: Date;
}

@ObjectType()
export class ErasureReceipt {
  @Field(() => ID) clientId: string;
  @Field() erasedAt: Date;
}

@ObjectType()
export class ClientPage {
  @Field(() => [ClientObject]) items: ClientObject[];
  @Field(() => Int) totalCount: number;
}

export function toClientObject(c: Client, contact: { email?: string | null; phone?: string | null }): ClientObject {
  return {
    id: c.id,
    clinicId: c.clinicId,
    studyCode: c.studyCode,
    email: contact.email ?? null,
    phone: contact.phone ?? null,
    language: c.language,
    birthYear: c.birthYear,
    sex: c.sex,
    hairLossType: c.hairLossType,
    norwoodGrade: c.norwoodGrade,
    ludwigGrade: c.ludwigGrade,
    fitzpatrickType: c.fitzpatrickType,
    priorTreatments: c.priorTreatments,
    enrolledAt: c.enrolledAt,
  };
}
