import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp } from '../../libs/testing/src/index.js';

// schema.gql is committed so reviewers see the API; it must be exactly what the code generates.
describe('committed schema.gql', () => {
  it('equals the schema the code generates (run `npm run schema` after changing GraphQL types)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smp-schema-'));
    const file = join(dir, 'schema.gql');
    const t = await startTestApp({ schemaFile: file });
    await t.close();
    const generated = readFileSync(file, 'utf8');
    rmSync(dir, { recursive: true, force: true });
    expect(readFileSync('apps/api/schema.gql', 'utf8')).toBe(generated);
  });
});
