import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { NotFoundError } from '../../core/errors.ts';
import { sendPage, seeOther } from '../../core/http/context.ts';
import { pageContext, type PageContext } from '../../core/layout/Layout.tsx';
import { Notice, type FieldErrors } from '../../core/layout/forms.tsx';
import { randomToken, hashToken } from '../../core/auth/totp.ts';
import { recordAudit, actorOf } from '../../core/audit/audit.ts';
import type { StaffUser } from '../../core/auth/sessions.ts';
import { ageOn } from '../catalogue/routing.ts';
import { todayInAmsterdam } from '../wizard/today.ts';
import { DraftDataSchema, DRAFT_DAYS, emptyDraft, saveDraft, type Draft, type DraftData, type StepSlug } from '../applications/drafts.ts';
import { childQuery, offerFor, parseChoice, stepsFor, validateAll, titleOf, type FlowContext } from '../applications/steps.ts';
import { submitApplication } from '../applications/submit.ts';
import { collectChoice } from '../applications/origin.ts';
import { STEP_PAGES, type StepState } from '../applications/step-pages.tsx';
import { ChoiceStep, FlowPlace, stepPath } from '../applications/views-steps.tsx';
import { CheckPage, conflictAnchor } from '../applications/views-check.tsx';
import { CASES } from './queue-view.tsx';
import { parseIntakeStart, type IntakeChannel } from './intake.ts';
import { IntakeDonePage, IntakeStartPage } from './intake-views.tsx';
import { formValues } from './route-helpers.ts';

/**
 * A staff member enters an application for a family at a walk-in hour or on the phone: the same
 * steps, parsing and submit as online (src/features/applications), kept in a draft that belongs to
 * this staff member, with the channel recorded and the consent recorded as given in person and
 * confirmed by them.
 */
const START = `${CASES}/nieuw`;
type WithDraft = { Params: { draftId: string } };
const DRAFT_ID = /^[A-Za-z0-9_-]{20,100}$/;

interface StaffDraft extends Draft {
  channel: IntakeChannel;
}

async function staffDraft(db: FastifyInstance['deps']['database']['db'], staff: StaffUser, draftId: string): Promise<StaffDraft | null> {
  if (!DRAFT_ID.test(draftId)) return null;
  const row = await db.selectFrom('application_drafts').select(['data', 'email', 'expires_at', 'application_id', 'channel']).where('id', '=', draftId).where('created_by', '=', staff.id).executeTakeFirst();
  if (!row || !row.channel || row.expires_at.getTime() <= Date.now()) return null;
  if (row.application_id) return { id: draftId, token: '', data: null as unknown as DraftData, email: null, applicationId: row.application_id, channel: row.channel };
  const parsed = DraftDataSchema.safeParse(typeof row.data === 'string' ? JSON.parse(row.data) : row.data);
  if (!parsed.success) return null;
  return { id: draftId, token: '', data: parsed.data, email: row.email, applicationId: null, channel: row.channel };
}

export async function intakeRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;
  const { config } = app.deps;
  const cfg = { config: { permission: 'cases.intake' as const } };
  const base = (draftId: string) => `${START}/${draftId}`;

  function place(ctx: PageContext, draft: StaffDraft, content: VNode): VNode {
    const note = <Notice kind="info">{ctx.t('cases.intake.note', { channel: ctx.t(`cases.channels.${draft.channel}`) })}</Notice>;
    return <FlowPlace.Provider value={{ base: base(draft.id), later: false, note, start: `${base(draft.id)}/keuze` }}>{content}</FlowPlace.Provider>;
  }

  async function flowContext(request: FastifyRequest, data: DraftData): Promise<FlowContext> {
    return { snapshot: await app.referenceCache.current(), today: todayInAmsterdam(), data, lang: request.lang };
  }

  async function load(request: FastifyRequest<WithDraft>, reply: FastifyReply): Promise<StaffDraft | { done: FastifyReply }> {
    const draft = await staffDraft(db, request.staff!, request.params.draftId);
    if (!draft) throw new NotFoundError();
    if (draft.applicationId) return { done: seeOther(reply, `${base(draft.id)}/klaar`) };
    return draft;
  }

  // ---------------------------------------------------------------- the start: channel, place, who, children
  app.get(START, cfg, (request, reply) => sendPage(reply, <IntakeStartPage ctx={pageContext(request, reply)} errors={{}} values={{}} split={null} />));
  app.post(START, cfg, async (request, reply) => {
    const values = formValues(request.body);
    const parsed = parseIntakeStart(values, await app.referenceCache.current(), todayInAmsterdam());
    if (!parsed.ok) return sendPage(reply, <IntakeStartPage ctx={pageContext(request, reply)} errors={parsed.errors} values={values} split={parsed.split} />, 400);
    const data = emptyDraft(parsed.start.origin);
    data.household = { postcode: parsed.start.postcode, ...(values.gemeente ? { gemeente: parsed.start.municipalityCode } : {}) };
    // The id is random and never mailed: the draft opens only for the staff member who started it.
    const id = hashToken(randomToken());
    const now = new Date();
    await db
      .insertInto('application_drafts')
      .values({ id, data: JSON.stringify(data), created_at: now, updated_at: now, expires_at: new Date(now.getTime() + DRAFT_DAYS * 86_400_000), created_by: request.staff!.id, channel: parsed.start.channel })
      .execute();
    return seeOther(reply, `${base(id)}/keuze`);
  });

  // ---------------------------------------------------------------- step 1: what to ask for
  async function choicePage(request: FastifyRequest, reply: FastifyReply, draft: StaffDraft, errors: FieldErrors, status = 200) {
    const ctx = await flowContext(request, draft.data);
    const chosen = parseChoice(ctx);
    const offers = draft.data.origin.children.map((_, i) => {
      const q = childQuery(ctx, i);
      return { ...offerFor(ctx, i, q), age: q.birthDate ? ageOn(q.birthDate, ctx.today) : (q.age ?? 0) };
    });
    const page = pageContext(request, reply);
    const view = <ChoiceStep ctx={page} steps={stepsFor(chosen.ok ? chosen.value : null)} offers={offers} selected={draft.data.choice} errors={errors} young={draft.data.origin.role === 'young'} wizard="" toCheck={toCheck(request)} hidden={[]} />;
    return sendPage(reply, place(page, draft, view), status);
  }
  const toCheck = (request: FastifyRequest) => (request.query as Record<string, unknown>).terug === 'controleren';
  const nextAfter = (steps: StepSlug[], slug: StepSlug, draftId: string) => `${base(draftId)}/${steps[steps.indexOf(slug) + 1] ?? 'controleren'}`;

  app.get<WithDraft>(`${START}/:draftId/keuze`, cfg, async (request, reply) => {
    const draft = await load(request, reply);
    if ('done' in draft) return draft.done;
    return choicePage(request, reply, draft, {});
  });
  app.post<WithDraft>(`${START}/:draftId/keuze`, cfg, async (request, reply) => {
    const draft = await load(request, reply);
    if ('done' in draft) return draft.done;
    draft.data.choice = collectChoice((request.body ?? {}) as Record<string, unknown>, draft.data.origin.children.length);
    const result = parseChoice(await flowContext(request, draft.data));
    await saveDraft(db, draft);
    if (!result.ok) return choicePage(request, reply, draft, result.errors, 400);
    return seeOther(reply, toCheck(request) ? `${base(draft.id)}/controleren` : nextAfter(stepsFor(result.value), 'keuze', draft.id));
  });

  async function stepState(request: FastifyRequest, reply: FastifyReply, draft: StaffDraft): Promise<StepState | { done: FastifyReply }> {
    const ctx = await flowContext(request, draft.data);
    const choice = parseChoice(ctx);
    if (!choice.ok) return { done: seeOther(reply, `${base(draft.id)}/keuze`) };
    return { draft, ctx, chosen: choice.value, steps: stepsFor(choice.value), toCheck: toCheck(request) };
  }

  // ---------------------------------------------------------------- steps 2–5, exactly the public form's
  for (const page of STEP_PAGES) {
    const path = `${START}/:draftId/${page.slug}`;
    app.get<WithDraft>(path, cfg, async (request, reply) => {
      const draft = await load(request, reply);
      if ('done' in draft) return draft.done;
      const s = await stepState(request, reply, draft);
      if ('done' in s) return s.done;
      if (!s.steps.includes(page.slug)) return seeOther(reply, nextAfter(s.steps, s.steps[s.steps.length - 1]!, draft.id));
      const ctx = pageContext(request, reply);
      return sendPage(reply, place(ctx, draft, page.render(ctx, s, {}, backOf(s.steps, page.slug))));
    });
    app.post<WithDraft>(path, cfg, async (request, reply) => {
      const draft = await load(request, reply);
      if ('done' in draft) return draft.done;
      const s = await stepState(request, reply, draft);
      if ('done' in s) return s.done;
      page.store(draft.data, request.body);
      const result = page.parse(s, request.lang);
      await saveDraft(db, draft);
      if (!result.ok) {
        const ctx = pageContext(request, reply);
        return sendPage(reply, place(ctx, draft, page.render(ctx, s, result.errors, backOf(s.steps, page.slug))), 400);
      }
      return seeOther(reply, s.toCheck ? `${base(draft.id)}/controleren` : nextAfter(s.steps, page.slug, draft.id));
    });
  }

  // ---------------------------------------------------------------- check and submit
  const check = `${START}/:draftId/controleren`;
  app.get<WithDraft>(check, cfg, async (request, reply) => {
    const draft = await load(request, reply);
    if ('done' in draft) return draft.done;
    const s = await stepState(request, reply, draft);
    if ('done' in s) return s.done;
    const validation = validateAll(s.ctx, request.lang);
    if (!validation.ok) return seeOther(reply, `${base(draft.id)}/${validation.step}?terug=controleren`);
    const ctx = pageContext(request, reply);
    return sendPage(reply, place(ctx, draft, <CheckPage ctx={ctx} app={validation.application} steps={s.steps} errors={{}} />));
  });
  app.post<WithDraft>(check, cfg, async (request, reply) => {
    const draft = await load(request, reply);
    if ('done' in draft) return draft.done;
    const s = await stepState(request, reply, draft);
    if ('done' in s) return s.done;
    const validation = validateAll(s.ctx, request.lang);
    if (!validation.ok) return seeOther(reply, `${base(draft.id)}/${validation.step}?terug=controleren`);
    const result = await submitApplication(db, {
      draftId: draft.id,
      application: validation.application,
      today: s.ctx.today,
      childKeySecret: config.childKeySecret,
      linkSecret: config.sessionSecret,
      publicUrl: config.publicUrl,
      channel: draft.channel,
      staffUserId: request.staff!.id,
    });
    if (result.kind === 'gone') throw new NotFoundError();
    if (result.kind === 'conflicts') {
      const errors: FieldErrors = {};
      for (const c of result.conflicts) {
        const chosen = validation.application.chosen.find((x) => x.child === c.child && x.option.entry.id === c.provisionId)!;
        const child = validation.application.children.find((x) => x.index === c.child);
        errors[conflictAnchor(c.child, c.provisionId)] = {
          key: c.conflict.code === 'duplicate' ? 'applications.check.duplicate' : 'applications.check.exclusive',
          vars: { name: child?.firstName ?? '', title: titleOf(chosen.option.entry, request.lang), organisation: chosen.option.entry.organisation.name },
        };
      }
      const ctx = pageContext(request, reply);
      return sendPage(reply, place(ctx, draft, <CheckPage ctx={ctx} app={validation.application} steps={s.steps} errors={errors} />), 409);
    }
    if (result.kind === 'submitted') {
      await recordAudit(db, actorOf(request), { action: 'case.entered', entityType: 'application', entityId: result.applicationId, organisationId: request.staff!.organisationId, details: { channel: draft.channel, reference: result.reference } });
    }
    return seeOther(reply, `${base(draft.id)}/klaar`);
  });

  app.get<WithDraft>(`${START}/:draftId/klaar`, cfg, async (request, reply) => {
    const draft = await staffDraft(db, request.staff!, request.params.draftId);
    if (!draft?.applicationId) throw new NotFoundError();
    const staff = request.staff!;
    const application = await db.selectFrom('applications').select(['reference']).where('id', '=', draft.applicationId).executeTakeFirstOrThrow();
    const cases = await db
      .selectFrom('cases')
      .innerJoin('organisations', 'organisations.id', 'cases.organisation_id')
      .select(['cases.id', 'cases.organisation_id', 'cases.released_at', 'organisations.name'])
      .where('cases.application_id', '=', draft.applicationId)
      .orderBy('organisations.name')
      .execute();
    const own = cases.find((c) => c.organisation_id === staff.organisationId && c.released_at);
    return sendPage(reply, <IntakeDonePage ctx={pageContext(request, reply)} reference={application.reference} organisations={cases.map((c) => c.name)} ownCase={own?.id ?? null} />);
  });
}

function backOf(steps: StepSlug[], slug: StepSlug): string {
  return stepPath(steps[steps.indexOf(slug) - 1] ?? 'keuze');
}

