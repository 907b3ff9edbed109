import crypto from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import type { Client, TestApp } from './app.ts';
import { statusLinkPath } from '../../src/features/applications/links.ts';
import { APPLICANT_COOKIE } from '../../src/features/applications/applicant-session.ts';

/** Helpers for the applicant's side after submitting: the status link, uploads, the parent's mail. */

/** Opens the application's status page the way the mailed link does; returns the page. */
export async function openStatus(t: TestApp, client: Client, reference: string): Promise<LightMyRequestResponse> {
  const res = await client.get(statusLinkPath(t.config.sessionSecret, reference));
  if (res.statusCode !== 303 || !client.cookies.has(APPLICANT_COOKIE)) throw new Error(`status link gave ${res.statusCode}`);
  return client.get(String(res.headers.location));
}

/** A date of birth so many years (and a month) ago, as YYYY-MM-DD. */
export function yearsAgo(years: number): string {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - years);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 10);
}

export type Part = { name: string; value: string } | { name: string; filename: string; type: string; content: Buffer };

/** A multipart/form-data body as a browser sends it. */
export function multipart(parts: Part[]): { payload: Buffer; contentType: string } {
  const boundary = `----kansrijk${crypto.randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    if ('value' in part) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`));
    } else {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: ${part.type}\r\n\r\n`), part.content, Buffer.from('\r\n'));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

export async function postMultipart(t: TestApp, client: Client, url: string, parts: Part[]): Promise<LightMyRequestResponse> {
  const { payload, contentType } = multipart(parts);
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return t.app.inject({ method: 'POST', url, headers: { cookie, 'content-type': contentType }, payload });
}

/** The token in the parent's consent mail. */
export async function parentToken(t: TestApp, parentEmail: string): Promise<string> {
  const mails = await t.database.db.selectFrom('outbound_mails').select('text_body').where('to_address', '=', parentEmail).orderBy('created_at', 'desc').execute();
  for (const m of mails) {
    const match = /\/ouder\/([A-Za-z0-9_-]+)/.exec(m.text_body);
    if (match) return match[1]!;
  }
  throw new Error(`no parent mail to ${parentEmail}`);
}

export async function mailsTo(t: TestApp, address: string) {
  return t.database.db.selectFrom('outbound_mails').select(['subject', 'text_body']).where('to_address', '=', address).orderBy('created_at').execute();
}
