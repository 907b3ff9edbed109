import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { testConfig, type Config } from '../../src/core/config.ts';
import { buildApp } from '../../src/app.ts';
import { prepareDatabase } from '../../src/setup.ts';
import { currentTotp } from '../../src/core/auth/totp.ts';
import { DEMO_PASSWORD, DEMO_USERS } from '../../src/features/demo/accounts.ts';
import { createTestDatabase } from './db.ts';
import type { Database } from '../../src/core/db/index.ts';

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  config: Config;
  close(): Promise<void>;
}

/** The real app on a fresh database (PGlite or PostgreSQL, see test/support/db.ts) with reference and demo data. */
export async function createTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const config = testConfig({ demoData: true, ...overrides });
  // The demo data is seeded exactly when prepareDatabase would seed it: then a seeded copy saves the work.
  const database = await createTestDatabase({ seeded: config.demoData && !config.isProduction });
  const logger = pino({ level: 'silent' });
  await prepareDatabase(database.db, config, logger);
  const app = await buildApp({ config, database, logger });
  await app.ready();
  return {
    app,
    database,
    config,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

/** A browser-like client for app.inject: keeps cookies and reads CSRF tokens from the pages it gets. */
export class Client {
  readonly cookies = new Map<string, string>();
  csrf = '';
  constructor(private readonly app: FastifyInstance) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(res: LightMyRequestResponse): void {
    for (const c of res.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const match = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (match) this.csrf = match[1]!;
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader(), ...headers } });
    this.remember(res);
    return res;
  }

  /** Posts a form like a browser does, with the CSRF token of the last page seen unless one is given. */
  async post(url: string, form: Record<string, string | string[]> = {}, options: { csrf?: string | null } = {}): Promise<LightMyRequestResponse> {
    const params = new URLSearchParams();
    const token = options.csrf === undefined ? this.csrf : options.csrf;
    if (token !== null) params.append('_csrf', token);
    for (const [k, v] of Object.entries(form)) for (const item of Array.isArray(v) ? v : [v]) params.append(k, item);
    const res = await this.app.inject({
      method: 'POST',
      url,
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: params.toString(),
    });
    this.remember(res);
    return res;
  }

  /** Logs in with password and TOTP code, as a person would. */
  async login(email: string, password = DEMO_PASSWORD, totpSecret = DEMO_USERS.find((u) => u.email === email)?.totpSecret): Promise<void> {
    await this.get('/inloggen');
    const first = await this.post('/inloggen', { email, password });
    if (first.statusCode !== 303 || !String(first.headers.location).startsWith('/inloggen/code')) {
      throw new Error(`password step failed for ${email}: ${first.statusCode}`);
    }
    await this.get(String(first.headers.location));
    if (!totpSecret) throw new Error(`no TOTP secret for ${email}`);
    const second = await this.post('/inloggen/code', { code: currentTotp(totpSecret) });
    if (second.statusCode !== 303) throw new Error(`code step failed for ${email}: ${second.statusCode}`);
  }
}

export function demoUser(role: string) {
  const user = DEMO_USERS.find((u) => u.role === role);
  if (!user) throw new Error(`no demo user with role ${role}`);
  return user;
}
