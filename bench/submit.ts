import crypto from 'node:crypto';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import type { Db } from '../src/core/db/index.ts';
import { hashToken } from '../src/core/auth/totp.ts';
import { ReferenceCache } from '../src/features/catalogue/cache.ts';
import { todayInAmsterdam } from '../src/features/wizard/today.ts';
import { buildDraftData } from '../test/support/applications.ts';

/**
 * Application submission under load, as browsers do it: each request is the final POST of a
 * filled-in draft, carrying the draft cookie, the CSRF cookie and the CSRF token. Every draft is
 * sent once (2 children × 2 provisions at 2 organisations), so each acknowledgement (303 to the
 * receipt) must match exactly one stored application.
 */
export interface SubmitFigure {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  acknowledged: number;
  stored: number;
  complete: number;
}

function birthDate(yearsAgo: number): string {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - yearsAgo);
  d.setUTCMonth(0, 15);
  return d.toISOString().slice(0, 10);
}

/** Inserts `count` complete drafts, each for other children, and returns their cookie tokens. */
export async function prepareDrafts(db: Db, count: number): Promise<string[]> {
  const snapshot = await new ReferenceCache(db).current();
  const { data } = buildDraftData(
    snapshot,
    {
      email: 'bench@example.nl',
      children: [
        { firstName: 'AAAAAAAA', lastName: 'Bench', birthDate: birthDate(8), provisions: ['Schoolreis en excursies', 'Verjaardagsbox'] },
        { firstName: 'BBBBBBBB', lastName: 'Bench', birthDate: birthDate(10), provisions: ['Zwemles (A- en B-diploma)', 'Verjaardagsbox'] },
      ],
    },
    todayInAmsterdam(),
  );
  const template = JSON.stringify(data);
  const tokens: string[] = [];
  const expires = new Date(Date.now() + 24 * 3600 * 1000);
  const letters = (n: number) => n.toString(26).split('').map((c) => String.fromCharCode(97 + parseInt(c, 26))).join('');
  // A run prefix keeps the children of this run apart from those of earlier runs on the same database.
  const run = letters(crypto.randomInt(26 ** 4, 26 ** 5));
  for (let start = 0; start < count; start += 1000) {
    const rows = [];
    for (let i = start; i < Math.min(count, start + 1000); i++) {
      const token = crypto.randomBytes(32).toString('base64url');
      tokens.push(token);
      // Names have letters only: the draft number written in letters keeps every child distinct.
      const n = `${run}${letters(i)}`;
      rows.push({ id: hashToken(token), data: template.replaceAll('AAAAAAAA', `Anna${n}`).replaceAll('BBBBBBBB', `Bram${n}`), expires_at: expires });
    }
    await db.insertInto('application_drafts').values(rows).execute();
  }
  return tokens;
}

/** A CSRF cookie and token, as a browser gets them from any page with a form. */
async function csrfPair(baseUrl: string): Promise<{ cookie: string; token: string }> {
  const res = await fetch(`${baseUrl}/inloggen`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('kr_csrf='));
  const token = /name="_csrf" value="([^"]+)"/.exec(await res.text())?.[1];
  if (!cookie || !token) throw new Error('no CSRF pair from /inloggen');
  return { cookie, token };
}

export async function loadSubmissions(name: string, baseUrl: string, tokens: string[], connections: number): Promise<{ figure: Omit<SubmitFigure, 'stored' | 'complete'>; references: string[] }> {
  const { cookie, token } = await csrfPair(baseUrl);
  const references: string[] = [];
  let next = 0;
  const result = await autocannon({
    url: baseUrl,
    connections,
    amount: tokens.length,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => ({
          ...req,
          path: '/aanvragen/controleren',
          // Many families behind the load balancer (the app runs with TRUST_PROXY), not one client hammering.
          headers: { ...req.headers, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': `10.${(next >> 16) & 255}.${(next >> 8) & 255}.${next & 255}`, cookie: `${cookie}; kr_concept=${tokens[next++ % tokens.length]}` },
          body: `_csrf=${encodeURIComponent(token)}`,
        }),
        onResponse: (status, _body, _context, headers) => {
          const location = (headers as Record<string, string | string[]> | undefined)?.location;
          const m = typeof location === 'string' ? /^\/aanvraag\/(KR-[0-9A-Z]{4}-[0-9A-Z]{4})\/ontvangen$/.exec(location) : null;
          if (status === 303 && m) references.push(m[1]!);
        },
      },
    ],
  });
  return {
    figure: { name, rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx - references.length, acknowledged: references.length },
    references,
  };
}

/** Every acknowledged reference stored exactly once, complete (2 cases, 4 items, 2 consents), and nothing stored that was not acknowledged. */
export async function verifySubmissions(db: Db, references: string[]): Promise<{ stored: number; complete: number; unacknowledged: number }> {
  const rows = await sql<{ reference: string; cases: number; items: number; consents: number }>`
    select a.reference,
      (select count(*) from cases c where c.application_id = a.id)::int as cases,
      (select count(*) from case_items i join cases c on c.id = i.case_id where c.application_id = a.id)::int as items,
      (select count(*) from consents k where k.application_id = a.id)::int as consents
    from applications a where a.applicant_email = 'bench@example.nl'`.execute(db);
  const acknowledged = new Set(references);
  const stored = rows.rows.filter((r) => acknowledged.has(r.reference));
  return {
    stored: stored.length,
    complete: stored.filter((r) => r.cases === 2 && r.items === 4 && r.consents === 2).length,
    unacknowledged: rows.rows.length - stored.length,
  };
}

/** Single-row INSERTs from `concurrency` callers for `seconds`: the ceiling for one write per request on this database. */
export async function rawInsertBaseline(db: Db, seconds: number, concurrency: number): Promise<{ rps: number }> {
  await sql`create table if not exists bench_rows (id bigserial primary key, payload text not null, at timestamptz not null default now())`.execute(db);
  let count = 0;
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < until) {
        await sql`insert into bench_rows (payload) values (${'x'.repeat(200)})`.execute(db);
        count++;
      }
    }),
  );
  await sql`drop table bench_rows`.execute(db);
  return { rps: Math.round(count / seconds) };
}
