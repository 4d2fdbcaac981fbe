import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { Clinic } from '../clinic.entity.js';

@ObjectType('Clinic')
export class ClinicObject {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field({ description: 'ISO 3166-1 alpha-2' }) country: string;
  @Field({ description: 'IANA time zone' }) timeZone: string;
  @Field() createdAt: Date;
}

export const toClinicObject = (c: Clinic): ClinicObject => ({
  id: c.id,
  name: c.name,
  country: c.country,
  timeZone: c.timeZone,
  createdAt: c.createdAt,
});
