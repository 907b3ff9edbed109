import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError, UnauthenticatedError } from '../errors.ts';
import { can } from './permissions.ts';

/** URL prefixes that form the staff area: everything under them needs a full (2FA) session. */
export const STAFF_PREFIXES = ['/beheer', '/account'] as const;

export function isStaffRoute(url: string): boolean {
  return STAFF_PREFIXES.some((p) => url === p || url.startsWith(`${p}/`));
}

/** The professionals' area (intermediairs): every route under it except registration needs a professional's complete login. */
export const PROFESSIONAL_PREFIX = '/intermediair';

export function isProfessionalRoute(url: string): boolean {
  return url === PROFESSIONAL_PREFIX || url.startsWith(`${PROFESSIONAL_PREFIX}/`);
}

/** Pages staff and professionals use (and their login), kept in languages whose staff texts are complete. */
const STAFF_FACING_PREFIXES = [...STAFF_PREFIXES, PROFESSIONAL_PREFIX, '/inloggen', '/uitloggen', '/wachtwoord-', '/uitnodiging', '/dev'];
export function isStaffFacingPath(url: string): boolean {
  const path = url.split('?')[0]!;
  return STAFF_FACING_PREFIXES.some((p) => (p.endsWith('-') ? path.startsWith(p) : path === p || path.startsWith(`${p}/`)));
}

/**
 * Fail-closed guard for the staff area: no session → login; a route that forgot to declare
 * its permission is refused for everyone, and the authorization matrix test fails on it.
 */
export function registerGuard(app: FastifyInstance): void {
  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const url = request.routeOptions.url;
    if (!url) return;
    if (request.routeOptions.config.professional) {
      if (request.staff) throw new ForbiddenError();
      if (!request.professional) throw new UnauthenticatedError();
      return;
    }
    if (!isStaffRoute(url)) return;
    if (!request.staff) {
      // A professional's login lands on the staff home by default: send them to their own area.
      if (request.professional && url === '/beheer') return reply.redirect('/intermediair', 303);
      if (request.professional) throw new ForbiddenError();
      throw new UnauthenticatedError();
    }
    const permission = request.routeOptions.config.permission;
    if (!permission) {
      request.log.error({ route: url }, 'staff route without a declared permission refused');
      throw new ForbiddenError();
    }
    if (!can(request.staff.role, permission)) throw new ForbiddenError();
  });
}
