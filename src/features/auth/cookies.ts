import type { FastifyReply } from 'fastify';
import { SESSION_COOKIE } from '../../core/auth/sessions.ts';

// Secure is always on: browsers accept Secure cookies on http://localhost, and production is HTTPS.
const OPTIONS = { path: '/', httpOnly: true, secure: true, sameSite: 'lax' as const };

export function setSessionCookie(reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, OPTIONS);
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, OPTIONS);
}
