import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildSchema, getNamedType, isObjectType, type GraphQLNamedType } from 'graphql';

// SECURITY.md #23: nothing a researcher can reach describes one person. Walks every type reachable
// from the researcher's operations in the committed schema and refuses per-person fields (ids,
// study codes, birth years, contact details, exact dates, free text) and extremes (min/max).
const RESEARCHER_OPERATIONS = ['outcomeReport', 'privacyBudget'];
const PER_PERSON = /^(id|.*Id|studyCode|birthYear|email|phone|contact.*|name|displayName|note|text|answers?|enrolledAt|submittedAt|sessionDate|.*Date|min|max|minimum|maximum)$/;
// Report-level instants, not about a person.
const ALLOWED = new Set(['OutcomeReport.dataThrough']);

describe('researcher output', () => {
  const schema = buildSchema(readFileSync(resolve(process.cwd(), 'apps/api/schema.gql'), 'utf8'));

  it('reaches no per-person field from outcomeReport or privacyBudget', () => {
    const query = schema.getQueryType()!;
    const seen = new Set<string>();
    const offending: string[] = [];
    const visit = (t: GraphQLNamedType) => {
      if (!isObjectType(t) || seen.has(t.name)) return;
      seen.add(t.name);
      for (const f of Object.values(t.getFields())) {
        if (PER_PERSON.test(f.name) && !ALLOWED.has(`${t.name}.${f.name}`)) offending.push(`${t.name}.${f.name}`);
        visit(getNamedType(f.type));
      }
    };
    for (const op of RESEARCHER_OPERATIONS) {
      const field = query.getFields()[op];
      expect(field).toBeDefined();
      visit(getNamedType(field!.type));
    }
    expect(seen.size).toBeGreaterThan(5); // the walk really went through the report's types
    expect(offending).toEqual([]);
  });
});
