import 'reflect-metadata';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '../../api/src/bootstrap.js';
import { AuthService } from '../../api/src/auth/auth.service.js';
import { loadConfig } from '../../api/src/config/app-config.js';
import { runMigrations } from '../../api/src/database/data-source.js';
import { seedDemo } from '../../api/src/demo/demo-seed.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../../libs/persistence/src/index.js';
import { ContactCipher } from '../../api/src/common/contact-cipher.js';
import { rotateContactKeys } from '../../api/src/clients/rotate-contact-keys.js';

const USAGE = `usage: npm run cli -- <command>
  migrate                         apply pending migrations
  seed                            load the demo registry into an empty database
  schema                          regenerate apps/api/schema.gql
  create-admin --email E --password P [--name N]
                                  create the first administrator
  rotate-contact-keys             re-encrypt every client's contact details under the first key
                                  of CONTACT_ENCRYPTION_KEYS (then older keys can be removed)
Uses DATABASE_URL, or the embedded database in PGLITE_DATA_DIR (schema: in memory).`;

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const config = loadConfig();
  let embedded: EmbeddedPostgres | null = null;
  if (!config.DATABASE_URL) {
    embedded = await startEmbeddedPostgres(command === 'schema' ? {} : { dataDir: resolve(config.PGLITE_DATA_DIR) });
    config.DATABASE_URL = embedded.url;
  }
  try {
    switch (command) {
      case 'migrate': {
        const done = await runMigrations(config.DATABASE_URL);
        console.log(done.length ? `applied: ${done.join(', ')}` : 'no pending migrations');
        break;
      }
      case 'seed': {
        await runMigrations(config.DATABASE_URL);
        const logins = await seedDemo(config);
        console.log(logins ? `seeded; logins: ${logins.map((l) => l.email).join(', ')}` : 'database not empty: nothing seeded');
        break;
      }
      case 'schema': {
        await runMigrations(config.DATABASE_URL);
        const app = await createApp({ config, schemaFile: resolve('apps/api/schema.gql'), logger: ['error'] });
        await app.init();
        await app.close();
        console.log('wrote apps/api/schema.gql');
        break;
      }
      case 'create-admin': {
        const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } } });
        if (!values.email || !values.password || values.password.length < 12) throw new Error('--email and --password (12+ characters) are required');
        await runMigrations(config.DATABASE_URL);
        const app = await createApp({ config, logger: ['error'] });
        await app.init();
        try {
          const a = await app.get(AuthService).bootstrapAdmin(values.email, values.password, values.name ?? 'Administrator');
          console.log(`created administrator ${a.email}`);
        } finally {
          await app.close();
        }
        break;
      }
      case 'rotate-contact-keys': {
        await runMigrations(config.DATABASE_URL);
        const result = await rotateContactKeys(config.DATABASE_URL, new ContactCipher(config.CONTACT_ENCRYPTION_KEYS));
        console.log(`re-encrypted ${result.rotated} of ${result.total} contact records under key ${result.keyId}`);
        break;
      }
      default:
        console.log(USAGE);
        process.exitCode = command ? 2 : 0;
    }
  } finally {
    await embedded?.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
