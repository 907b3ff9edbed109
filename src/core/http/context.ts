import type { FastifyReply, FastifyRequest } from 'fastify';
import { renderToString } from 'preact-render-to-string';
import type { VNode } from 'preact';
import type { Lang, T } from '../i18n/index.ts';
import type { ProfessionalUser, StaffUser } from '../auth/sessions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    lang: Lang;
    t: T;
    /** The logged-in staff member with a complete (2FA) session, if any. */
    staff: StaffUser | null;
    /** The logged-in professional (intermediair) with a complete (2FA) session, if any. */
    professional: ProfessionalUser | null;
    /** Session id (hash of the cookie token) of any stage, for the login steps. */
    sessionId: string | null;
    sessionStage: 'mfa' | 'enrol' | 'full' | null;
    sessionUserId: string | null;
  }
  interface FastifyContextConfig {
    /** Permission every staff route must declare; see src/core/auth/guard.ts. */
    permission?: import('../auth/permissions.ts').Permission;
    /** A route of the professionals' area (/intermediair): needs a professional's complete login; see src/core/auth/guard.ts. */
    professional?: true;
    /** Marks a route that needs no login. Staff-area routes must not set it. */
    public?: boolean;
    /** JSON API routes take no CSRF token (they carry no cookies that authorise anything). */
    csrf?: false;
  }
}

export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send('<!doctype html>' + renderToString(page));
}

/** Post-redirect-get: 303 so that the browser follows with GET. */
export function seeOther(reply: FastifyReply, location: string): FastifyReply {
  return reply.redirect(location, 303);
}

export function clientIp(request: FastifyRequest): string {
  return request.ip;
}

/** Only same-site relative paths are accepted as a return address. */
export function safeReturnPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return fallback;
  return value;
}
