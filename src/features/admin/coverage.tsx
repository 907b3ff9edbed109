import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../../core/errors.ts';
import { sendPage, seeOther } from '../../core/http/context.ts';
import { asArray } from '../../core/http/forms.ts';
import { CsrfField, Layout, pageContext } from '../../core/layout/Layout.tsx';
import { SubmitButton } from '../../core/layout/forms.tsx';
import { actorOf, recordAudit } from '../../core/audit/audit.ts';
import { allMunicipalities, organisationFor, organisationMunicipalities } from './data.ts';

/** Which municipalities an organisation covers: a checkbox per municipality, grouped per province, with a whole-province shortcut. */
export async function municipalityCoverageRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;

  app.get<{ Params: { orgId: string } }>('/beheer/organisaties/:orgId/gemeenten', { config: { permission: 'platform.manage' } }, async (request, reply) => {
    const org = await organisationFor(db, request.staff!, request.params.orgId);
    if (!org) throw new NotFoundError();
    const [all, covered] = await Promise.all([allMunicipalities(db), organisationMunicipalities(db, org.id)]);
    const selected = new Set(covered.map((m) => m.code));
    const provinces = [...new Set(all.map((m) => m.province))].sort((a, b) => a.localeCompare(b, 'nl'));
    const ctx = pageContext(request, reply);
    const { t } = ctx;
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('admin.coverage.title')}>
        <h1 class="utrecht-heading-1">{t('admin.coverage.heading', { name: org.name })}</h1>
        <p class="utrecht-paragraph">{t('admin.coverage.intro')}</p>
        <form method="post" action={`/beheer/organisaties/${org.id}/gemeenten`} class="kansrijk-form">
          <CsrfField token={ctx.csrfToken} />
          {provinces.map((province, pi) => {
            const inProvince = all.filter((m) => m.province === province);
            const count = inProvince.filter((m) => selected.has(m.code)).length;
            return (
              <details class="kansrijk-province" key={province} open={count > 0 && count < inProvince.length}>
                <summary>
                  {province} ({t('admin.coverage.chosen', { count, total: inProvince.length })})
                </summary>
                <fieldset class="utrecht-form-fieldset">
                  <legend class="utrecht-form-fieldset__legend kansrijk-visually-hidden">{province}</legend>
                  <div class="utrecht-form-field utrecht-form-field--checkbox">
                    <input class="utrecht-checkbox utrecht-checkbox--html-input" type="checkbox" id={`prov-${pi}`} name="provincie" value={province} />
                    <label class="utrecht-form-label utrecht-form-label--checkbox" for={`prov-${pi}`}>
                      {t('admin.coverage.wholeProvince', { province })}
                    </label>
                  </div>
                  {inProvince.map((m) => (
                    <div class="utrecht-form-field utrecht-form-field--checkbox" key={m.code}>
                      <input class="utrecht-checkbox utrecht-checkbox--html-input" type="checkbox" id={`gm-${m.code}`} name="gemeente" value={m.code} checked={selected.has(m.code)} />
                      <label class="utrecht-form-label utrecht-form-label--checkbox" for={`gm-${m.code}`}>
                        {m.common_name}
                      </label>
                    </div>
                  ))}
                </fieldset>
              </details>
            );
          })}
          <SubmitButton>{t('common.save')}</SubmitButton>
        </form>
      </Layout>,
    );
  });

  app.post<{ Params: { orgId: string } }>('/beheer/organisaties/:orgId/gemeenten', { config: { permission: 'platform.manage' } }, async (request, reply) => {
    const org = await organisationFor(db, request.staff!, request.params.orgId);
    if (!org) throw new NotFoundError();
    const body = (request.body ?? {}) as Record<string, unknown>;
    const all = await allMunicipalities(db);
    const provinces = new Set(asArray(body.provincie));
    const chosen = new Set(asArray(body.gemeente));
    // Only real, active CBS codes are kept; anything else in the post is ignored.
    const codes = all.filter((m) => chosen.has(m.code) || provinces.has(m.province)).map((m) => m.code);
    const before = (await organisationMunicipalities(db, org.id)).map((m) => m.code);
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('organisation_municipalities').where('organisation_id', '=', org.id).execute();
      if (codes.length > 0) await trx.insertInto('organisation_municipalities').values(codes.map((code) => ({ organisation_id: org.id, municipality_code: code }))).execute();
      const added = codes.filter((c) => !before.includes(c));
      const removed = before.filter((c) => !codes.includes(c));
      await recordAudit(trx, actorOf(request), { action: 'organisation.coverage_changed', entityType: 'organisation', entityId: org.id, organisationId: org.id, details: { added, removed } });
    });
    return seeOther(reply, `/beheer/organisaties/${org.id}?melding=gemeenten`);
  });
}
