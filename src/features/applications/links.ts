import crypto from 'node:crypto';
import { normaliseReference } from './reference.ts';

/**
 * The signed link to an application's status page, as mailed: /status/<reference>.<expiry>.<signature>.
 * It needs no database row, works on every app process, and stops working at its expiry; a new
 * one can be asked for with the e-mail address and the reference.
 */
export const STATUS_LINK_DAYS = 30;

function sign(secret: string, reference: string, expires: number): string {
  return crypto.createHmac('sha256', secret).update(`status:${reference}:${expires}`).digest('base64url');
}

export function statusLinkToken(secret: string, reference: string, now = Date.now()): string {
  const expires = Math.floor(now / 1000) + STATUS_LINK_DAYS * 24 * 3600;
  return `${reference.replace(/-/g, '')}.${expires}.${sign(secret, reference, expires)}`;
}

export function statusLinkPath(secret: string, reference: string, now = Date.now()): string {
  return `/status/${statusLinkToken(secret, reference, now)}`;
}

export type LinkCheck = { ok: true; reference: string } | { ok: false; reason: 'invalid' | 'expired'; reference: string | null };

export function verifyStatusLink(secret: string, token: unknown, now = Date.now()): LinkCheck {
  if (typeof token !== 'string' || token.length > 200) return { ok: false, reason: 'invalid', reference: null };
  const [ref, exp, sig] = token.split('.');
  const reference = normaliseReference(ref);
  if (!reference || !exp || !/^\d{1,12}$/.test(exp) || !sig) return { ok: false, reason: 'invalid', reference: null };
  const expected = Buffer.from(sign(secret, reference, Number(exp)));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return { ok: false, reason: 'invalid', reference: null };
  if (Number(exp) * 1000 <= now) return { ok: false, reason: 'expired', reference };
  return { ok: true, reference };
}
