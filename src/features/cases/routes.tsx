import type { FastifyInstance } from 'fastify';
import { caseRoutes } from './case-routes.tsx';
import { caseActionRoutes } from './action-routes.tsx';
import { referralRoutes } from './referral-routes.tsx';
import { intakeRoutes } from './intake-routes.tsx';
import { reasonsRoutes } from './reasons-routes.tsx';

/**
 * The back office's case handling (/beheer/aanvragen), referrals between organisations with the
 * family's consent (/toestemming/… for the family), and applications entered by staff.
 */
export async function casesRoutes(app: FastifyInstance) {
  await caseRoutes(app);
  await caseActionRoutes(app);
  await referralRoutes(app);
  await intakeRoutes(app);
  await reasonsRoutes(app);
}
