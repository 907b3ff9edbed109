import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '../../core/errors.ts';
import { sendPage, seeOther } from '../../core/http/context.ts';
import { pageContext } from '../../core/layout/Layout.tsx';
import type { FieldErrors } from '../../core/layout/forms.tsx';
import { isPlatform } from '../admin/data.ts';
import { CaseUpdateError } from '../applications/case-updates.ts';
import { todayInAmsterdam } from '../wizard/today.ts';
import { loadCaseDetail } from './case-data.ts';
import { createReferral, decideReferralConsent, findConsentLink, referralCounts, referralOptions, type ConsentLink } from './referrals.ts';
import { ConsentMessage, ConsentPage, REFERRAL_FIELD, ReferralPage, ReferralReport } from './referral-views.tsx';
import { CASES } from './queue-view.tsx';
import { formValues, helpers, type WithCase } from './route-helpers.ts';
import type { CaseRow } from './scope.ts';

/** Referral from a case (staff), the family's consent page (public, by mailed link), and the counts per pair of organisations. */
export async function referralRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;
  const h = helpers(app);
  const path = `${CASES}/:caseId/doorverwijzen`;

  async function render(request: FastifyRequest, reply: FastifyReply, row: CaseRow, errors: FieldErrors, values: Record<string, string>, status = 200) {
    const [detail, options] = await Promise.all([loadCaseDetail(db, row), referralOptions(db, await app.referenceCache.current(), row, todayInAmsterdam())]);
    await h.recordRead(request, row, 'referral');
    return sendPage(reply, <ReferralPage ctx={pageContext(request, reply)} detail={detail} children={options} errors={errors} values={values} />, status);
  }

  app.get<WithCase>(path, { config: { permission: 'cases.handle' } }, async (request, reply) => render(request, reply, await h.loadCase(request), {}, {}));

  app.post<WithCase>(path, { config: { permission: 'cases.handle' } }, async (request, reply) => {
    const row = await h.loadCase(request);
    const values = formValues(request.body);
    const today = todayInAmsterdam();
    const [childId, provisionId] = (values[REFERRAL_FIELD] ?? '').split(':');
    const note = (values.notitie ?? '').replaceAll('\u0000', '').trim();
    const options = await referralOptions(db, await app.referenceCache.current(), row, today);
    const option = options.find((c) => c.childId === childId)?.options.find((o) => o.entry.id === provisionId);
    const errors: FieldErrors = {};
    if (!option) errors[REFERRAL_FIELD] = { key: 'cases.referral.errors.choose' };
    if (note.length > 2000) errors.notitie = { key: 'cases.errors.tooLong', vars: { max: 2000 } };
    if (Object.keys(errors).length > 0) return render(request, reply, row, errors, values, 400);
    let outcome;
    try {
      outcome = await createReferral(db, h.who(request), row, { childId: childId!, entry: option!.entry, note: note || null, today }, h.links());
    } catch (error) {
      if (error instanceof CaseUpdateError && error.problem === 'not_found') throw new NotFoundError();
      throw error;
    }
    switch (outcome.kind) {
      case 'created':
        app.referenceCache.invalidate();
        return seeOther(reply, `${CASES}/${row.id}?melding=doorverwezen`);
      case 'consent_asked':
        return seeOther(reply, `${CASES}/${row.id}?melding=toestemming-gevraagd`);
      case 'conflict':
        return render(request, reply, row, { [REFERRAL_FIELD]: { key: outcome.conflict.code === 'duplicate' ? 'cases.referral.errors.duplicate' : 'cases.referral.errors.exclusive' } }, values, 409);
      case 'pending':
        return render(request, reply, row, { [REFERRAL_FIELD]: { key: 'cases.referral.errors.pending' } }, values, 409);
      default:
        return render(request, reply, row, { [REFERRAL_FIELD]: { key: 'cases.referral.errors.choose' } }, values, 400);
    }
  });

  app.get('/beheer/doorverwijzingen', { config: { permission: 'referrals.report' } }, async (request, reply) => {
    const staff = request.staff!;
    const platform = isPlatform(staff);
    const rows = await referralCounts(db, platform ? null : staff.organisationId);
    return sendPage(reply, <ReferralReport ctx={pageContext(request, reply)} rows={rows} platform={platform} />);
  });

  // ---------------------------------------------------------------- the family's consent, by the mailed link
  type WithToken = { Params: { token: string }; Querystring: { klaar?: string } };
  const limited = { config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } } } as const;
  const DECISIONS = { akkoord: 'confirm', 'niet-akkoord': 'refuse' } as const;

  function renderConsent(request: FastifyRequest, reply: FastifyReply, link: ConsentLink | { kind: 'done'; given: boolean }, token: string, invalid = false) {
    const ctx = pageContext(request, reply);
    const { t } = ctx;
    switch (link.kind) {
      case 'unknown':
        return sendPage(reply, <ConsentMessage ctx={ctx} title={t('caseApplicant.consent.unknownTitle')} body={t('caseApplicant.consent.unknownBody')} />, 404);
      case 'expired':
        return sendPage(reply, <ConsentMessage ctx={ctx} title={t('caseApplicant.consent.expiredTitle')} body={t('caseApplicant.consent.expiredBody')} status="warning" />, 410);
      case 'decided':
      case 'done':
        return sendPage(reply, <ConsentMessage ctx={ctx} title={t(link.given ? 'caseApplicant.consent.givenTitle' : 'caseApplicant.consent.refusedTitle')} body={t(link.given ? 'caseApplicant.consent.givenBody' : 'caseApplicant.consent.refusedBody')} />);
      case 'open':
        return sendPage(reply, <ConsentPage ctx={ctx} link={link} token={token} invalid={invalid} />, invalid ? 400 : 200);
    }
  }

  app.get<WithToken>('/toestemming/:token', limited, async (request, reply) => renderConsent(request, reply, await findConsentLink(db, request.params.token), request.params.token));

  app.post<WithToken>('/toestemming/:token', limited, async (request, reply) => {
    const token = request.params.token;
    const choice = ((request.body ?? {}) as Record<string, unknown>).besluit;
    const decision = typeof choice === 'string' && Object.hasOwn(DECISIONS, choice) ? DECISIONS[choice as keyof typeof DECISIONS] : null;
    if (!decision) return renderConsent(request, reply, await findConsentLink(db, token), token, true);
    const result = await decideReferralConsent(db, await app.referenceCache.current(), token, decision, todayInAmsterdam());
    if (result.kind !== 'done') return renderConsent(request, reply, result, token);
    // A place in a campaign may just have been taken.
    app.referenceCache.invalidate();
    return seeOther(reply, `/toestemming/${encodeURIComponent(token)}`);
  });
}
