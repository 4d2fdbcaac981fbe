// Schema-driven building blocks for the bad-input suite: every Query and Mutation of schema.gql, a
// document for it, and every position (argument, input field, list element) its variables hold.
import { readFileSync } from 'node:fs';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLInputType,
  type GraphQLOutputType,
} from 'graphql';

export type OpKind = 'query' | 'mutation';

export interface SchemaOp {
  readonly kind: OpKind;
  readonly name: string;
  readonly args: readonly GraphQLArgument[];
  readonly type: GraphQLOutputType;
}

export function loadOperations(schemaFile: string): SchemaOp[] {
  const schema = buildSchema(readFileSync(schemaFile, 'utf8'));
  const ops: SchemaOp[] = [];
  for (const [kind, root] of [['query', schema.getQueryType()], ['mutation', schema.getMutationType()]] as const) {
    for (const f of Object.values(root?.getFields() ?? {})) ops.push({ kind, name: f.name, args: f.args, type: f.type });
  }
  return ops;
}

/** The leaf fields of the return type (one level), or nothing for a scalar. */
export function selectionFor(type: GraphQLOutputType): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (!isObjectType(named)) return '{ __typename }';
  const leaves = Object.values(named.getFields())
    .filter((f) => isLeafType(getNamedType(f.type)) && f.args.every((a) => !isNonNullType(a.type)))
    .map((f) => f.name);
  return `{ ${leaves.length ? leaves.join(' ') : '__typename'} }`;
}

export function argType(op: SchemaOp, name: string): GraphQLInputType {
  const a = op.args.find((x) => x.name === name);
  if (!a) throw new Error(`${op.name} has no argument ${name}`);
  return a.type;
}

/** `mutation Hostile($input: EnrolClientInput!) { enrolClient(input: $input) { … } }` */
export function operationDocument(op: SchemaOp, argNames: readonly string[], selection = selectionFor(op.type)): string {
  const defs = argNames.map((n) => `$${n}: ${String(argType(op, n))}`);
  const args = argNames.map((n) => `${n}: $${n}`);
  return `${op.kind} Hostile${defs.length ? `(${defs.join(', ')})` : ''} { ${op.name}${args.length ? `(${args.join(', ')})` : ''} ${selection} }`;
}

/** The same operation with its arguments written into the document as literals (enum-typed keys bare). */
export function inlineDocument(op: SchemaOp, vars: Record<string, unknown>, raw: Record<string, string> = {}, extra: readonly string[] = []): string {
  const args = [...Object.entries(vars).map(([n, v]) => `${n}: ${raw[n] ?? literal(v, argType(op, n))}`), ...extra];
  return `${op.kind} Hostile { ${op.name}${args.length ? `(${args.join(', ')})` : ''} ${selectionFor(op.type)} }`;
}

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** A GraphQL literal for a JSON value (strings quoted with JSON escapes, which GraphQL shares). */
export function literal(value: unknown, type?: GraphQLInputType): string {
  const t = type && isNonNullType(type) ? type.ofType : type;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return t && isEnumType(t) && NAME.test(value) && !['true', 'false', 'null'].includes(value) ? value : JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '0';
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map((v) => literal(v, t && isListType(t) ? t.ofType : undefined)).join(', ')}]`;
  const fields = t && isInputObjectType(t) ? t.getFields() : {};
  const members = Object.entries(value as Record<string, unknown>)
    .filter(([k]) => NAME.test(k))
    .map(([k, v]) => `${k}: ${literal(v, fields[k]?.type)}`);
  return `{ ${members.join(', ')} }`;
}

export type Path = readonly (string | number)[];

export type PositionKind = 'string' | 'id' | 'int' | 'float' | 'boolean' | 'enum' | 'datetime' | 'scalar' | 'object' | 'list';

export interface Position {
  /** path[0] is the argument name. */
  readonly path: Path;
  readonly type: GraphQLInputType;
  readonly kind: PositionKind;
  readonly nonNull: boolean;
  /** A non-null input field or argument without a default: leaving it out is an error. */
  readonly required: boolean;
}

export function kindOf(type: GraphQLInputType): PositionKind {
  const t = isNonNullType(type) ? type.ofType : type;
  if (isListType(t)) return 'list';
  if (isInputObjectType(t)) return 'object';
  if (isEnumType(t)) return 'enum';
  switch (t.name) {
    case 'String':
      return 'string';
    case 'ID':
      return 'id';
    case 'Int':
      return 'int';
    case 'Float':
      return 'float';
    case 'Boolean':
      return 'boolean';
    case 'DateTime':
      return 'datetime';
    default:
      return 'scalar';
  }
}

/** Every position the variables fill: each argument, input field and (first) list element. */
export function positions(op: SchemaOp, vars: Record<string, unknown>): Position[] {
  const out: Position[] = [];
  const walk = (type: GraphQLInputType, value: unknown, path: Path, required: boolean) => {
    out.push({ path, type, kind: kindOf(type), nonNull: isNonNullType(type), required });
    const t = isNonNullType(type) ? type.ofType : type;
    if (isListType(t) && Array.isArray(value) && value.length > 0) walk(t.ofType, value[0], [...path, 0], false);
    else if (isInputObjectType(t) && value && typeof value === 'object') {
      const fields = t.getFields();
      for (const [k, v] of Object.entries(value)) {
        const f = fields[k];
        if (f) walk(f.type, v, [...path, k], isNonNullType(f.type) && f.defaultValue === undefined);
      }
    }
  };
  for (const [name, value] of Object.entries(vars)) {
    const a = op.args.find((x) => x.name === name);
    if (a) walk(a.type, value, [name], isNonNullType(a.type) && a.defaultValue === undefined);
  }
  return out;
}

export const REMOVE = Symbol('remove');

/** A copy of the variables with the value at `path` replaced (or removed). */
export function setAt(vars: Record<string, unknown>, path: Path, value: unknown): Record<string, unknown> {
  const copy = structuredClone(vars);
  let node: any = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  const last = path[path.length - 1]!;
  if (value === REMOVE) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = value;
  return copy;
}

export function getAt(vars: Record<string, unknown>, path: Path): unknown {
  let node: any = vars;
  for (const key of path) node = node?.[key];
  return node;
}

const SPLICE = '__hostile_splice__';

/** The request JSON with raw member text added to the object at `path` (for `__proto__` and friends). */
export function withRawMember(vars: Record<string, unknown>, path: Path, member: string, query: string): string {
  const target = getAt(vars, path);
  const marked = setAt(vars, path, { ...(target as object), [SPLICE]: true });
  const json = JSON.stringify({ query, variables: marked });
  const at = json.indexOf(`"${SPLICE}":true`);
  return json.slice(0, at) + member + json.slice(at + `"${SPLICE}":true`.length);
}

export const pathText = (p: Path) => p.map((k) => (typeof k === 'number' ? `[${k}]` : k)).join('.').replace(/\.\[/g, '[');

/** Every string inside a value (keys included): what an error may echo back. */
export function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) (out.push(k), stringsIn(v, out));
  return out;
}
