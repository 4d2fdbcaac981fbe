import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import { SystemClock, type Clock } from './common/clock.js';
import type { AppConfig } from './config/app-config.js';
import { PassThroughGqlFilter } from './graphql/pass-through.filter.js';
import { ShutdownSignal } from './health/shutdown-signal.js';
import { addSecurityHeaders } from './graphql/security-headers.js';
import { makeValidationPipe } from './graphql/validation.js';

export interface CreateAppOptions {
  readonly config: AppConfig;
  readonly clock?: Clock;
  readonly schemaFile?: string | true;
  readonly logger?: false | ('error' | 'warn' | 'log')[];
}

/** The API as the server and the end-to-end tests both run it (same pipes, same adapter). */
export async function createApp(opts: CreateAppOptions): Promise<NestFastifyApplication> {
  if (!opts.config.DATABASE_URL) throw new Error('createApp needs config.DATABASE_URL (start the embedded database first)');
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ config: opts.config, clock: opts.clock ?? new SystemClock(), schemaFile: opts.schemaFile ?? true }),
    // 100 kB bodies, bounded request and keep-alive times (OWASP: size and time limits). A request
    // must arrive within 30 s (slow senders); the socket may then stay quiet for up to 120 s while a
    // report is computed (30 s per statement), else its caller would see the socket just close.
    new FastifyAdapter({ bodyLimit: 100 * 1024, trustProxy: false, requestTimeout: 30_000, connectionTimeout: 120_000, keepAliveTimeout: 5_000 }),
    { logger: opts.logger ?? ['error', 'warn', 'log'] },
  );
  const fastify = app.getHttpAdapter().getInstance();
  addSecurityHeaders(fastify, opts.config.NODE_ENV === 'production');
  // Graceful shutdown (SECURITY.md #34): once draining, every answer says `Connection: close`, so
  // each keep-alive socket closes as its in-flight request finishes. Without it, server.close()
  // (which closes only the sockets idle at that moment) waits for them until keepAliveTimeout.
  const shutdown = app.get(ShutdownSignal);
  fastify.addHook('onSend', async (_req, reply, payload) => {
    if (shutdown.isDraining) reply.header('Connection', 'close');
    return payload;
  });
  app.useGlobalPipes(makeValidationPipe());
  app.useGlobalFilters(new PassThroughGqlFilter(app.getHttpAdapter()));
  return app;
}
