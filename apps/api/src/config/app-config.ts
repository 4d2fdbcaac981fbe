import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import { GROUP_COMMIT_DEFAULTS } from '../database/group-commit.js';

export const DEV_JWT_SECRET = 'dev-only-jwt-secret-change-me-0123456789abcdef';
// Fixed development key (refused in production).
export const DEV_CONTACT_KEY = 'dev1:ZGV2LW9ubHktY29udGFjdC1rZXktMzItYnl0ZXMhISE=';
export const DEV_PSEUDONYM_KEY = 'dev-only-clinic-pseudonym-key-change-me-0123456789';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

// Environment, validated once at boot; every setting has a typed default for development.
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  /** A PostgreSQL server; when absent the API runs on embedded PGlite. */
  @IsOptional()
  @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false, require_host: true })
  DATABASE_URL?: string;

  @IsString()
  PGLITE_DATA_DIR = '.data/pglite';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '127.0.0.1';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_SIZE = 10;

  /**
   * Group commit of survey-link submissions: at most this many submission transactions at once
   * (each holds a pooled connection); submissions that arrive meanwhile wait and are then written
   * together, up to SUBMISSION_BATCH_MAX per transaction. A lone submission never waits.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  SUBMISSION_BATCH_SLOTS: number = GROUP_COMMIT_DEFAULTS.slots;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(256)
  SUBMISSION_BATCH_MAX: number = GROUP_COMMIT_DEFAULTS.maxBatch;

  @IsString()
  @MinLength(32)
  JWT_SECRET = DEV_JWT_SECRET;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(3600)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  /** `kid:base64(32 bytes)` pairs, comma separated; the first is used for new values. */
  @Matches(/^[A-Za-z0-9_-]{1,16}:[A-Za-z0-9+/]{43}=(,[A-Za-z0-9_-]{1,16}:[A-Za-z0-9+/]{43}=)*$/, {
    message: 'CONTACT_ENCRYPTION_KEYS must be kid:base64(32 bytes)[,kid:base64…]',
  })
  CONTACT_ENCRYPTION_KEYS = DEV_CONTACT_KEY;

  /** Where survey links point; never taken from the request's Host header. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  SURVEY_BASE_URL = 'http://localhost:3000';

  @IsIn(['true', 'false'])
  DEMO_SEED: 'true' | 'false' = 'true';

  /** Apply pending migrations at start. Set false when the API's login role does not own the schema. */
  @IsIn(['true', 'false'])
  MIGRATE_ON_START: 'true' | 'false' = 'true';

  /**
   * Production refuses a database with fsync, synchronous_commit or full_page_writes off. PGlite
   * runs with fsync off, so production mode needs a real server unless this is set to false.
   */
  @IsIn(['true', 'false'])
  REQUIRE_DURABLE_COMMITS: 'true' | 'false' = 'true';

  /** Minimum cell size k of researcher reports (PRODUCT.md: default 10, never below 5). */
  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(1000)
  REPORT_MIN_CELL_SIZE = 10;

  /** ε each researcher may spend on noisy reports per calendar month (UTC), up to 3 decimals. */
  @Matches(/^\d{1,3}(\.\d{1,3})?$/, { message: 'DP_EPSILON_PER_PERIOD must be a decimal such as 3 or 2.5' })
  DP_EPSILON_PER_PERIOD = '3';

  /**
   * Minutes between checks that every scale's research-snapshot aggregate is built (after start,
   * then at this interval, so the month's first report does not wait for one); 0 turns it off and
   * leaves the build to the first report that needs it.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1440)
  REPORT_SNAPSHOT_PREBUILD_MINUTES = 10;

  /** HMAC key of the stable clinic pseudonyms researchers see (≥ 32 characters). */
  @IsString()
  @MinLength(32)
  CLINIC_PSEUDONYM_KEY = DEV_PSEUDONYM_KEY;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'silent'])
  LOG_LEVEL = 'info';
}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const picked = Object.fromEntries(known.filter((k) => env[k] !== undefined).map((k) => [k, env[k]]));
  const config = plainToInstance(AppConfig, picked);
  const errors = validateSync(config, { whitelist: true });
  if (errors.length > 0) {
    const lines = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new Error(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  if (config.NODE_ENV === 'production') {
    if (config.JWT_SECRET === DEV_JWT_SECRET) throw new Error('Invalid configuration: JWT_SECRET must be set in production');
    if (config.CONTACT_ENCRYPTION_KEYS === DEV_CONTACT_KEY) {
      throw new Error('Invalid configuration: CONTACT_ENCRYPTION_KEYS must be set in production');
    }
    if (config.CLINIC_PSEUDONYM_KEY === DEV_PSEUDONYM_KEY) {
      throw new Error('Invalid configuration: CLINIC_PSEUDONYM_KEY must be set in production');
    }
  }
  return config;
}
