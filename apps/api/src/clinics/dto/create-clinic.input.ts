import { Field, InputType } from '@nestjs/graphql';
import { IsISO31661Alpha2, IsString, Length } from 'class-validator';
import { IsTimeZone } from '../../common/validators.js';

@InputType()
export class CreateClinicInput {
  @Field()
  @IsString()
  @Length(1, 200)
  name: string;

  @Field({ description: 'ISO 3166-1 alpha-2, upper case (e.g. DE)' })
  @IsISO31661Alpha2()
  country: string;

  @Field({ description: 'IANA time zone, e.g. Europe/Berlin' })
  @IsTimeZone()
  timeZone: string;
}
