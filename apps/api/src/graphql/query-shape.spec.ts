import { ApolloServer } from '@apollo/server';
import { buildSchema, parse, specifiedRules, validate, type OperationDefinitionNode } from 'graphql';
import { complexityPlugin, knownOperationTypeRule, measureOperations, queryLimitRules, selectionLimitRule } from './query-limits.js';

// The limits that look at a document with its fragments written out, and the cost plugin.
const SDL = `
  type Node { id: ID, child: Node, children(first: Int): [Node] }
  input Filter { name: String, ids: [Int!] }
  type Query { node: Node, nodes(first: Int): [Node], search(filter: Filter): [Node] }
`;
const schema = buildSchema(SDL);
const messages = (q: string, rules = queryLimitRules()) => validate(schema, parse(q), [...specifiedRules, ...rules]).map((e) => e.message);

/** Each fragment spreads the next twice: 2^levels paths in a document of linear length. */
const fanOut = (levels: number, leaf: string, on = 'Query') =>
  `{ ...F0 } ${Array.from({ length: levels }, (_, i) => `fragment F${i} on ${on} { ${i + 1 < levels ? `...F${i + 1} ...F${i + 1}` : leaf} }`).join(' ')}`;

const only = (q: string) => [...measureOperations(parse(q)).values()][0]!;

describe('measureOperations (fragments written out)', () => {
  it('counts every selection, a fragment once per spread', () => {
    expect(only(`{ node { id child { id } } }`)).toEqual({ depth: 3, selections: 4 });
    // node + 2 × (spread + id + child + id)
    expect(only(`{ node { ...A ...A } } fragment A on Node { id child { id } }`)).toEqual({ depth: 3, selections: 9 });
    // Inline fragments and meta fields count as selections; meta fields add no depth.
    expect(only(`{ __typename ... on Query { node { __typename } } }`)).toEqual({ depth: 1, selections: 4 });
  });

  it('measures a 2^40 fan-out exactly, in linear time', () => {
    const started = Date.now();
    const shape = only(fanOut(40, 'node { id }'));
    expect(Date.now() - started).toBeLessThan(100);
    // size(F39) = 2; size(Fi) = 2 × (1 + size(Fi+1)), plus the top spread.
    let size = 2;
    for (let i = 38; i >= 0; i--) size = 2 * (1 + size);
    expect(shape).toEqual({ depth: 2, selections: 1 + size });
  });

  it('terminates on fragment cycles and unknown fragments (graphql-js reports them)', () => {
    expect(only(`{ ...A } fragment A on Query { node { id } ...B } fragment B on Query { ...A }`).selections).toBeGreaterThan(0);
    expect(only(`{ ...Nope }`)).toEqual({ depth: 0, selections: 1 });
  });

  it('measures each operation of a document', () => {
    const shapes = measureOperations(parse(`query A { node { id } } query B { node { child { child { id } } } }`));
    expect([...shapes].map(([op, s]) => [(op as OperationDefinitionNode).name?.value, s.depth])).toEqual([['A', 2], ['B', 4]]);
  });
});

describe('selection and operation-type rules', () => {
  it('allows the maximum number of selections and refuses one more', () => {
    const q = `{ node { id child { id } } }`; // 4 selections
    expect(messages(q, [selectionLimitRule(4)])).toEqual([]);
    expect(messages(q, [selectionLimitRule(3)])).toEqual(['Query expands to 4 selections with its fragments written out, over the maximum of 3']);
  });

  it('refuses a 22-level fan-out quickly, with one error', () => {
    const started = Date.now();
    const errors = messages(fanOut(22, 'node { id }'));
    expect(Date.now() - started).toBeLessThan(500);
    expect(errors).toEqual([expect.stringMatching(/^Query expands to \d+ selections/)]);
  });

  it('names the size when it is no longer an exact integer', () => {
    expect(messages(fanOut(60, 'node { id }'))).toEqual([expect.stringMatching(/more than 9007199254740991 selections/)]);
  });

  it('refuses operation types the schema does not have', () => {
    expect(validate(schema, parse(`subscription { node { id } }`), [knownOperationTypeRule]).map((e) => [e.message, e.extensions['code']])).toEqual([
      ['The schema does not support subscription operations', 'GRAPHQL_VALIDATION_FAILED'],
    ]);
    expect(messages(`mutation { node { id } }`)).toContain('The schema does not support mutation operations');
    expect(messages(`query { node { id } }`)).toEqual([]);
  });
});

describe('complexityPlugin in Apollo', () => {
  let server: ApolloServer;
  beforeAll(async () => {
    server = new ApolloServer({ typeDefs: SDL, resolvers: {}, plugins: [complexityPlugin(500)], validationRules: queryLimitRules() });
    await server.start();
  });
  afterAll(() => server.stop());

  const run = async (query: string, variables?: Record<string, unknown>) => {
    const res = await server.executeOperation({ query, variables });
    if (res.body.kind !== 'single') throw new Error('expected a single result');
    return { status: res.http.status, errors: res.body.singleResult.errors?.map((e) => ({ code: e.extensions?.['code'], message: e.message })) };
  };

  it('refuses an over-cost query with 400, also behind a fan-out that the selection rule lets through', async () => {
    const heavy = `nodes(first: 100) { children { id } }`; // 1 + 100 × (1 + 10 × 1) = 1,101
    expect((await run(`{ ${heavy} }`)).errors).toEqual([{ code: 'GRAPHQL_VALIDATION_FAILED', message: 'Query cost 1101 exceeds the maximum of 500' }]);
    const behind = await run(fanOut(3, heavy));
    expect(behind.status).toBe(400);
    expect(behind.errors?.[0]?.message).toMatch(/^Query cost \d+ exceeds the maximum of 500$/);
    expect((await run(`{ nodes(first: 10) { id } }`)).errors).toBeUndefined();
  });

  it('counts a page size given through a variable', async () => {
    expect((await run(`query($n: Int) { nodes(first: $n) { children { id } } }`, { n: 100 })).errors?.[0]?.message).toMatch(/cost/);
  });

  it('costs each request of the same document anew when its page size is a variable', async () => {
    // The same query text (one parsed document in Apollo's store): allowed, refused, allowed.
    const q = `query Paged($n: Int) { nodes(first: $n) { children { id } } }`;
    expect((await run(q, { n: 2 })).errors).toBeUndefined();
    expect((await run(q, { n: 100 })).errors).toEqual([{ code: 'GRAPHQL_VALIDATION_FAILED', message: 'Query cost 1101 exceeds the maximum of 500' }]);
    expect((await run(q, { n: 2 })).errors).toBeUndefined();
  });

  it('refuses a repeated over-cost document every time, its cost kept per operation', async () => {
    const q = `query Light { nodes(first: 2) { id } } query Heavy { nodes(first: 100) { children { id } } }`;
    for (let i = 0; i < 3; i++) {
      const heavy = await server.executeOperation({ query: q, operationName: 'Heavy' });
      const light = await server.executeOperation({ query: q, operationName: 'Light' });
      if (heavy.body.kind !== 'single' || light.body.kind !== 'single') throw new Error('expected single results');
      expect(heavy.body.singleResult.errors?.map((e) => e.message)).toEqual(['Query cost 1101 exceeds the maximum of 500']);
      expect(light.body.singleResult.errors).toBeUndefined();
    }
  });

  it('still refuses variables that do not coerce once the document\'s cost is known', async () => {
    const q = `query($f: Filter) { search(filter: $f) { id } }`;
    expect((await run(q, { f: { name: 'a' } })).errors).toBeUndefined();
    const r = await run(q, { f: { name: 42 } });
    expect(r.status).toBe(400);
    expect(r.errors?.[0]?.code).toBe('BAD_USER_INPUT');
  });

  // 3,000 unknown fields, 10,000 problems in one list, one wrong type.
  const unknownFields = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`k${i}`, i]));
  // "Fast however many problems" as work, not wall-clock time: the list counts how many of its
  // items are read. Coercing to the first problem reads one (execution's own coercion stops at its
  // 50-error limit); reporting every problem would read all 10,000.
  const itemReads = { n: 0 };
  const nullItems = new Proxy(Array.from({ length: 10_000 }, () => null), {
    get: (t, k, r) => {
      if (typeof k === 'string' && /^\d+$/.test(k)) itemReads.n += 1;
      return Reflect.get(t, k, r) as unknown;
    },
  });
  const badFilters = [unknownFields, { ids: nullItems }, { name: 42 }];
  const expectOneVariableError = async (q: string, f: object) => {
    itemReads.n = 0;
    const r = await run(q, { f });
    expect(itemReads.n).toBeLessThanOrEqual(60);
    expect(r.status).toBe(400);
    expect(r.errors).toHaveLength(1);
    expect(r.errors?.[0]?.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.message).toMatch(/^Variable "\$f" got invalid value /);
  };

  it('refuses variables that do not coerce with one BAD_USER_INPUT naming the field, fast however many problems', async () => {
    // A document never costed (a refusal does not cost it): the plugin coerces the variables.
    for (const f of badFilters) await expectOneVariableError(`query Uncosted($f: Filter) { search(filter: $f) { id } }`, f);
  });

  it('gives the same one error once the document\'s cost is known and execution coerces the variables', async () => {
    // A document of its own, costed by a first good request: then execution alone coerces (up to 50 errors).
    const q = `query Known($f: Filter) { search(filter: $f) { id } }`;
    expect((await run(q, { f: { name: 'a' } })).errors).toBeUndefined();
    for (const f of badFilters) await expectOneVariableError(q, f);
    // The first of them, as before the cost was known.
    const before = await run(`query Unknown($f: Filter) { search(filter: $f) { id } }`, { f: unknownFields });
    expect((await run(q, { f: unknownFields })).errors).toEqual(before.errors);
  });

  it('refuses a subscription as a validation error', async () => {
    expect((await run(`subscription { node { id } }`)).errors).toEqual([{ code: 'GRAPHQL_VALIDATION_FAILED', message: 'The schema does not support subscription operations' }]);
  });
});
