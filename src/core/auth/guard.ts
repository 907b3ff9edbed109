import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ForbiddenError, UnauthenticatedError } from '../errors.ts';
import { can } from './permissions.ts';

/** URL prefixes that form the staff area: everything under them needs a full (2FA) session. */
export const STAFF_PREFIXES = ['/beheer', '/account'] as const;

export function isStaffRoute(url: string): boolean {
  return STAFF_PREFIXES.some((p) => url === p || url.startsWith(`${p}/`));
}

/** Pages staff use (the back office and its login), kept in languages whose staff texts are complete. */
const STAFF_FACING_PREFIXES = [...STAFF_PREFIXES, '/inloggen', '/uitloggen', '/wachtwoord-', '/uitnodiging', '/dev'];
export function isStaffFacingPath(url: string): boolean {
  const path = url.split('?')[0]!;
  return STAFF_FACING_PREFIXES.some((p) => (p.endsWith('-') ? path.startsWith(p) : path === p || path.startsWith(`${p}/`)));
}

/**
 * Fail-closed guard for the staff area: no session → login; a route that forgot to declare
 * its permission is refused for everyone, and the authorization matrix test fails on it.
 */
export function registerGuard(app: FastifyInstance): void {
  app.addHook('preHandler', async (request: FastifyRequest) => {
    const url = request.routeOptions.url;
    if (!url || !isStaffRoute(url)) return;
    if (!request.staff) throw new UnauthenticatedError();
    const permission = request.routeOptions.config.permission;
    if (!permission) {
      request.log.error({ route: url }, 'staff route without a declared permission refused');
      throw new ForbiddenError();
    }
    if (!can(request.staff.role, permission)) throw new ForbiddenError();
  });
}
