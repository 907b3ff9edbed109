import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { THEMES } from '../../core/db/schema.ts';
import { route, type ChildAnswer, type Option } from '../catalogue/routing.ts';
import { APPLICANT_ROLES } from '../catalogue/rules.ts';
import { parseChild } from './answers.ts';
import { resolvePlace } from './place.ts';
import { todayInAmsterdam } from './today.ts';
import { openApiDocument } from './openapi.ts';

const list = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

const Query = z.object({
  postcode: z.string().max(20).optional(),
  municipality: z.string().regex(/^GM\d{4}$/i, 'must be a CBS municipality code such as GM0344').optional(),
  role: z.enum(APPLICANT_ROLES, { message: `must be one of ${APPLICANT_ROLES.join(', ')}` }).default('parent'),
  age: z.preprocess(list, z.array(z.string().regex(/^\d{1,2}$/, 'must be a whole number of years')).max(8, 'at most 8 children')),
  birthDate: z.preprocess(list, z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')).max(8, 'at most 8 children')),
  theme: z.preprocess(list, z.array(z.enum(THEMES, { message: `must be one of ${THEMES.join(', ')}` })).max(THEMES.length)),
});

/** RFC 9457 problem details, with the invalid parameters listed as the RFC's example does. */
function problem(reply: FastifyReply, status: number, type: string, title: string, detail: string, extra: Record<string, unknown> = {}) {
  return reply.status(status).type('application/problem+json').header('cache-control', 'no-store').send({ type: `/api/problems/${type}`, title, status, detail, ...extra });
}

function optionJson(o: Option) {
  const r = o.entry.rules;
  return {
    id: o.entry.id,
    version: o.entry.version,
    theme: o.entry.theme,
    organisation: { id: o.entry.organisation.id, name: o.entry.organisation.name, type: o.entry.organisation.type },
    title: r.title,
    description: r.description,
    ages: { min: r.age.min, max: r.age.max, referenceDate: r.age.referenceDate },
    ageCounted: o.age,
    income: r.income,
    maxAmountCents: o.maxAmount,
    period: r.limits.period,
    periodYears: r.limits.periodYears,
    extras: r.limits.extras,
    via: o.via,
    waitingList: o.waitingList,
    handlingDays: r.handlingDays,
    delivery: r.delivery,
    apply: r.apply,
    checkFirst: o.municipalFirst ? o.municipalFirst.id : null,
  };
}

export function answerJson(children: ChildAnswer[]) {
  return children.map((c) => ({
    index: c.index,
    age: c.age,
    options: c.themes.flatMap((t) => t.organisations.flatMap((g) => g.options.map(optionJson))),
    unavailable: c.unavailable.map((u) => ({ id: u.entry.id, title: u.entry.rules.title, organisation: u.entry.organisation.name, reasons: u.reasons })),
    missingThemes: c.missingThemes,
    nationalAlternatives: c.nationalAlternatives.map(optionJson),
  }));
}

export async function apiRoutes(app: FastifyInstance) {
  const cache = app.referenceCache;
  const cfg = { config: { public: true, csrf: false as const } };

  app.get('/api/openapi.json', cfg, async (_request, reply) => reply.header('cache-control', 'public, max-age=300').send(openApiDocument()));

  app.get('/api/v1/options', cfg, async (request, reply) => {
    const parsed = Query.safeParse(request.query ?? {});
    if (!parsed.success) {
      return problem(reply, 400, 'invalid-parameters', 'Invalid parameters', 'One or more query parameters are not valid.', {
        'invalid-params': parsed.error.issues.map((i) => ({ name: String(i.path[0]), reason: i.message })),
      });
    }
    const q = parsed.data;
    const today = todayInAmsterdam();
    const children = [];
    for (const [name, values] of [['age', q.age], ['birthDate', q.birthDate]] as const) {
      for (const value of values) {
        const child = parseChild(value, today);
        if ('error' in child) return problem(reply, 400, 'invalid-parameters', 'Invalid parameters', 'One or more query parameters are not valid.', { 'invalid-params': [{ name, reason: `not a valid ${name}: ${child.error.split('.').pop()}` }] });
        children.push(child.child);
      }
    }
    if (children.length === 0) return problem(reply, 400, 'invalid-parameters', 'Invalid parameters', 'Give at least one age or birthDate.', { 'invalid-params': [{ name: 'age', reason: 'required (or birthDate)' }] });
    if (children.length > 8) return problem(reply, 400, 'invalid-parameters', 'Invalid parameters', 'At most 8 children per question.', { 'invalid-params': [{ name: 'age', reason: 'at most 8 children' }] });

    const snapshot = await cache.current();
    const place = resolvePlace(snapshot, q.postcode ?? '', (q.municipality ?? '').toUpperCase());
    switch (place.kind) {
      case 'missing':
        return problem(reply, 400, 'invalid-parameters', 'Invalid parameters', 'Give a postcode or a municipality.', { 'invalid-params': [{ name: 'postcode', reason: 'required (or municipality)' }] });
      case 'malformed':
        return problem(reply, 400, 'invalid-parameters', 'Invalid parameters', 'The postcode is not a Dutch postcode.', { 'invalid-params': [{ name: 'postcode', reason: 'must look like 1234 AB or 1234' }] });
      case 'unknown':
        return problem(reply, 404, 'unknown-place', 'Unknown place', 'This postcode area or municipality is not known. Pass the municipality by CBS code instead.');
      case 'choose':
        return problem(reply, 409, 'ambiguous-postcode', 'Postcode area in two municipalities', 'This postcode area lies in more than one municipality. Pass the municipality by CBS code.', {
          candidates: place.options.map((m) => ({ code: m.code, name: m.commonName })),
        });
    }
    const results = route(snapshot.catalogueFor(place.municipality.code), { municipalityCode: place.municipality.code, date: today, role: q.role, children, themes: q.theme });
    return reply.header('cache-control', 'no-store').send({
      municipality: { code: place.municipality.code, name: place.municipality.name, commonName: place.municipality.commonName },
      date: today,
      role: q.role,
      themes: q.theme,
      children: answerJson(results),
    });
  });
}
