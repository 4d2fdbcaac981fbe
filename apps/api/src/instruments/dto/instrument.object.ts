import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import type { InstrumentDefinition, ItemDefinition, ScaleDefinition } from '../../../../../libs/scoring/src/instrument.types.js';
import type { InstrumentVersion } from '../instrument-version.entity.js';

@ObjectType('ResponseOption')
export class ResponseOptionObject {
  @Field(() => Int) code: number;
  @Field() label: string;
}

@ObjectType('InstrumentItem')
export class InstrumentItemObject {
  @Field() code: string;
  @Field() text: string;
  @Field() required: boolean;
  @Field({ description: 'Scored as (min + max − answer).' }) reverseScored: boolean;
  @Field(() => [ResponseOptionObject]) options: ResponseOptionObject[];
}

@ObjectType('InstrumentScale')
export class InstrumentScaleObject {
  @Field() key: string;
  @Field() name: string;
  @Field() method: string;
  @Field(() => Float) min: number;
  @Field(() => Float) max: number;
  @Field() higherIsBetter: boolean;
  @Field({ description: 'The missing-item rule in words.' }) missingItemRule: string;
  @Field(() => Float, { nullable: true }) mcid: number | null;
  @Field(() => Float, { nullable: true }) reliability: number | null;
  @Field() source: string;
  @Field(() => [String]) itemCodes: string[];
}

@ObjectType('Instrument')
export class InstrumentObject {
  @Field(() => ID) id: string;
  @Field() key: string;
  @Field() version: string;
  @Field() title: string;
  @Field({ description: 'Language the texts are in: the one asked for when the instrument has it, else en.' })
  language: string;
  @Field(() => [String]) languages: string[];
  @Field() licence: string;
  @Field() publishedAt: Date;
  @Field(() => [InstrumentItemObject]) items: InstrumentItemObject[];
  @Field(() => [InstrumentScaleObject]) scales: InstrumentScaleObject[];
}

export function pickLanguage(def: InstrumentDefinition, wanted: string | null | undefined): string {
  return wanted && def.languages.includes(wanted) ? wanted : 'en';
}

const text = (t: Readonly<Record<string, string>>, lang: string) => t[lang] ?? t['en'] ?? '';

export function toItemObjects(def: InstrumentDefinition, lang: string): InstrumentItemObject[] {
  return def.items.map((i: ItemDefinition) => ({
    code: i.code,
    text: text(i.text, lang),
    required: i.required,
    reverseScored: i.reverse,
    options: i.options.map((o) => ({ code: o.code, label: text(o.label, lang) })),
  }));
}

const missingRule = (s: ScaleDefinition) =>
  s.missing.kind === 'NONE_ALLOWED' ? 'no score when any item is missing' : `prorated when at most ${s.missing.maxMissing} item(s) are missing`;

export function toInstrumentObject(v: InstrumentVersion, wanted?: string | null): InstrumentObject {
  const def = v.definition;
  const lang = pickLanguage(def, wanted);
  return {
    id: v.id,
    key: v.key,
    version: v.version,
    title: text(def.title, lang),
    language: lang,
    languages: [...def.languages],
    licence: def.licence,
    publishedAt: v.publishedAt,
    items: toItemObjects(def, lang),
    scales: def.scales.map((s) => ({
      key: s.key,
      name: text(s.name, lang),
      method: s.method,
      min: s.min,
      max: s.max,
      higherIsBetter: s.higherIsBetter,
      missingItemRule: missingRule(s),
      mcid: s.mcid,
      reliability: s.reliability,
      source: s.source,
      itemCodes: [...s.itemCodes],
    })),
  };
}
