import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp } from '../../libs/testing/src/index.js';

// schema.gql is committed so reviewers see the API; it must be exactly what the code generates.
describe('committed schema.gql', () => {
  it('equals the schema the code generates (run `npm run schema` after changing GraphQL types)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'smp-schema-')), 'schema.gql');
    const t = await startTestApp({ schemaFile: file });
    await t.close();
    expect(readFileSync('apps/api/schema.gql', 'utf8')).toBe(readFileSync(file, 'utf8'));
  });
});
