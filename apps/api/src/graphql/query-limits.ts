import {
  getNullableType,
  getVariableValues,
  GraphQLError,
  isListType,
  BREAK,
  Kind,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  visit,
} from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import type { ApolloServerPlugin } from '@apollo/server';
import { MAX_PAGE_SIZE } from '../common/common.args.js';

// OWASP "query limiting": bounded depth (counted through fragments), size once fragments are
// written out, aliases and cost, refused before any resolver runs.
export const MAX_DEPTH = 8;
export const MAX_ALIASES = 15;
export const MAX_COST = 5_000;
export const MAX_TOKENS = 2_000;
// Far above any real query (2,000 tokens write out at most ~2,000 selections without fragments),
// and below graphql-query-complexity's own node limit (10,000), so cost is always computed.
export const MAX_SELECTIONS = 5_000;

// The status only matters for errors thrown from a plugin (Apollo answers those with 500 by
// default); validation errors are 400 anyway.
const limitError = (message: string) => new GraphQLError(message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } } });

/** Depth (fields, `__` meta fields not counted) and size (every selection) of a written-out selection set. */
export interface Shape {
  readonly depth: number;
  readonly selections: number;
}

const EMPTY: Shape = { depth: 0, selections: 0 };

/**
 * The shape of every operation in a document as if each fragment spread were written out. Each
 * fragment is measured once: a document whose fragments spread the next one twice has 2^n paths
 * but takes time linear in its length. A fragment reached while it is being measured (a cycle,
 * which NoFragmentCyclesRule reports) and an unknown fragment (KnownFragmentNamesRule) count as
 * empty.
 */
export function measureOperations(doc: DocumentNode): Map<OperationDefinitionNode, Shape> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION && !fragments.has(d.name.value)) fragments.set(d.name.value, d);
  const memo = new Map<string, Shape | 'measuring'>();

  const fragment = (name: string): Shape => {
    const known = memo.get(name);
    if (known === 'measuring') return EMPTY;
    if (known) return known;
    const def = fragments.get(name);
    if (!def) return EMPTY;
    memo.set(name, 'measuring');
    const shape = selectionSet(def.selectionSet);
    memo.set(name, shape);
    return shape;
  };

  const selectionSet = (set: SelectionSetNode | undefined): Shape => {
    if (!set) return EMPTY;
    let depth = 0;
    let selections = 0;
    for (const sel of set.selections) {
      const inner = sel.kind === Kind.FRAGMENT_SPREAD ? fragment(sel.name.value) : selectionSet(sel.selectionSet);
      selections += 1 + inner.selections;
      if (sel.kind !== Kind.FIELD) depth = Math.max(depth, inner.depth);
      else if (!sel.name.value.startsWith('__')) depth = Math.max(depth, 1 + inner.depth);
    }
    return { depth, selections };
  };

  const out = new Map<OperationDefinitionNode, Shape>();
  for (const d of doc.definitions) if (d.kind === Kind.OPERATION_DEFINITION) out.set(d, selectionSet(d.selectionSet));
  return out;
}

// The depth and size rules share one measurement per document.
const measured = new WeakMap<DocumentNode, Map<OperationDefinitionNode, Shape>>();
function shapesOf(doc: DocumentNode): Map<OperationDefinitionNode, Shape> {
  let shapes = measured.get(doc);
  if (!shapes) measured.set(doc, (shapes = measureOperations(doc)));
  return shapes;
}

export function depthLimitRule(max = MAX_DEPTH): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    Document(doc: DocumentNode) {
      for (const { depth } of shapesOf(doc).values()) {
        if (depth > max) context.reportError(limitError(`Query depth ${depth} exceeds the maximum of ${max}`));
      }
    },
  });
}

/**
 * Selections once fragments are written out: what cost analysis (and a naive executor) walks.
 * Refused here, before graphql-query-complexity, which walks every expanded path.
 */
export function selectionLimitRule(max = MAX_SELECTIONS): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    Document(doc: DocumentNode) {
      for (const { selections } of shapesOf(doc).values()) {
        const n = Number.isSafeInteger(selections) ? String(selections) : `more than ${Number.MAX_SAFE_INTEGER}`;
        if (selections > max) context.reportError(limitError(`Query expands to ${n} selections with its fragments written out, over the maximum of ${max}`));
      }
    },
  });
}

/** Aliases in the whole document, fragments included. */
export function aliasLimitRule(max = MAX_ALIASES): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    return {
      Field(node) {
        if (node.alias) aliases++;
      },
      Document: {
        leave() {
          if (aliases > max) context.reportError(limitError(`${aliases} aliases exceed the maximum of ${max}`));
        },
      },
    };
  };
}

/**
 * An operation type the schema does not define (there is no Subscription type). graphql-js 16
 * leaves this to execution, which fails it with an uncoded error (an internal error to callers).
 */
export const knownOperationTypeRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (!context.getSchema().getRootType(node.operation)) {
      context.reportError(new GraphQLError(`The schema does not support ${node.operation} operations`, { nodes: node, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
    }
  },
});

/** Every limit above, in the order they are cheapest to fail. */
export const queryLimitRules = (): ValidationRule[] => [knownOperationTypeRule, selectionLimitRule(), depthLimitRule(), aliasLimitRule()];

/** The one argument an estimator below reads: a document that never passes it a variable costs the same whatever its variables. */
const COST_ARGUMENT = 'first';

/** Whether some `first` argument in the document (fragments included) takes a variable. */
function costReadsVariables(doc: DocumentNode): boolean {
  let reads = false;
  visit(doc, {
    Argument(node) {
      if (node.name.value !== COST_ARGUMENT) return false;
      visit(node.value, { Variable() { reads = true; return BREAK; } });
      return reads ? BREAK : false;
    },
  });
  return reads;
}

// A paged field costs its page size (`first`) times its children; the `items` list of a page is
// already counted by that; other nested lists count as 10 rows.
const listEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  // Capped at the largest page: an oversized `first` is refused by validation, naming the argument.
  if (typeof args[COST_ARGUMENT] === 'number') return 1 + Math.min(args[COST_ARGUMENT], MAX_PAGE_SIZE) * Math.max(1, childComplexity);
  if (!isListType(getNullableType(field.type))) return undefined;
  return 1 + (field.name === 'items' ? 1 : 10) * Math.max(1, childComplexity);
};

/** A variable that does not coerce, as execution would report it (Apollo's UserInputError). */
const variableError = (e: GraphQLError) =>
  new GraphQLError(e.message, {
    nodes: e.nodes,
    originalError: e.originalError,
    extensions: { ...e.extensions, code: e.extensions['code'] ?? 'BAD_USER_INPUT', http: { status: 400 } },
  });

/** Execution's answer to variables that do not coerce: no data, BAD_USER_INPUT errors, up to 50 and an uncoded "too many". */
function isVariableCoercionFailure(result: { data?: unknown; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }): boolean {
  const first = result.errors?.[0];
  return result.data === undefined && first?.extensions?.['code'] === 'BAD_USER_INPUT' && first.message.startsWith('Variable "$');
}

/**
 * Cost analysis needs the variables (`first: $n`), so it runs once the operation is resolved.
 *
 * Before a document's cost is known, the variables are coerced here first, stopping at the first
 * problem, and a request whose variables do not coerce is refused with it (BAD_USER_INPUT naming
 * the field): left to graphql-query-complexity, coercion collects every error, each quoting the
 * whole value (3,000 unknown input fields took seconds). Once the cost is known, execution is left
 * to coerce them (once, not twice: a second coercion was ~2 % of a submission's time in the API);
 * it stops after 50 problems, and of those the answer keeps the first, as here.
 */
export function complexityPlugin(max = MAX_COST): ApolloServerPlugin {
  let schema: GraphQLSchema | undefined;
  // Apollo keeps one parsed document per query text, so a document whose cost does not read its
  // variables is costed once (walking it, with its variables coerced once more inside
  // getComplexity, was about 6 % of a survey submission's time in the API).
  const costs = new WeakMap<DocumentNode, Map<string, number>>();
  // Whether a document's cost reads its variables: walked once per document, not per request.
  const readsVariables = new WeakMap<DocumentNode, boolean>();
  const costReadsVariablesOf = (doc: DocumentNode) => {
    let reads = readsVariables.get(doc);
    if (reads === undefined) readsVariables.set(doc, (reads = costReadsVariables(doc)));
    return reads;
  };
  return {
    async serverWillStart(ctx) {
      schema = ctx.schema;
    },
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation }) {
          // No operation of that name: execution refuses the request (OPERATION_RESOLUTION_FAILURE).
          if (!operation) return;
          const opKey = operation.name?.value ?? '';
          const known = costs.get(document)?.get(opKey);
          if (known !== undefined) {
            if (known > max) throw limitError(`Query cost ${known} exceeds the maximum of ${max}`);
            return;
          }
          const variables = request.variables ?? {};
          const coerced = getVariableValues(schema!, operation.variableDefinitions ?? [], variables, { maxErrors: 1 });
          if (coerced.errors) throw variableError(coerced.errors[0]!);
          let cost: number;
          try {
            cost = getComplexity({
              schema: schema!,
              operationName: operation.name?.value,
              query: document,
              variables,
              estimators: [listEstimator, simpleEstimator({ defaultComplexity: 1 })],
            });
          } catch (e) {
            // The library refuses what it cannot bound (its node limit): so do we, rather than run
            // the query uncounted. Anything else is our bug and fails as an internal error.
            if (e instanceof GraphQLError) throw limitError(`Query cost could not be computed: ${e.message}`);
            throw e;
          }
          if (!costReadsVariablesOf(document)) {
            const byOp = costs.get(document) ?? new Map<string, number>();
            byOp.set(opKey, cost);
            costs.set(document, byOp);
          }
          if (cost > max) throw limitError(`Query cost ${cost} exceeds the maximum of ${max}`);
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          if (isVariableCoercionFailure(result) && result.errors!.length > 1) response.body.singleResult = { ...result, errors: result.errors!.slice(0, 1) };
        },
      };
    },
  };
}
