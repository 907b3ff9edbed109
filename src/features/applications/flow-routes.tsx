import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import qs from 'node:querystring';
import { sendPage, seeOther } from '../../core/http/context.ts';
import { pageContext } from '../../core/layout/Layout.tsx';
import type { FieldErrors } from '../../core/layout/forms.tsx';
import { NotFoundError } from '../../core/errors.ts';
import { ageOn } from '../catalogue/routing.ts';
import { todayInAmsterdam } from '../wizard/today.ts';
import { createDraft, emptyDraft, forgetDraft, loadDraft, saveDraft, type Draft, type DraftData, type StepSlug } from './drafts.ts';
import { childQuery, offerFor, parseChoice, stepsFor, validateAll, titleOf, type FlowContext } from './steps.ts';
import { submitApplication } from './submit.ts';
import { applicantApplicationId, newApplicantSession, openApplicantSession, setApplicantCookie } from './applicant-session.ts';
import { normaliseReference } from './reference.ts';
import { ChoiceStep, stepPath } from './views-steps.tsx';
import { CheckPage, ExpiredPage, ProfessionalPage, ReceiptPage, conflictAnchor } from './views-check.tsx';
import { originFrom, collectChoice } from './origin.ts';
import { STEP_PAGES, type StepState } from './step-pages.tsx';
import { laterRoutes } from './later-routes.tsx';
import { receiptFor } from './receipt-data.ts';

/**
 * The application form: five short steps (four when no address or income is needed), a check
 * page and the submit. Every step is a GET that shows the answers kept in the draft and a POST
 * that stores what was typed (also when invalid) and then goes on (post-redirect-get) or shows
 * the messages next to the fields.
 */
export async function applicationFlowRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;
  const { config } = app.deps;
  const cache = app.referenceCache;
  const cfg = { config: { public: true } };

  async function flowContext(request: FastifyRequest, data: DraftData): Promise<FlowContext> {
    return { snapshot: await cache.current(), today: todayInAmsterdam(), data, lang: request.lang };
  }

  function expired(request: FastifyRequest, reply: FastifyReply) {
    return sendPage(reply, <ExpiredPage ctx={pageContext(request, reply)} />, 410);
  }

  const toCheck = (request: FastifyRequest) => (request.query as Record<string, unknown>).terug === 'controleren';

  function nextAfter(steps: StepSlug[], slug: StepSlug): string {
    const next = steps[steps.indexOf(slug) + 1];
    return next ? stepPath(next) : stepPath('controleren');
  }

  function choicePage(request: FastifyRequest, reply: FastifyReply, ctx: FlowContext, selected: string[], errors: FieldErrors, status: number, hidden: Array<[string, string]>) {
    const chosen = parseChoice(ctx);
    const offers = ctx.data.origin.children.map((_, i) => {
      const q = childQuery(ctx, i);
      const offer = offerFor(ctx, i, q);
      return { ...offer, age: q.birthDate ? ageOn(q.birthDate, ctx.today) : (q.age ?? 0) };
    });
    return sendPage(
      reply,
      <ChoiceStep ctx={pageContext(request, reply)} steps={stepsFor(chosen.ok ? chosen.value : null)} offers={offers} selected={selected} errors={errors} young={ctx.data.origin.role === 'young'} wizard={ctx.data.origin.wizard} toCheck={toCheck(request)} hidden={hidden} />,
      status,
    );
  }

  // Start from the wizard's result: the answers (and what was clicked) come in the query string.
  app.get('/aanvragen', cfg, async (request, reply) => {
    const snapshot = await cache.current();
    const today = todayInAmsterdam();
    const start = originFrom(request.query, snapshot, today);
    if (start.kind === 'redirect') return seeOther(reply, start.location);
    if (start.kind === 'professional') return sendPage(reply, <ProfessionalPage ctx={pageContext(request, reply)} back={`/wizard/resultaat?${start.wizard}`} />);
    const existing = await loadDraft(db, request);
    const data = existing && !existing.applicationId ? { ...existing.data, origin: start.origin } : emptyDraft(start.origin);
    const sameFamily = existing?.data && existing.data.origin.municipalityCode === start.origin.municipalityCode && existing.data.origin.role === start.origin.role;
    data.choice = [...new Set([...(sameFamily ? data.choice : []), ...start.kies])];
    const ctx = await flowContext(request, data);
    return choicePage(request, reply, ctx, data.choice, {}, 200, [['herkomst', start.origin.wizard]]);
  });

  app.get(stepPath('keuze'), cfg, async (request, reply) => {
    const draft = await loadDraft(db, request);
    if (!draft || draft.applicationId) return expired(request, reply);
    const ctx = await flowContext(request, draft.data);
    const show = (request.query as Record<string, unknown>).toon === 'fouten';
    const result = show ? parseChoice(ctx) : null;
    return choicePage(request, reply, ctx, draft.data.choice, result && !result.ok ? result.errors : {}, 200, []);
  });

  app.post(stepPath('keuze'), cfg, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    let draft: Draft | null = await loadDraft(db, request);
    if (draft?.applicationId) draft = null;
    const herkomst = typeof body.herkomst === 'string' ? body.herkomst.slice(0, 2000) : null;
    if (herkomst !== null) {
      const start = originFrom(qs.parse(herkomst), await cache.current(), todayInAmsterdam());
      if (start.kind !== 'ok') return seeOther(reply, start.kind === 'redirect' ? start.location : `/wizard/resultaat?${start.wizard}`);
      if (draft) draft.data.origin = start.origin;
      else draft = await createDraft(db, reply, emptyDraft(start.origin));
    }
    if (!draft) return expired(request, reply);
    draft.data.choice = collectChoice(body, draft.data.origin.children.length);
    const ctx = await flowContext(request, draft.data);
    const result = parseChoice(ctx);
    markDone(draft.data, 'keuze', result.ok);
    await saveDraft(db, draft);
    if (body.actie === 'later') return seeOther(reply, '/aanvragen/later');
    if (!result.ok) return choicePage(request, reply, ctx, draft.data.choice, result.errors, 400, []);
    return seeOther(reply, toCheck(request) ? stepPath('controleren') : nextAfter(stepsFor(result.value), 'keuze'));
  });

  /** The draft and what was chosen, for the steps after the first; a page to go to when that is not possible. */
  async function stepState(request: FastifyRequest, reply: FastifyReply, loaded?: Draft | null): Promise<StepState | { done: FastifyReply }> {
    const draft = loaded === undefined ? await loadDraft(db, request) : loaded;
    if (!draft || draft.applicationId) return { done: expired(request, reply) };
    const ctx = await flowContext(request, draft.data);
    const choice = parseChoice(ctx);
    if (!choice.ok) return { done: seeOther(reply, `${stepPath('keuze')}?toon=fouten`) };
    return { draft, ctx, chosen: choice.value, steps: stepsFor(choice.value), toCheck: toCheck(request) };
  }

  for (const page of STEP_PAGES) {
    app.get(stepPath(page.slug), cfg, async (request, reply) => {
      const s = await stepState(request, reply);
      if ('done' in s) return s.done;
      if (!s.steps.includes(page.slug)) return seeOther(reply, s.toCheck ? stepPath('controleren') : nextAfter([...s.steps, page.slug].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b)), page.slug));
      const show = (request.query as Record<string, unknown>).toon === 'fouten';
      const result = show ? page.parse(s, request.lang) : null;
      return sendPage(reply, page.render(pageContext(request, reply), s, result && !result.ok ? result.errors : {}, backOf(s.steps, page.slug)));
    });

    app.post(stepPath(page.slug), cfg, async (request, reply) => {
      const s = await stepState(request, reply);
      if ('done' in s) return s.done;
      page.store(s.draft.data, request.body);
      const result = page.parse(s, request.lang);
      markDone(s.draft.data, page.slug, result.ok);
      await saveDraft(db, s.draft);
      if ((request.body as Record<string, unknown> | undefined)?.actie === 'later') return seeOther(reply, '/aanvragen/later');
      if (!result.ok) return sendPage(reply, page.render(pageContext(request, reply), s, result.errors, backOf(s.steps, page.slug)), 400);
      return seeOther(reply, s.toCheck ? stepPath('controleren') : nextAfter(s.steps, page.slug));
    });
  }

  app.get(stepPath('controleren'), cfg, async (request, reply) => {
    const s = await stepState(request, reply);
    if ('done' in s) return s.done;
    const validation = validateAll(s.ctx, request.lang);
    if (!validation.ok) return seeOther(reply, `${stepPath(validation.step)}?toon=fouten&terug=controleren`);
    return sendPage(reply, <CheckPage ctx={pageContext(request, reply)} app={validation.application} steps={s.steps} errors={{}} />);
  });

  app.post(stepPath('controleren'), { config: { public: true, rateLimit: { max: 60, timeWindow: '1 minute' } } }, async (request, reply) => {
    const draft = await loadDraft(db, request);
    if (draft?.applicationId) {
      // A second click, or a retry after a time-out: the first attempt already stored it.
      const row = await db.selectFrom('applications').select(['id', 'reference']).where('id', '=', draft.applicationId).executeTakeFirst();
      if (row) {
        await openApplicantSession(db, reply, row.id);
        forgetDraft(reply);
        return seeOther(reply, `/aanvraag/${row.reference}/ontvangen`);
      }
    }
    const s = await stepState(request, reply, draft);
    if ('done' in s) return s.done;
    const validation = validateAll(s.ctx, request.lang);
    if (!validation.ok) return seeOther(reply, `${stepPath(validation.step)}?toon=fouten&terug=controleren`);
    const session = newApplicantSession();
    const result = await submitApplication(db, {
      applicantSessionId: session.id,
      draftId: s.draft.id,
      application: validation.application,
      today: s.ctx.today,
      childKeySecret: config.childKeySecret,
      linkSecret: config.sessionSecret,
      publicUrl: config.publicUrl,
    });
    switch (result.kind) {
      case 'gone':
        return expired(request, reply);
      case 'conflicts': {
        const errors: FieldErrors = {};
        for (const c of result.conflicts) {
          const chosen = validation.application.chosen.find((x) => x.child === c.child && x.option.entry.id === c.provisionId)!;
          const child = validation.application.children.find((x) => x.index === c.child);
          errors[conflictAnchor(c.child, c.provisionId)] = {
            key: c.conflict.code === 'duplicate' ? 'applications.check.duplicate' : 'applications.check.exclusive',
            vars: { name: child?.firstName ?? '', title: titleOf(chosen.option.entry, request.lang), organisation: chosen.option.entry.organisation.name },
          };
        }
        return sendPage(reply, <CheckPage ctx={pageContext(request, reply)} app={validation.application} steps={s.steps} errors={errors} />, 409);
      }
      case 'already':
        await openApplicantSession(db, reply, result.applicationId);
        forgetDraft(reply);
        return seeOther(reply, `/aanvraag/${result.reference}/ontvangen`);
      default:
        // The session row was written in the submit's own transaction.
        setApplicantCookie(reply, session.token);
        forgetDraft(reply);
        request.log.info({ applicationId: result.applicationId, outcome: result.kind }, 'application submitted');
        return seeOther(reply, `/aanvraag/${result.reference}/ontvangen`);
    }
  });

  app.get<{ Params: { reference: string } }>('/aanvraag/:reference/ontvangen', cfg, async (request, reply) => {
    const reference = normaliseReference(request.params.reference);
    if (!reference) throw new NotFoundError();
    const applicationId = await applicantApplicationId(db, request);
    const receipt = applicationId ? await receiptFor(db, applicationId, reference) : null;
    // Without this browser's session the status page explains how to get in; it never tells whether the reference exists.
    if (!receipt) return seeOther(reply, `/aanvraag/${reference}`);
    return sendPage(reply, <ReceiptPage ctx={pageContext(request, reply)} receipt={receipt} />);
  });

  await app.register(laterRoutes);
}

const ORDER: StepSlug[] = ['keuze', 'aanvrager', 'huishouden', 'kinderen', 'toestemming'];

function backOf(steps: StepSlug[], slug: StepSlug): string {
  const previous = steps[steps.indexOf(slug) - 1];
  return stepPath(previous ?? 'keuze');
}

function markDone(data: DraftData, slug: StepSlug, ok: boolean): void {
  data.done = ok ? [...new Set([...data.done, slug])] : data.done.filter((d) => d !== slug);
}
