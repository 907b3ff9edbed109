import type { FastifyInstance } from 'fastify';
import { loginRoutes } from './login.tsx';
import { inviteRoutes } from './invite.tsx';
import { resetRoutes } from './reset.tsx';

export async function authRoutes(app: FastifyInstance) {
  await loginRoutes(app);
  await inviteRoutes(app);
  await resetRoutes(app);
}
