import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import helmet from 'helmet';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import csrf from '@fastify/csrf-protection';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import qs from 'node:querystring';
import type { Logger } from 'pino';
import type { Config } from './core/config.ts';
import type { Database } from './core/db/index.ts';
import { SOURCE_LANG, negotiateLang, translator } from './core/i18n/index.ts';
import { SESSION_COOKIE, loadProfessional, loadSession, loadStaffUser } from './core/auth/sessions.ts';
import { isStaffFacingPath, registerGuard } from './core/auth/guard.ts';
import { registerErrorPages } from './core/http/error-pages.tsx';
import { publicRoutes } from './features/public/routes.tsx';
import { authRoutes } from './features/auth/routes.tsx';
import { accountRoutes } from './features/auth/account-routes.tsx';
import { adminRoutes } from './features/admin/routes.tsx';
import { auditRoutes } from './features/admin/audit-routes.tsx';
import { devRoutes } from './features/dev/routes.tsx';
import { catalogueManageRoutes } from './features/catalogue/manage-routes.tsx';
import { wizardRoutes } from './features/wizard/routes.tsx';
import { apiRoutes } from './features/wizard/api.ts';
import { applicationFlowRoutes } from './features/applications/flow-routes.tsx';
import { applicationStatusRoutes } from './features/applications/status-routes.tsx';
import { casesRoutes } from './features/cases/routes.tsx';
import { budgetRoutes } from './features/budgets/routes.tsx';
import { reachRoutes } from './features/reach/routes.tsx';
import { professionalRoutes } from './features/professionals/routes.tsx';
import { ReferenceCache } from './features/catalogue/cache.ts';
import { UsageCounter } from './features/wizard/usage.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const LANG_COOKIE = 'kr_lang';
export const BODY_LIMIT = 1024 * 1024;

export interface AppDeps {
  config: Config;
  database: Database;
  logger: Logger;
}

export interface RegisteredRoute {
  method: string;
  url: string;
  permission: string | undefined;
  isPublic: boolean;
  /** a route of the professionals' area */
  isProfessional: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
    /** Every route as registered, for the authorization matrix test and the route audit. */
    registeredRoutes: RegisteredRoute[];
    /** per-process read cache of municipalities, postcode areas and the published catalogue */
    referenceCache: ReferenceCache;
    /** anonymous wizard demand counts, written in batches */
    wizardUsage: UsageCounter;
  }
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    loggerInstance: deps.logger as unknown as FastifyBaseLogger,
    trustProxy: config.trustProxy,
    bodyLimit: BODY_LIMIT,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  });
  app.decorate('deps', deps);
  const registeredRoutes: RegisteredRoute[] = [];
  app.decorate('registeredRoutes', registeredRoutes);
  app.decorate('referenceCache', new ReferenceCache(deps.database.db));
  app.decorate('wizardUsage', new UsageCounter(deps.database.db, app.log));
  app.addHook('onClose', () => app.wizardUsage.stop());
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      registeredRoutes.push({ method, url: route.url, permission: route.config?.permission, isPublic: route.config?.public === true, isProfessional: route.config?.professional === true });
    }
  });
  app.decorateRequest('lang', SOURCE_LANG);
  app.decorateRequest('t', translator(SOURCE_LANG));
  app.decorateRequest('staff', null);
  app.decorateRequest('professional', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('sessionStage', null);
  app.decorateRequest('sessionUserId', null);

  // Helmet's security headers, built once: @fastify/helmet rebuilds the middleware (and re-parses
  // every CSP directive) on each request. See docs/decisions/0005-helmet-built-once.md.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'"],
        scriptSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: config.isProduction ? [] : null,
      },
    },
    strictTransportSecurity: config.isProduction,
  });
  app.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw as never, reply.raw as never, (error?: unknown) => done(error as Error | undefined)));
  await app.register(cookie, { secret: config.sessionSecret });
  // Repeated fields (checkbox groups) arrive as arrays with node's querystring parser.
  await app.register(formbody, { bodyLimit: BODY_LIMIT, parser: (s) => qs.parse(s) });
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'kr_csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: true, signed: true },
    getToken: (request) => (request.body as Record<string, string> | undefined)?._csrf ?? (request.headers['x-csrf-token'] as string | undefined),
  });
  // A coarse per-process flood guard; the login limits that matter live in the database (core/auth/throttle.ts).
  await app.register(rateLimit, { global: false });

  await app.register(fastifyStatic, { root: path.join(root, 'public'), prefix: '/static/', maxAge: '1h' });
  await app.register(fastifyStatic, {
    root: path.join(root, 'node_modules/@utrecht/component-library-css/dist'),
    prefix: '/static/utrecht/',
    decorateReply: false,
    maxAge: '1d',
  });

  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/static/')) return;
    const lang = negotiateLang(undefined, request.cookies[LANG_COOKIE], request.headers['accept-language'], isStaffFacingPath(request.url));
    request.lang = lang;
    request.t = translator(lang);
    const session = await loadSession(deps.database.db, request.cookies[SESSION_COOKIE]);
    if (!session) return;
    request.sessionId = session.id;
    request.sessionStage = session.stage;
    request.sessionUserId = session.userId;
    if (session.stage === 'full') {
      request.staff = await loadStaffUser(deps.database.db, session.userId);
      if (!request.staff) request.professional = await loadProfessional(deps.database.db, session.userId);
    }
  });

  app.addHook('preHandler', async (request, reply) => {
    if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return;
    if (request.routeOptions.config.csrf === false) return;
    await new Promise<void>((resolve, reject) => {
      app.csrfProtection(request, reply, (err?: Error) => (err ? reject(err) : resolve()));
    });
  });
  registerGuard(app);
  registerErrorPages(app);

  await app.register(publicRoutes);
  await app.register(wizardRoutes);
  await app.register(apiRoutes);
  await app.register(applicationFlowRoutes);
  await app.register(applicationStatusRoutes);
  await app.register(authRoutes);
  await app.register(accountRoutes);
  await app.register(adminRoutes);
  await app.register(auditRoutes);
  await app.register(catalogueManageRoutes);
  await app.register(casesRoutes);
  await app.register(budgetRoutes);
  await app.register(reachRoutes);
  await app.register(professionalRoutes);
  if (!config.isProduction) await app.register(devRoutes);
  return app;
}
