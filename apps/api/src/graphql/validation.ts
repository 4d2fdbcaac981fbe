import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
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

/**
 * Validators and the database assume text: validator.js's isEmail throws on a lone surrogate
 * (encodeURI), and the driver would store U+FFFD in its place. So every GraphQL argument is checked
 * for well-formed strings before class-validator sees it.
 */
class GraphQLInputPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Nest hands GraphQL arguments to pipes as 'body' (GqlParamtype.ARGS shares the number of
    // RouteParamtypes.BODY); context, parent and info come as 'custom'.
    if (metadata.type === 'body') {
      // Fields are named inside the argument, as class-validator names them (`email` of `input`).
      const field = firstMalformedString(value, typeof value === 'string' ? (metadata.data ?? 'input') : '');
      if (field !== null) {
        const message = `${field} must be well-formed Unicode text (it contains an unpaired surrogate)`;
        throw badInput('VALIDATION_FAILED', message, field, [{ field, message }]);
      }
    }
    return super.transform(value, metadata);
  }
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
