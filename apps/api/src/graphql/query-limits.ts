import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type DocumentNode,
  getNullableType,
  isListType,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import type { ApolloServerPlugin } from '@apollo/server';
import { MAX_PAGE_SIZE } from '../common/common.args.js';

// OWASP "query limiting": bounded depth (counted through fragments), aliases and cost, refused
// before any resolver runs.
export const MAX_DEPTH = 8;
export const MAX_ALIASES = 15;
export const MAX_COST = 5_000;
export const MAX_TOKENS = 2_000;

const limitError = (message: string) => new GraphQLError(message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });

/** Depth of the deepest selection, following named and inline fragments; fragment cycles stop. */
function depthOf(set: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>, seen: Set<string>): number {
  if (!set) return 0;
  let max = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (sel.name.value.startsWith('__')) continue;
      max = Math.max(max, 1 + depthOf(sel.selectionSet, fragments, seen));
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      max = Math.max(max, depthOf(sel.selectionSet, fragments, seen));
    } else {
      const name = sel.name.value;
      if (seen.has(name)) continue; // a cycle: NoFragmentCyclesRule reports it
      const frag = fragments.get(name);
      max = Math.max(max, depthOf(frag?.selectionSet, fragments, new Set([...seen, name])));
    }
  }
  return max;
}

export function depthLimitRule(max = MAX_DEPTH) {
  return (context: ValidationContext): ASTVisitor => ({
    Document(doc: DocumentNode) {
      const fragments = new Map(
        doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
      );
      for (const def of doc.definitions) {
        if (def.kind !== Kind.OPERATION_DEFINITION) continue;
        const depth = depthOf(def.selectionSet, fragments, new Set());
        if (depth > max) context.reportError(limitError(`Query depth ${depth} exceeds the maximum of ${max}`));
      }
    },
  });
}

/** Aliases in the whole document, fragments included. */
export function aliasLimitRule(max = MAX_ALIASES) {
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

// A paged field costs its page size (`first`) times its children; the `items` list of a page is
// already counted by that; other nested lists count as 10 rows.
const listEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  // Capped at the largest page: an oversized `first` is refused by validation, naming the argument.
  if (typeof args['first'] === 'number') return 1 + Math.min(args['first'], MAX_PAGE_SIZE) * Math.max(1, childComplexity);
  if (!isListType(getNullableType(field.type))) return undefined;
  return 1 + (field.name === 'items' ? 1 : 10) * Math.max(1, childComplexity);
};

/** Cost analysis needs the variables (`first: $n`), so it runs once the operation is resolved. */
export function complexityPlugin(max = MAX_COST): ApolloServerPlugin {
  let schema: GraphQLSchema | undefined;
  return {
    async serverWillStart(ctx) {
      schema = ctx.schema;
    },
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          let cost: number;
          try {
            cost = getComplexity({
              schema: schema!,
              operationName: request.operationName ?? undefined,
              query: document,
              variables: request.variables ?? {},
              estimators: [listEstimator, simpleEstimator({ defaultComplexity: 1 })],
            });
          } catch {
            // Variables that do not coerce: execution reports them as BAD_USER_INPUT, naming the field.
            return;
          }
          if (cost > max) throw limitError(`Query cost ${cost} exceeds the maximum of ${max}`);
        },
      };
    },
  };
}
