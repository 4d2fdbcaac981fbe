import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { AuthService } from './auth/auth.service.js';
import { ClientsModule } from './clients/clients.module.js';
import { ClinicsModule } from './clinics/clinics.module.js';
import type { Clock } from './common/clock.js';
import { CoreModule } from './common/core.module.js';
import type { AppConfig } from './config/app-config.js';
import { ConsentModule } from './consent/consent.module.js';
import { dataSourceOptions } from './database/data-source.js';
import { makeFormatError } from './graphql/format-error.js';
import { makeContextFactory } from './graphql/graphql-context.js';
import { complexityPlugin, MAX_TOKENS, queryLimitRules } from './graphql/query-limits.js';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { HealthModule } from './health/health.module.js';
import { InstrumentsModule } from './instruments/instruments.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { ResponsesModule } from './responses/responses.module.js';
import { SurveysModule } from './surveys/surveys.module.js';
import { TreatmentsModule } from './treatments/treatments.module.js';

export interface AppModuleOptions {
  readonly config: AppConfig;
  readonly clock: Clock;
  /** Where the generated schema is written; `true` keeps it in memory (production). */
  readonly schemaFile: string | true;
}

@Module({})
export class AppModule {
  static forRoot({ config, clock, schemaFile }: AppModuleOptions): DynamicModule {
    const production = config.NODE_ENV === 'production';
    const logger = new Logger('GraphQL');
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, clock),
        TypeOrmModule.forRoot(dataSourceOptions(config.DATABASE_URL!, config.DB_POOL_SIZE)),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [AuthModule],
          inject: [AuthService],
          useFactory: (auth: AuthService) => ({
            autoSchemaFile: schemaFile,
            sortSchema: true,
            path: '/graphql',
            introspection: !production,
            playground: false,
            includeStacktraceInErrorResponses: false,
            // Production: no schema hints in errors ("Did you mean …"), no landing page.
            hideSchemaDetailsFromClientErrors: production,
            csrfPrevention: true,
            allowBatchedHttpRequests: false,
            parseOptions: { maxTokens: MAX_TOKENS },
            validationRules: queryLimitRules(),
            // No cache hints: every response is Cache-Control: no-store (security-headers.ts). Apollo's
            // cache-control plugin otherwise wraps every field resolver (~6 % of a report's time).
            plugins: [complexityPlugin(), ApolloServerPluginCacheControlDisabled(), ...(production ? [ApolloServerPluginLandingPageDisabled()] : [])],
            context: makeContextFactory((header) => auth.principalFromBearer(header)),
            formatError: makeFormatError((errorId, error) =>
              logger.error(`errorId=${errorId} ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
              { hideSuggestions: production },
            ),
          }),
        }),
        AuthModule,
        AuditModule,
        ClinicsModule,
        InstrumentsModule,
        SurveysModule,
        ConsentModule,
        TreatmentsModule,
        ClientsModule,
        ResponsesModule,
        ReportsModule,
        HealthModule,
      ],
    };
  }
}
