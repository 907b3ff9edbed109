import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isEmail } from '../../core/validation/email.ts';
import { sendPage, seeOther } from '../../core/http/context.ts';
import { parseForm, str } from '../../core/http/forms.ts';
import { pageContext } from '../../core/layout/Layout.tsx';
import type { FieldErrors } from '../../core/layout/forms.tsx';
import { NotFoundError } from '../../core/errors.ts';
import { allowAttempt } from '../../core/http/public-throttle.ts';
import { queueMail } from '../../core/mail/mailer.ts';
import { hashToken } from '../../core/auth/totp.ts';
import { isLang } from '../../core/i18n/index.ts';
import { applicantApplicationId, closeApplicantSession, openApplicantSession } from './applicant-session.ts';
import { statusLinkPath, verifyStatusLink } from './links.ts';
import { newLinkMail } from './mails.ts';
import { normaliseReference } from './reference.ts';
import { applicantMayWithdraw } from './status.ts';
import { caseProblem, ownCase, ownItem } from './status-data.ts';
import { IllegalTransitionError, MAX_MESSAGE, changeItemStatus } from './case-updates.ts';
import { noticeFrom, ownApplication, renderStatus, toRequestPage } from './applicant-access.tsx';
import { RequestLinkPage, WithdrawPage, type RequestNotice } from './request-views.tsx';
import { messageField, statusPath } from './status-views.tsx';
import { documentRoutes } from './document-routes.tsx';
import { parentRoutes } from './parent-routes.tsx';

/** The applicant's side after submitting: status page, messages, uploads, withdrawal, parent confirmation. */
/** As permissive as the application form (steps.ts): every address it took must be able to ask for a link. */
const RequestSchema = z.object({
  email: z.string().trim().min(1, 'applicationStatus.request.emailRequired').max(254, 'applicationStatus.request.emailInvalid').refine(isEmail, 'applicationStatus.request.emailInvalid'),
  referentie: z
    .string()
    .trim()
    .min(1, 'applicationStatus.request.referenceRequired')
    .refine((v) => normaliseReference(v) !== null, 'applicationStatus.request.referenceInvalid')
    .transform((v) => normaliseReference(v)!),
});

const HOUR = 3600_000;
/** Enough for a typo or two; few enough that the form cannot be used to flood someone's mailbox. */
const PER_APPLICATION = 3;
const PER_IP = 20;

type WithReference = { Params: { reference: string } };
type WithItem = { Params: { reference: string; itemId: string } };

const REQUEST_NOTICES: Record<string, RequestNotice> = { verstuurd: 'sent', uitgelogd: 'loggedOut' };

export async function applicationStatusRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;
  const { config } = app.deps;
  const open = { config: { public: true } } as const;
  const limited = { config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } } } as const;

  app.get<{ Params: { token: string } }>('/status/:token', limited, async (request, reply) => {
    const check = verifyStatusLink(config.sessionSecret, request.params.token);
    const ctx = pageContext(request, reply);
    if (!check.ok) {
      const values = { referentie: check.reference ?? '' };
      return sendPage(reply, <RequestLinkPage ctx={ctx} problem={check.reason} values={values} />, check.reason === 'expired' ? 410 : 400);
    }
    const row = await db.selectFrom('applications').select('id').where('reference', '=', check.reference).executeTakeFirst();
    // A genuine link to an application that retention has since erased.
    if (!row) return sendPage(reply, <RequestLinkPage ctx={ctx} problem="invalid" />, 404);
    await openApplicantSession(db, reply, row.id);
    return seeOther(reply, statusPath(check.reference));
  });

  app.get<{ Querystring: Record<string, unknown> }>('/aanvraag', open, async (request, reply) => {
    const query = request.query ?? {};
    const reference = typeof query.referentie === 'string' ? query.referentie.slice(0, 40) : '';
    const notice = REQUEST_NOTICES[String(query.melding)] ?? (reference ? 'openMail' : null);
    const current = await currentReference(request);
    return sendPage(reply, <RequestLinkPage ctx={pageContext(request, reply)} notice={notice} values={{ referentie: normaliseReference(reference) ?? reference }} current={current} />);
  });

  app.post('/aanvraag', limited, async (request, reply) => {
    const form = parseForm(RequestSchema, request.body);
    const rerender = (errors: FieldErrors, status: number) =>
      sendPage(reply, <RequestLinkPage ctx={pageContext(request, reply)} errors={errors} values={form.ok ? { email: form.data.email, referentie: form.data.referentie } : { email: str(form.values, 'email'), referentie: str(form.values, 'referentie') }} />, status);
    if (!form.ok) return rerender(form.errors, 400);
    const { email, referentie: reference } = form.data;
    // Every attempt counts, found or not, so that neither the answer nor the limit tells what exists.
    const allowed = await allowAttempt(db, [
      { kind: 'status_link', key: hashToken(`${email.toLowerCase()}|${reference}`), max: PER_APPLICATION, windowMs: HOUR },
      { kind: 'status_link_ip', key: request.ip, max: PER_IP, windowMs: HOUR },
    ]);
    if (!allowed) return rerender({ email: { key: 'applicationStatus.request.throttled' } }, 429);
    const found = await db
      .selectFrom('applications')
      .select(['reference', 'applicant_email', 'applicant_name', 'language'])
      .where('reference', '=', reference)
      .where((eb) => eb(eb.fn('lower', ['applicant_email']), '=', email.toLowerCase()))
      .executeTakeFirst();
    if (found) {
      const lang = isLang(found.language) ? found.language : 'nl';
      await db.transaction().execute((trx) =>
        queueMail(trx, newLinkMail({ to: found.applicant_email, lang, name: found.applicant_name, reference: found.reference, statusUrl: config.publicUrl + statusLinkPath(config.sessionSecret, found.reference), requestUrl: `${config.publicUrl}/aanvraag` })),
      );
    }
    return seeOther(reply, '/aanvraag?melding=verstuurd');
  });

  app.post('/aanvraag/uitloggen', open, async (request, reply) => {
    await closeApplicantSession(db, request, reply);
    return seeOther(reply, '/aanvraag?melding=uitgelogd');
  });

  app.get<WithReference>('/aanvraag/:reference', open, async (request, reply) => {
    const own = await ownApplication(db, request, request.params.reference);
    if (!own) return toRequestPage(reply, request.params.reference);
    return renderStatus(db, request, reply, own, { notice: noticeFrom(request.query) });
  });

  app.post<WithReference>('/aanvraag/:reference/bericht', open, async (request, reply) => {
    const own = await ownApplication(db, request, request.params.reference);
    if (!own) return toRequestPage(reply, request.params.reference);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const found = await ownCase(db, own.id, body.zaak);
    if (!found) throw new NotFoundError();
    const field = messageField(found.id);
    // Browsers send line breaks as CR LF; the length limit is about what the applicant sees.
    const text = (typeof body[field] === 'string' ? (body[field] as string) : '').replace(/\r\n?/g, '\n');
    const trimmed = text.trim();
    const error = caseProblem(found.status) ?? (trimmed.length === 0 ? 'applicationStatus.errors.messageRequired' : trimmed.length > MAX_MESSAGE ? 'applicationStatus.errors.messageTooLong' : null);
    if (error) return renderStatus(db, request, reply, own, { errors: { [field]: { key: error } }, values: { [field]: text } }, found.status !== 'open' ? 409 : 400);
    const now = new Date();
    await db.transaction().execute(async (trx) => {
      const message = await trx.insertInto('case_messages').values({ case_id: found.id, sender: 'applicant', body: trimmed, created_at: now }).returning('id').executeTakeFirstOrThrow();
      await trx.insertInto('case_events').values({ case_id: found.id, at: now, kind: 'applicant_message', actor_type: 'applicant', visible_to_applicant: true, details: JSON.stringify({ messageId: message.id }) }).execute();
      await trx.updateTable('cases').set({ updated_at: now }).where('id', '=', found.id).execute();
    });
    return seeOther(reply, `${statusPath(own.reference)}?melding=bericht-verstuurd`);
  });

  // The address a form posts to, opened directly (a reload, the language switch on a re-shown form): the status page.
  for (const action of ['bericht', 'document']) {
    app.get<WithReference>(`/aanvraag/:reference/${action}`, open, async (request, reply) => {
      const reference = normaliseReference(request.params.reference);
      return seeOther(reply, reference ? statusPath(reference) : '/aanvraag');
    });
  }

  app.get<WithItem>('/aanvraag/:reference/intrekken/:itemId', open, async (request, reply) => {
    const own = await ownApplication(db, request, request.params.reference);
    if (!own) return toRequestPage(reply, request.params.reference);
    const item = await ownItem(db, own.id, request.params.itemId);
    if (!item) throw new NotFoundError();
    if (!applicantMayWithdraw(item.status)) return seeOther(reply, `${statusPath(own.reference)}?melding=niet-ingetrokken`);
    const ctx = pageContext(request, reply);
    const child = item.childName ?? ctx.t('applicationStatus.page.childN', { n: item.childPosition });
    return sendPage(reply, <WithdrawPage ctx={ctx} reference={own.reference} item={{ id: item.id, title: item.title, organisation: item.organisation, child }} />);
  });

  app.post<WithItem>('/aanvraag/:reference/intrekken/:itemId', open, async (request, reply) => {
    const own = await ownApplication(db, request, request.params.reference);
    if (!own) return toRequestPage(reply, request.params.reference);
    const item = await ownItem(db, own.id, request.params.itemId);
    if (!item) throw new NotFoundError();
    if (!applicantMayWithdraw(item.status)) return seeOther(reply, `${statusPath(own.reference)}?melding=niet-ingetrokken`);
    try {
      // The applicant's own action: no mail about it, the page says it at once.
      await db.transaction().execute((trx) => changeItemStatus(trx, { itemId: item.id, caseId: item.caseId, to: 'withdrawn', actor: { type: 'applicant' }, notify: false }));
    } catch (error) {
      // Decided by the organisation in the meantime.
      if (error instanceof IllegalTransitionError) return seeOther(reply, `${statusPath(own.reference)}?melding=niet-ingetrokken`);
      throw error;
    }
    app.referenceCache.invalidate();
    return seeOther(reply, `${statusPath(own.reference)}?melding=ingetrokken`);
  });

  async function currentReference(request: FastifyRequest): Promise<string | null> {
    const id = await applicantApplicationId(db, request);
    if (!id) return null;
    const row = await db.selectFrom('applications').select('reference').where('id', '=', id).executeTakeFirst();
    return row?.reference ?? null;
  }

  await app.register(documentRoutes);
  await app.register(parentRoutes);
}
