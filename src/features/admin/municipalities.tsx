import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import { NotFoundError } from '../../core/errors.ts';
import { sendPage, seeOther } from '../../core/http/context.ts';
import { parseForm, str } from '../../core/http/forms.ts';
import { CsrfField, Layout, pageContext } from '../../core/layout/Layout.tsx';
import { ErrorSummary, Notice, SubmitButton, TextField, type FieldErrors } from '../../core/layout/forms.tsx';
import { actorOf, recordAudit } from '../../core/audit/audit.ts';
import { escapeLike } from './data.ts';
import { Table } from './table.tsx';
import { Pager } from './pager.tsx';

const PAGE_SIZE = 50;
const ListQuery = z.object({
  provincie: z.string().trim().max(60).optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
  pagina: z.coerce.number().int().min(1).max(1000).catch(1).default(1),
});
const CODE = /^GM\d{4}$/;

export async function municipalityRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;
  const cfg = { permission: 'platform.manage' as const };

  app.get('/beheer/gemeenten', { config: cfg }, async (request, reply) => {
    const filter = ListQuery.parse(request.query ?? {});
    let q = db
      .selectFrom('municipalities')
      .select([
        'code', 'name', 'common_name', 'province', 'active',
        sql<number>`(select count(distinct pc4) from postcode_areas p where p.municipality_code = municipalities.code)`.as('pc4_count'),
        sql<number>`(select count(*) from organisation_municipalities om where om.municipality_code = municipalities.code)`.as('org_count'),
      ]);
    if (filter.provincie) q = q.where('province', '=', filter.provincie);
    if (filter.q) {
      const like = `%${escapeLike(filter.q)}%`;
      q = q.where((eb) => eb.or([eb('name', 'ilike', like), eb('common_name', 'ilike', like), eb('code', 'ilike', like)]));
    }
    const rows = await q.orderBy('common_name').limit(PAGE_SIZE + 1).offset((filter.pagina - 1) * PAGE_SIZE).execute();
    const provinces = (await db.selectFrom('municipalities').select('province').distinct().orderBy('province').execute()).map((p) => p.province);
    const ctx = pageContext(request, reply);
    const { t } = ctx;
    const params = new URLSearchParams({ ...(filter.q ? { q: filter.q } : {}), ...(filter.provincie ? { provincie: filter.provincie } : {}) });
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('admin.mun.title')}>
        <h1 class="utrecht-heading-1">{t('admin.mun.title')}</h1>
        <p class="utrecht-paragraph">{t('admin.mun.intro')}</p>
        <form method="get" action="/beheer/gemeenten" class="kansrijk-filters" role="search" aria-label={t('admin.filter')}>
          <div class="utrecht-form-field">
            <label class="utrecht-form-label" for="filter-q">{t('admin.search')}</label>
            <input class="utrecht-textbox utrecht-textbox--html-input" id="filter-q" name="q" type="search" value={filter.q ?? ''} />
          </div>
          <div class="utrecht-form-field">
            <label class="utrecht-form-label" for="filter-provincie">{t('admin.mun.province')}</label>
            <select class="utrecht-select utrecht-select--html-select" id="filter-provincie" name="provincie">
              <option value="">{t('admin.all')}</option>
              {provinces.map((p) => (
                <option value={p} selected={filter.provincie === p}>{p}</option>
              ))}
            </select>
          </div>
          <button type="submit" class="utrecht-button utrecht-button--secondary-action">{t('admin.filter')}</button>
        </form>
        <Table
          label={t('admin.mun.title')}
          empty={t('admin.noResults')}
          head={[t('admin.mun.code'), t('admin.mun.commonName'), t('admin.mun.officialName'), t('admin.mun.province'), t('admin.mun.pc4'), t('admin.mun.organisations'), t('admin.org.status')]}
          rows={rows.slice(0, PAGE_SIZE).map((m) => [
            m.code,
            <a class="utrecht-link" href={`/beheer/gemeenten/${m.code}`}>{m.common_name}</a>,
            m.name,
            m.province,
            String(m.pc4_count),
            String(m.org_count),
            m.active ? t('admin.org.active') : t('admin.mun.inactive'),
          ])}
        />
        <Pager t={t} base={`/beheer/gemeenten?${params}`} page={filter.pagina} hasNext={rows.length > PAGE_SIZE} />
      </Layout>,
    );
  });

  async function load(code: string) {
    if (!CODE.test(code)) return null;
    return (await db.selectFrom('municipalities').selectAll().where('code', '=', code).executeTakeFirst()) ?? null;
  }

  async function render(request: FastifyRequest, reply: FastifyReply, code: string, errors: FieldErrors, values: Record<string, unknown> | null, status = 200) {
    const m = await load(code);
    if (!m) throw new NotFoundError();
    const [orgs, areas] = await Promise.all([
      db.selectFrom('organisation_municipalities').innerJoin('organisations', 'organisations.id', 'organisation_municipalities.organisation_id').select(['organisations.id', 'organisations.name', 'organisations.type']).where('municipality_code', '=', code).orderBy('organisations.name').execute(),
      db.selectFrom('postcode_areas').select(['pc4', 'share', 'rank']).where('municipality_code', '=', code).orderBy('pc4').execute(),
    ]);
    const ctx = pageContext(request, reply);
    const { t } = ctx;
    return sendPage(
      reply,
      <Layout ctx={ctx} title={m.common_name} hasErrors={Object.keys(errors).length > 0}>
        <h1 class="utrecht-heading-1">{m.common_name} ({m.code})</h1>
        {(request.query as Record<string, string>).melding === 'opgeslagen' ? <Notice kind="ok">{t('admin.mun.saved')}</Notice> : null}
        <p class="utrecht-paragraph">{t('admin.mun.facts', { name: m.name, province: m.province })}</p>
        <ErrorSummary errors={errors} t={t} />
        <form method="post" action={`/beheer/gemeenten/${m.code}`} novalidate class="kansrijk-form">
          <CsrfField token={ctx.csrfToken} />
          <TextField name="common_name" label={t('admin.mun.commonName')} hint={t('admin.mun.commonNameHint')} t={t} errors={errors} value={values ? str(values, 'common_name') : m.common_name} maxLength={100} />
          <SubmitButton>{t('common.save')}</SubmitButton>
        </form>
        <h2 class="utrecht-heading-2">{t('admin.mun.organisations')}</h2>
        <Table label={t('admin.mun.organisations')} empty={t('admin.mun.noOrganisations')} head={[t('admin.org.name'), t('admin.org.type')]} rows={orgs.map((o) => [<a class="utrecht-link" href={`/beheer/organisaties/${o.id}`}>{o.name}</a>, t(`organisationTypes.${o.type}`)])} />
        <h2 class="utrecht-heading-2">{t('admin.mun.pc4')}</h2>
        <p class="utrecht-paragraph">{areas.map((a) => (a.rank > 1 ? `${a.pc4}*` : a.pc4)).join(', ')}</p>
        {areas.some((a) => a.rank > 1) ? <p class="utrecht-paragraph">{t('admin.mun.splitNote')}</p> : null}
      </Layout>,
      status,
    );
  }

  app.get<{ Params: { code: string } }>('/beheer/gemeenten/:code', { config: cfg }, (request, reply) => render(request, reply, request.params.code, {}, null));

  app.post<{ Params: { code: string } }>('/beheer/gemeenten/:code', { config: cfg }, async (request, reply) => {
    const m = await load(request.params.code);
    if (!m) throw new NotFoundError();
    const form = parseForm(z.object({ common_name: z.string().trim().min(2, 'admin.mun.nameRequired').max(100, 'admin.mun.nameTooLong') }), request.body);
    if (!form.ok) return render(request, reply, m.code, form.errors, form.values, 400);
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('municipalities').set({ common_name: form.data.common_name, updated_at: new Date() }).where('code', '=', m.code).execute();
      await recordAudit(trx, actorOf(request), { action: 'municipality.renamed', entityType: 'municipality', entityId: m.code, details: { from: m.common_name, to: form.data.common_name } });
    });
    return seeOther(reply, `/beheer/gemeenten/${m.code}?melding=opgeslagen`);
  });
}
