import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { aliasLimitRule, depthLimitRule } from './query-limits.js';

// A recursive schema, so depth can grow without bound as an attacker would try.
const schema = buildSchema(`type Node { id: ID, child: Node, children: [Node] } type Query { node: Node }`);
const codes = (q: string) => validate(schema, parse(q), [...specifiedRules, depthLimitRule(8), aliasLimitRule(15)]).map((e) => e.message);

const nested = (depth: number) => `{ ${'node { '.repeat(1)}${'child { '.repeat(depth - 2)}id${' }'.repeat(depth - 1)} }`;

describe('query depth and alias limits', () => {
  it('allows depth 8 and refuses depth 9', () => {
    expect(codes(nested(8))).toEqual([]);
    expect(codes(nested(9))).toEqual(['Query depth 9 exceeds the maximum of 8']);
  });

  it('counts depth through named fragments and inline fragments', () => {
    const q = `{ node { ...A } }
      fragment A on Node { child { child { ...B } } }
      fragment B on Node { child { ... on Node { child { child { child { child { id } } } } } } }`;
    expect(codes(q)).toEqual(['Query depth 9 exceeds the maximum of 8']);
  });

  it('does not loop on fragment cycles (GraphQL reports the cycle itself)', () => {
    const q = `{ node { ...A } } fragment A on Node { child { ...B } } fragment B on Node { child { ...A } }`;
    const messages = codes(q);
    expect(messages.some((m) => m.includes('Cannot spread fragment'))).toBe(true);
  });

  it('allows 15 aliases and refuses 16, counted across fragments', () => {
    const fields = (n: number, p: string) => Array.from({ length: n }, (_, i) => `${p}${i}: id`).join(' ');
    expect(codes(`{ node { ${fields(15, 'a')} } }`)).toEqual([]);
    expect(codes(`{ node { ${fields(10, 'a')} ...F } } fragment F on Node { ${fields(6, 'b')} }`)).toEqual(['16 aliases exceed the maximum of 15']);
  });
});
