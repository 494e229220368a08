import { z } from 'zod';

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value));

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: optionalString,
  BASE_URL: optionalString,
  SESSION_SECRET: optionalString,
  DEMO_PASSWORD: optionalString,
  SMTP_HOST: optionalString,
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  SMTP_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  SMTP_USER: optionalString,
  SMTP_PASSWORD: optionalString,
  MAIL_FROM: z.string().default("One Children's Workforce <no-reply@ocw.localhost>"),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  API_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(1200),
  WEB_CONCURRENCY: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.coerce.number().int().min(1).max(64).optional(),
  ),
});

export interface Config {
  env: 'development' | 'test' | 'production';
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  baseUrl: string;
  sessionSecret: string;
  demoPassword: string | undefined;
  smtp:
    { host: string; port: number; secure: boolean; user?: string; password?: string } | undefined;
  mailFrom: string;
  logLevel: string;
  secureCookies: boolean;
  /** Worker processes asked for (PostgreSQL only); undefined: one per core. */
  webConcurrency: number | undefined;
  /** Calls an API token may make per minute. */
  apiRateLimit: number;
}

/** Used outside production only, so that sessions and forms survive a restart in development. */
const DEVELOPMENT_SECRET = 'ocw-development-secret-not-for-production-use-0000';

export class ConfigError extends Error {}

/** Parses the environment once. Production refuses to start without its secrets. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production) {
    const missing: string[] = [];
    if (e.SESSION_SECRET === undefined || e.SESSION_SECRET.length < 32)
      missing.push('SESSION_SECRET (at least 32 characters)');
    if (e.BASE_URL === undefined) missing.push('BASE_URL');
    if (e.SMTP_HOST === undefined) missing.push('SMTP_HOST');
    if (missing.length > 0)
      throw new ConfigError(`Production needs these settings: ${missing.join(', ')}`);
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    baseUrl: e.BASE_URL ?? `http://localhost:${e.PORT}`,
    sessionSecret: e.SESSION_SECRET ?? DEVELOPMENT_SECRET,
    demoPassword: e.DEMO_PASSWORD,
    smtp:
      e.SMTP_HOST === undefined
        ? undefined
        : {
            host: e.SMTP_HOST,
            port: e.SMTP_PORT,
            secure: e.SMTP_SECURE,
            ...(e.SMTP_USER === undefined ? {} : { user: e.SMTP_USER }),
            ...(e.SMTP_PASSWORD === undefined ? {} : { password: e.SMTP_PASSWORD }),
          },
    mailFrom: e.MAIL_FROM,
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info'),
    secureCookies: production,
    webConcurrency: e.WEB_CONCURRENCY,
    apiRateLimit: e.API_RATE_LIMIT,
  };
}
