import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { renderToString } from 'preact-render-to-string';
import { sendPage } from '../../core/http/context.ts';
import { PageCache } from './page-cache.ts';
import { pageContext } from '../../core/layout/Layout.tsx';
import type { FieldErrors } from '../../core/layout/forms.tsx';
import { ageToday, route } from '../catalogue/routing.ts';
import { parseChildren, parseRole, parseThemes, rawAnswers, type RawAnswers } from './answers.ts';
import { resolvePlace, type Place } from './place.ts';
import { ChildrenStep, PlaceStep, RoleStep, ThemesStep } from './steps.tsx';
import { ResultPage } from './result-view.tsx';
import { todayInAmsterdam } from './today.ts';

const PLACE_ERRORS: Record<Exclude<Place['kind'], 'ok'>, { field: string; key: string }> = {
  missing: { field: 'postcode', key: 'wizard.place.required' },
  malformed: { field: 'postcode', key: 'wizard.place.malformed' },
  unknown: { field: 'gemeente', key: 'wizard.place.unknown' },
  choose: { field: 'gemeente', key: 'wizard.place.choose' },
};

export async function wizardRoutes(app: FastifyInstance) {
  const cache = app.referenceCache;
  const cfg = { config: { public: true } };
  const usage = app.wizardUsage;
  const pages = new PageCache();

  async function placeStep(request: FastifyRequest, reply: FastifyReply, answers: RawAnswers, place: Place | null, errors: FieldErrors, status = 200) {
    const municipalities = (await cache.current()).activeMunicipalities();
    return sendPage(reply, <PlaceStep ctx={pageContext(request, reply)} answers={answers} errors={errors} place={place} municipalities={municipalities} />, status);
  }

  /** Checks the answers of the steps before `step`; on the first problem it shows that step again with its message. */
  async function check(request: FastifyRequest, reply: FastifyReply, step: number) {
    const answers = rawAnswers(request.query);
    const snapshot = await cache.current();
    const place = resolvePlace(snapshot, answers.postcode, answers.gemeente);
    if (place.kind !== 'ok') {
      const e = PLACE_ERRORS[place.kind];
      const fixed = place.kind === 'unknown' && !answers.gemeente ? { ...answers, gemeente: '' } : answers;
      return { done: await placeStep(request, reply, fixed, place, { [e.field]: { key: e.key } }, 400) };
    }
    const role = parseRole(answers.rol);
    if (step > 2 && !role) return { done: sendPage(reply, <RoleStep ctx={pageContext(request, reply)} answers={answers} errors={{ rol: { key: 'wizard.role.required' } }} municipalityName={place.municipality.commonName} />, 400) };
    const today = todayInAmsterdam();
    const { children, errors } = parseChildren(answers.kind, today);
    if (step > 3 && Object.keys(errors).length > 0) return { done: sendPage(reply, <ChildrenStep ctx={pageContext(request, reply)} answers={answers} errors={errors} extraRow={false} />, 400) };
    if (step > 3 && role === 'young' && children.some((c) => ageToday(c, today) < 12 || ageToday(c, today) > 17)) {
      return { done: sendPage(reply, <ChildrenStep ctx={pageContext(request, reply)} answers={answers} errors={{ 'kind-0': { key: 'wizard.children.youngAge' } }} extraRow={false} />, 400) };
    }
    return { answers, municipality: place.municipality, role: role!, children, today, snapshot };
  }

  app.get('/', cfg, async (request, reply) => {
    const answers = rawAnswers(request.query);
    // Coming back from a later step with a split postcode: show its choice again.
    const place = answers.postcode && !answers.gemeente ? resolvePlace(await cache.current(), answers.postcode, '') : null;
    return placeStep(request, reply, answers, place?.kind === 'choose' ? place : null, {});
  });

  app.get('/wizard/wie', cfg, async (request, reply) => {
    const r = await check(request, reply, 2);
    if ('done' in r) return r.done;
    return sendPage(reply, <RoleStep ctx={pageContext(request, reply)} answers={r.answers} errors={{}} municipalityName={r.municipality.commonName} />);
  });

  app.get('/wizard/kinderen', cfg, async (request, reply) => {
    const r = await check(request, reply, 3);
    if ('done' in r) return r.done;
    const extraRow = (request.query as Record<string, unknown>).meer === '1';
    return sendPage(reply, <ChildrenStep ctx={pageContext(request, reply)} answers={r.answers} errors={{}} extraRow={extraRow} />);
  });

  app.get('/wizard/wat', cfg, async (request, reply) => {
    const r = await check(request, reply, 4);
    if ('done' in r) return r.done;
    return sendPage(reply, <ThemesStep ctx={pageContext(request, reply)} answers={r.answers} errors={{}} />);
  });

  app.get('/wizard/resultaat', cfg, async (request, reply) => {
    const r = await check(request, reply, 5);
    if ('done' in r) return r.done;
    const themes = parseThemes(r.answers.thema);
    const question = { municipalityCode: r.municipality.code, date: r.today, role: r.role, children: r.children, themes };
    usage.add({ day: r.today, municipalityCode: r.municipality.code, role: r.role, ages: r.children.map((c) => ageToday(c, r.today)), themes });
    const key = request.sessionId ? null : `${request.lang}|${r.snapshot.revision}|${r.today}|${request.url}`;
    // Kept as bytes: encoding a 20 KB page to UTF-8 on every hit cost more than everything else on this path.
    let body = key ? pages.get(key) : undefined;
    if (!body) {
      const results = route(r.snapshot.catalogueFor(r.municipality.code), question);
      body = Buffer.from('<!doctype html>' + renderToString(<ResultPage ctx={pageContext(request, reply)} answers={{ ...r.answers, thema: themes }} municipality={r.municipality} results={results} />));
      if (key) pages.set(key, body);
    }
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
  });
}
