import type { FastifyInstance } from 'fastify';
// placeholder until the admin feature lands
export async function adminRoutes(app: FastifyInstance) {
  app.get('/beheer', { config: { permission: 'staff.home' } }, async () => 'beheer');
}
