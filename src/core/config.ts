import path from 'node:path';
import { z } from 'zod';

/**
 * The one typed configuration of Kansrijk, read from the environment once at start-up.
 * A bad value stops start-up with a single line naming the setting (see formatConfigError).
 */
const booleanish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'moet true of false zijn' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const ConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test'], { message: 'moet development, production of test zijn' }).default('development'),
    PORT: z.coerce.number({ message: 'moet een poortnummer zijn (0–65535)' }).int('moet een poortnummer zijn (0–65535)').min(0, 'moet een poortnummer zijn (0–65535)').max(65535, 'moet een poortnummer zijn (0–65535)').default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    PUBLIC_URL: z.url({ message: 'moet een volledig webadres zijn, bijvoorbeeld https://kansrijk.nl' }).optional(),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'moet beginnen met postgres:// of postgresql://')
      .optional(),
    KANSRIJK_DATA_DIR: z.string().min(1).default('./data'),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'moet beginnen met smtp:// of smtps://')
      .optional(),
    MAIL_FROM: z.string().min(3).default('Kansrijk <noreply@kansrijk.localhost>'),
    SESSION_SECRET: z.string().min(32, 'moet minstens 32 tekens lang zijn').optional(),
    CHILD_KEY_SECRET: z.string().min(32, 'moet minstens 32 tekens lang zijn').optional(),
    DEMO_DATA: booleanish.optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'moet fatal, error, warn, info, debug, trace of silent zijn' }).default('info'),
    TRUST_PROXY: booleanish.default(false),
    JOBS_ENABLED: booleanish.default(true),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production') {
      if (!env.SESSION_SECRET) ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'is verplicht in productie' });
      if (!env.CHILD_KEY_SECRET) ctx.addIssue({ code: 'custom', path: ['CHILD_KEY_SECRET'], message: 'is verplicht in productie' });
      if (!env.DATABASE_URL) ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'is verplicht in productie (PGlite is alleen voor ontwikkeling)' });
      if (!env.SMTP_URL) ctx.addIssue({ code: 'custom', path: ['SMTP_URL'], message: 'is verplicht in productie' });
      if (!env.PUBLIC_URL) ctx.addIssue({ code: 'custom', path: ['PUBLIC_URL'], message: 'is verplicht in productie' });
      if (env.DEMO_DATA === true) ctx.addIssue({ code: 'custom', path: ['DEMO_DATA'], message: 'demodata is niet toegestaan in productie' });
    }
  });

export interface Config {
  env: 'development' | 'production' | 'test';
  isProduction: boolean;
  port: number;
  host: string;
  publicUrl: string;
  databaseUrl: string | undefined;
  dataDir: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  sessionSecret: string;
  childKeySecret: string;
  demoData: boolean;
  logLevel: string;
  trustProxy: boolean;
  jobsEnabled: boolean;
}

export class ConfigError extends Error {
  constructor(public readonly setting: string, public readonly problem: string) {
    super(`Ongeldige configuratie: ${setting} ${problem}`);
    this.name = 'ConfigError';
  }
}

// Development-only fallbacks: production refuses to start without real secrets.
const DEV_SECRET = 'kansrijk-development-secret-not-for-production-use';

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(
    Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== '')),
  );
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? 'configuratie'), issue.message);
  }
  const e = parsed.data;
  const isProduction = e.NODE_ENV === 'production';
  return {
    env: e.NODE_ENV,
    isProduction,
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.KANSRIJK_DATA_DIR),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    sessionSecret: e.SESSION_SECRET ?? DEV_SECRET,
    childKeySecret: e.CHILD_KEY_SECRET ?? DEV_SECRET,
    demoData: e.DEMO_DATA ?? !isProduction,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    jobsEnabled: e.JOBS_ENABLED,
  };
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', JOBS_ENABLED: 'false' }), ...overrides };
}
