// Anchor (c) for submission throughput: PostGraphile v5 serving its generated create mutation
// (createSurveyResponse) on a table of the same shape as survey_response (same columns, types,
// checks, primary key and unique index; no foreign keys), holding a copy of the registry's responses,
// in its own schema `bench_pgl` of the same database, through a pg pool of the same size. One row
// per request, nothing else.
//
//   node dist/bench/anchors/postgraphile-server.js   (env: DATABASE_URL, PORT, DB_POOL_SIZE)
import { createServer } from 'node:http';
import pg from 'pg';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { PGL_SCHEMA } from './pgl-table.js';

async function main(): Promise<void> {
  const url = process.env['DATABASE_URL'];
  if (!url) throw new Error('DATABASE_URL is required');
  const port = Number(process.env['PORT'] ?? 3996);
  const poolSize = Number(process.env['DB_POOL_SIZE'] ?? 10);
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000, statement_timeout: 5_000 });
  const pgl = postgraphile({
    extends: [PostGraphileAmberPreset],
    pgServices: [makePgService({ pool, schemas: [PGL_SCHEMA] })],
    grafserv: { graphqlPath: '/graphql', graphiql: false, watch: false },
    grafast: { explain: false },
  });
  const serv = pgl.createServ(grafserv);
  const server = createServer();
  server.keepAliveTimeout = 5_000;
  serv.addTo(server);
  await serv.ready();
  server.listen(port, '127.0.0.1', () => console.log(`postgraphile anchor ready on http://127.0.0.1:${port}/graphql (pool ${poolSize})`));
  const stop = () => server.close(() => void Promise.resolve(pgl.release()).then(() => pool.end()).then(() => process.exit(0)));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
