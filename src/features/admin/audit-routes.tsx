import type { FastifyInstance } from 'fastify';
// placeholder until the admin feature lands
export async function auditRoutes(_app: FastifyInstance) {}
