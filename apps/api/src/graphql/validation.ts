import { createRequire } from 'node:module';
import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { TransformationType } from 'class-transformer';
import type { MetadataStorage as TransformerStorage } from 'class-transformer/types/MetadataStorage.js';
import { getMetadataStorage, validate, type ValidatorOptions } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata.js';
import { badInput, type FieldProblem } from '../common/app-error.js';

function flatten(errors: readonly ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

// A UTF-16 code unit of a surrogate pair standing alone: not text in any encoding. With the `u`
// flag a proper pair is one code point, so only unpaired halves match.
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * The path of the first string that is not well-formed Unicode, in the notation of the
 * validation errors (`answers.0.itemCode`); `field` for a string argument itself.
 */
export function firstMalformedString(value: unknown, field: string): string | null {
  const keys = malformedKeys(value);
  return keys === null ? null : (field === '' ? keys : [field, ...keys]).join('.');
}

/**
 * The keys down to the first malformed string ([] for a malformed string itself), or null. Almost
 * every argument is well-formed, so the keys are collected only on the way back from a find.
 */
function malformedKeys(value: unknown): string[] | null {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? [] : null;
  if (value === null || typeof value !== 'object') return null;
  const proto = Object.getPrototypeOf(value);
  // Plain objects, lists and GraphQL's prototype-less argument objects; not Dates or class instances.
  if (!Array.isArray(value) && proto !== null && proto !== Object.prototype) return null;
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const below = malformedKeys((value as Record<string, unknown>)[key]);
    if (below !== null) return (below.unshift(key), below);
  }
  return null;
}

// class-transformer's own registry of @Type, @Expose, @Exclude and @Transform (the one its
// plainToInstance reads; not exported from the package's index).
const transformerStorage = (createRequire(import.meta.url)('class-transformer/cjs/storage.js') as { defaultMetadataStorage: TransformerStorage })
  .defaultMetadataStorage;

/** How one property of an input class is built: copied, or built as the class (or Date) of its @Type. */
type PropertyPlan = { readonly kind: 'copy' } | { readonly kind: 'typed'; readonly type: Function } | { readonly kind: 'unsupported' };
const UNSUPPORTED: PropertyPlan = { kind: 'unsupported' };
const COPY: PropertyPlan = { kind: 'copy' };
const plans = new WeakMap<Function, Map<string, PropertyPlan>>();

/**
 * What plainToInstance would do with `key` of an object of `cls`, when it is simple: no @Expose,
 * @Exclude or @Transform, no discriminator, no accessor or method of that name on the class; the
 * property either has no @Type or a @Type of a class (or Date) that does not depend on the value.
 */
function propertyPlan(cls: Function, key: string): PropertyPlan {
  let byKey = plans.get(cls);
  if (!byKey) plans.set(cls, (byKey = new Map()));
  let plan = byKey.get(key);
  if (plan) return plan;
  plan = UNSUPPORTED;
  const decorated =
    transformerStorage.findExposeMetadataByCustomName(cls, key) !== undefined ||
    transformerStorage.findExposeMetadata(cls, key) !== undefined ||
    transformerStorage.findExcludeMetadata(cls, key) !== undefined ||
    transformerStorage.findTransformMetadatas(cls, key, TransformationType.PLAIN_TO_CLASS).length > 0;
  // Inherited accessors and methods too: class-transformer skips a key that has one on the prototype chain.
  const onPrototype = key in cls.prototype || key === '__proto__' || key === 'constructor';
  if (!decorated && !onPrototype) {
    const typed = transformerStorage.findTypeMetadata(cls, key);
    if (!typed) plan = COPY;
    else if (!typed.options?.discriminator && typed.typeFunction) {
      const type = typed.typeFunction() as unknown;
      if (typeof type === 'function' && type !== String && type !== Number && type !== Boolean && type !== Map && type !== Set) plan = { kind: 'typed', type };
    }
  }
  byKey.set(key, plan);
  return plan;
}

const NOT_BUILT = Symbol('not built');
const MALFORMED = Symbol('malformed string');
type Built = unknown | typeof NOT_BUILT | typeof MALFORMED;

/** A GraphQL input object: a prototype-less object (graphql-js builds them so) or a plain one. */
function isInputObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === null || proto === Object.prototype;
}

/**
 * An argument as `new cls()` with its fields, built in one walk — what class-transformer's
 * plainToInstance returns for a GraphQL argument, without the per-key metadata lookups and the
 * three walks Nest's pipe adds (gaps in lists, prototype keys, binary values), which a value that
 * graphql-js has coerced cannot hold: it builds fresh objects with only the schema's fields, dense
 * lists, no Buffers. Strings are checked for unpaired surrogates on the way. Returns NOT_BUILT for
 * any value this does not cover exactly (a decorator other than a plain @Type, a nested object
 * without @Type, a sparse list…): the pipe then takes class-transformer's way.
 */
function build(cls: Function, value: Record<string, unknown>): Built {
  const out = new (cls as new () => Record<string, unknown>)();
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const plan = propertyPlan(cls, key);
    if (plan.kind === 'unsupported' || typeof out[key] === 'function') return NOT_BUILT;
    const v = buildValue(plan, value[key]);
    if (v === NOT_BUILT || v === MALFORMED) return v;
    out[key] = v;
  }
  return out;
}

function buildValue(plan: PropertyPlan, v: unknown): Built {
  if (typeof v === 'string' && LONE_SURROGATE.test(v)) return MALFORMED;
  // class-transformer makes a Date of a @Type(() => Date) string or number, and leaves other
  // primitives, and null, as they are.
  if (v === null || typeof v !== 'object') return plan.kind === 'typed' && plan.type === Date && v !== undefined && v !== null ? NOT_BUILT : v;
  if (Array.isArray(v)) {
    const list: unknown[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      if (!(i in v)) return NOT_BUILT;
      const item = buildValue(plan, v[i]);
      if (item === NOT_BUILT || item === MALFORMED) return item;
      list[i] = item;
    }
    return list;
  }
  if (v instanceof Date) return plan.kind === 'typed' && plan.type !== Date ? NOT_BUILT : new Date(v.valueOf());
  if (plan.kind !== 'typed' || plan.type === Date || !isInputObject(v)) return NOT_BUILT;
  return build(plan.type, v);
}

/** The argument as the pipe's own walk builds it, or null where the pipe leaves it to Nest's (for tests). */
export function builtArgument(cls: Function, value: unknown): object | null {
  const built = isInputObject(value) ? build(cls, value) : NOT_BUILT;
  return built === NOT_BUILT || built === MALFORMED ? null : (built as object);
}

const PRIMITIVES: readonly Function[] = [String, Boolean, Number, Array, Object, Buffer, Date];

/**
 * Validators and the database assume text: validator.js's isEmail throws on a lone surrogate
 * (encodeURI), and the driver would store U+FFFD in its place. So every GraphQL argument is checked
 * for well-formed strings before class-validator sees it.
 *
 * An input-class argument is built by `build` and validated by class-validator with the pipe's own
 * options: the same instance, rules and errors as Nest's pipe, at about half its cost (a survey
 * submission's 21 objects took ~90 µs through Nest's pipe, of which ~45 µs were class-transformer
 * and Nest's walks). Anything `build` does not cover goes through Nest's pipe unchanged.
 */
class GraphQLInputPipe extends ValidationPipe {
  private fastOptions: ValidatorOptions | null = null;

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Nest hands GraphQL arguments to pipes as 'body' (GqlParamtype.ARGS shares the number of
    // RouteParamtypes.BODY); context, parent and info come as 'custom'.
    if (metadata.type !== 'body') return super.transform(value, metadata);
    const cls = metadata.metatype;
    if (cls && !PRIMITIVES.includes(cls) && isInputObject(value)) {
      const built = build(cls, value);
      if (built === MALFORMED) throw malformed(value, '');
      if (built !== NOT_BUILT) {
        const errors = await validate(built as object, (this.fastOptions ??= { ...this.validatorOptions, validationError: { target: false, ...this.validatorOptions.validationError } }));
        if (errors.length > 0) throw await this.exceptionFactory(errors);
        return built;
      }
    }
    // Fields are named inside the argument, as class-validator names them (`email` of `input`).
    if (firstMalformedString(value, '') !== null) throw malformed(value, typeof value === 'string' ? (metadata.data ?? 'input') : '');
    return super.transform(value, metadata);
  }
}

function malformed(value: unknown, field: string) {
  const path = firstMalformedString(value, field) ?? field;
  const message = `${path} must be well-formed Unicode text (it contains an unpaired surrogate)`;
  return badInput('VALIDATION_FAILED', message, path, [{ field: path, message }]);
}

let metadataMemoized = false;

/**
 * class-validator looks up a class's rules anew for every object it validates: it filters the
 * class's rules and, for inherited ones, tests the class against every class that has rules. A
 * submission's 20 answers made that ~2 % of its time in the API. The rules change only when a
 * decorator registers one (at module load), so lookups are kept per class and arguments, and any
 * registration clears them all. The kept lists are frozen: nothing may change them in place.
 */
export function memoizeValidationMetadata(): void {
  if (metadataMemoized) return;
  metadataMemoized = true;
  const storage = getMetadataStorage();
  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  const register = storage.addValidationMetadata.bind(storage);
  let kept = new Map<Function, Map<string, ValidationMetadata[]>>();
  storage.addValidationMetadata = (metadata: ValidationMetadata) => {
    kept = new Map();
    register(metadata);
  };
  // The executor groups the (kept) list by property for every object it validates: the grouping
  // is kept with the list. The grouped lists are not frozen: the executor only filters them, and
  // with frozen ones that filtering took ~12 % of the pipe's time in a CPU profile, ~2 % without.
  const group = storage.groupByPropertyName.bind(storage);
  const grouped = new WeakMap<readonly ValidationMetadata[], { [property: string]: ValidationMetadata[] }>();
  storage.groupByPropertyName = (metadata: ValidationMetadata[]) => {
    if (!Object.isFrozen(metadata)) return group(metadata);
    let g = grouped.get(metadata);
    if (!g) grouped.set(metadata, (g = Object.freeze(group(metadata))));
    return g;
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = groups?.length || schema ? JSON.stringify([schema, always, strictGroups, groups]) : `${always ? 1 : 0}${strictGroups ? 1 : 0}`;
    let byArgs = kept.get(target);
    if (!byArgs) kept.set(target, (byArgs = new Map()));
    let rules = byArgs.get(key);
    if (!rules) byArgs.set(key, (rules = Object.freeze(lookup(target, schema, always, strictGroups, groups)) as ValidationMetadata[]));
    return rules;
  };
}

// One global pipe, the same in production and tests: strings must be well-formed, unknown
// properties are refused, and every failure becomes BAD_USER_INPUT naming the first offending
// field (all of them in `problems`).
export function makeValidationPipe(): ValidationPipe {
  memoizeValidationMetadata();
  return new GraphQLInputPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const problems = flatten(errors);
      const first = problems[0] ?? { field: 'input', message: 'invalid input' };
      return badInput('VALIDATION_FAILED', problems.map((p) => p.message).join('; '), first.field, problems);
    },
  });
}
