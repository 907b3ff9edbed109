import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { sql } from 'kysely';
import { ORGANISATION_TYPES, type Organisation } from '../../core/db/schema.ts';
import { NotFoundError } from '../../core/errors.ts';
import { sendPage, seeOther } from '../../core/http/context.ts';
import { parseForm } from '../../core/http/forms.ts';
import { Layout, pageContext } from '../../core/layout/Layout.tsx';
import { DataList, ErrorSummary, Notice, type FieldErrors } from '../../core/layout/forms.tsx';
import { can } from '../../core/auth/permissions.ts';
import { actorOf, recordAudit } from '../../core/audit/audit.ts';
import { formatDateTime } from '../../core/i18n/format.ts';
import { isUniqueViolation, listOrganisations, organisationFor, organisationMunicipalities, organisationUsers } from './data.ts';
import { OrganisationFields, OrganisationSchema } from './organisation-form.tsx';
import { Table } from './table.tsx';
import { municipalityCoverageRoutes } from './coverage.tsx';

const ListQuery = z.object({ type: z.enum(ORGANISATION_TYPES).optional().catch(undefined), q: z.string().trim().max(100).optional().catch(undefined) });

async function nameTaken(db: FastifyInstance['deps']['database']['db'], name: string, exceptId?: string) {
  let q = db.selectFrom('organisations').select('id').where(sql`lower(name)`, '=', name.trim().toLowerCase());
  if (exceptId) q = q.where('id', '!=', exceptId);
  return Boolean(await q.executeTakeFirst());
}

export async function organisationRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;

  app.get('/beheer/organisaties', { config: { permission: 'platform.manage' } }, async (request, reply) => {
    const filter = ListQuery.parse(request.query ?? {});
    const rows = await listOrganisations(db, filter);
    const ctx = pageContext(request, reply);
    const { t } = ctx;
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('admin.org.listTitle')}>
        <h1 class="utrecht-heading-1">{t('admin.org.listTitle')}</h1>
        <p class="utrecht-paragraph">
          <a class="utrecht-button-link utrecht-button-link--primary-action" href="/beheer/organisaties/nieuw">{t('admin.org.new')}</a>
        </p>
        <form method="get" action="/beheer/organisaties" class="kansrijk-filters" role="search" aria-label={t('admin.filter')}>
          <div class="utrecht-form-field">
            <label class="utrecht-form-label" for="filter-q">{t('admin.search')}</label>
            <input class="utrecht-textbox utrecht-textbox--html-input" id="filter-q" name="q" type="search" value={filter.q ?? ''} />
          </div>
          <div class="utrecht-form-field">
            <label class="utrecht-form-label" for="filter-type">{t('admin.org.type')}</label>
            <select class="utrecht-select utrecht-select--html-select" id="filter-type" name="type">
              <option value="">{t('admin.all')}</option>
              {ORGANISATION_TYPES.map((type) => (
                <option value={type} selected={filter.type === type}>{t(`organisationTypes.${type}`)}</option>
              ))}
            </select>
          </div>
          <button type="submit" class="utrecht-button utrecht-button--secondary-action">{t('admin.filter')}</button>
        </form>
        <p class="utrecht-paragraph" role="status">{t('admin.org.count', { count: rows.length })}</p>
        <Table
          label={t('admin.org.listTitle')}
          head={[t('admin.org.name'), t('admin.org.type'), t('admin.org.municipalities'), t('admin.org.users'), t('admin.org.status')]}
          empty={t('admin.noResults')}
          rows={rows.map((o) => [
            <a class="utrecht-link" href={`/beheer/organisaties/${o.id}`}>{o.name}</a>,
            t(`organisationTypes.${o.type}`),
            String(o.municipality_count),
            String(o.user_count),
            o.active ? t('admin.org.active') : t('admin.org.inactive'),
          ])}
        />
      </Layout>,
    );
  });

  const renderNew = (request: FastifyRequest, reply: FastifyReply, errors: FieldErrors, values: Record<string, unknown>, status = 200) => {
    const ctx = pageContext(request, reply);
    return sendPage(
      reply,
      <Layout ctx={ctx} title={ctx.t('admin.org.new')} hasErrors={Object.keys(errors).length > 0}>
        <h1 class="utrecht-heading-1">{ctx.t('admin.org.new')}</h1>
        <ErrorSummary errors={errors} t={ctx.t} />
        <OrganisationFields ctx={ctx} errors={errors} values={values} action="/beheer/organisaties/nieuw" withActive={false} />
      </Layout>,
      status,
    );
  };

  app.get('/beheer/organisaties/nieuw', { config: { permission: 'platform.manage' } }, (request, reply) => renderNew(request, reply, {}, {}));

  app.post('/beheer/organisaties/nieuw', { config: { permission: 'platform.manage' } }, async (request, reply) => {
    const form = parseForm(OrganisationSchema, request.body);
    if (!form.ok) return renderNew(request, reply, form.errors, form.values, 400);
    if (await nameTaken(db, form.data.name)) return renderNew(request, reply, { name: { key: 'admin.org.nameTaken' } }, request.body as Record<string, unknown>, 400);
    const { active: _active, ...values } = form.data;
    const id = await db
      .transaction()
      .execute(async (trx) => {
        const row = await trx.insertInto('organisations').values(values).returning('id').executeTakeFirstOrThrow();
        await recordAudit(trx, actorOf(request), { action: 'organisation.created', entityType: 'organisation', entityId: row.id, organisationId: row.id, details: { name: values.name, type: values.type } });
        return row.id;
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) return null;
        throw error;
      });
    if (!id) return renderNew(request, reply, { name: { key: 'admin.org.nameTaken' } }, request.body as Record<string, unknown>, 400);
    return seeOther(reply, `/beheer/organisaties/${id}?melding=aangemaakt`);
  });

  app.get<{ Params: { orgId: string } }>('/beheer/organisaties/:orgId', { config: { permission: 'org.read' } }, async (request, reply) => {
    const staff = request.staff!;
    const org = await organisationFor(db, staff, request.params.orgId);
    if (!org) throw new NotFoundError();
    const [users, municipalities] = await Promise.all([organisationUsers(db, org.id), organisationMunicipalities(db, org.id)]);
    const ctx = pageContext(request, reply);
    const { t } = ctx;
    const notice = (request.query as Record<string, string>).melding;
    const manageUsers = can(staff.role, 'org.users.manage');
    return sendPage(
      reply,
      <Layout ctx={ctx} title={org.name}>
        <h1 class="utrecht-heading-1">{org.name}</h1>
        {notice && ['aangemaakt', 'opgeslagen', 'gemeenten', 'uitgenodigd'].includes(notice) ? <Notice kind="ok">{t(`admin.org.notice.${notice}`)}</Notice> : null}
        <OrganisationDetails org={org} ctx={ctx} />
        {can(staff.role, 'platform.manage') ? (
          <p class="kansrijk-actions">
            <a class="utrecht-button-link utrecht-button-link--secondary-action" href={`/beheer/organisaties/${org.id}/bewerken`}>{t('admin.org.edit')}</a>
            <a class="utrecht-button-link utrecht-button-link--secondary-action" href={`/beheer/organisaties/${org.id}/gemeenten`}>{t('admin.org.editMunicipalities')}</a>
          </p>
        ) : null}
        <h2 class="utrecht-heading-2">{t('admin.org.users')}</h2>
        {manageUsers ? (
          <p class="utrecht-paragraph">
            <a class="utrecht-button-link utrecht-button-link--primary-action" href={`/beheer/organisaties/${org.id}/gebruikers/nieuw`}>{t('admin.user.invite')}</a>
          </p>
        ) : null}
        <Table
          label={t('admin.org.users')}
          head={[t('admin.user.name'), t('admin.user.email'), t('admin.user.role'), t('admin.user.status'), t('admin.user.lastLogin')]}
          rows={users.map((u) => [
            manageUsers && (can(staff.role, 'platform.manage') || u.role !== 'platform_admin') ? <a class="utrecht-link" href={`/beheer/gebruikers/${u.id}`}>{u.name}</a> : u.name,
            u.email,
            t(`roles.${u.role}`),
            t(`admin.user.statuses.${u.status}`),
            u.last_login_at ? formatDateTime(u.last_login_at, ctx.lang) : '–',
          ])}
        />
        <h2 class="utrecht-heading-2">{t('admin.org.municipalities')}</h2>
        <p class="utrecht-paragraph">{t('admin.org.municipalityCount', { count: municipalities.length })}</p>
        {municipalities.length > 0 ? <MunicipalityList municipalities={municipalities} collapsed={municipalities.length > 30} label={t('admin.org.showMunicipalities')} /> : null}
      </Layout>,
    );
  });

  const renderEdit = (request: FastifyRequest, reply: FastifyReply, org: Organisation, errors: FieldErrors, values: Record<string, unknown>, status = 200) => {
    const ctx = pageContext(request, reply);
    return sendPage(
      reply,
      <Layout ctx={ctx} title={ctx.t('admin.org.edit')} hasErrors={Object.keys(errors).length > 0}>
        <h1 class="utrecht-heading-1">{ctx.t('admin.org.editTitle', { name: org.name })}</h1>
        <ErrorSummary errors={errors} t={ctx.t} />
        <OrganisationFields ctx={ctx} errors={errors} values={values} action={`/beheer/organisaties/${org.id}/bewerken`} withActive />
      </Layout>,
      status,
    );
  };

  app.get<{ Params: { orgId: string } }>('/beheer/organisaties/:orgId/bewerken', { config: { permission: 'platform.manage' } }, async (request, reply) => {
    const org = await organisationFor(db, request.staff!, request.params.orgId);
    if (!org) throw new NotFoundError();
    return renderEdit(request, reply, org, {}, org as unknown as Record<string, unknown>);
  });

  app.post<{ Params: { orgId: string } }>('/beheer/organisaties/:orgId/bewerken', { config: { permission: 'platform.manage' } }, async (request, reply) => {
    const org = await organisationFor(db, request.staff!, request.params.orgId);
    if (!org) throw new NotFoundError();
    const form = parseForm(OrganisationSchema, request.body);
    if (!form.ok) return renderEdit(request, reply, org, form.errors, form.values, 400);
    if (await nameTaken(db, form.data.name, org.id)) return renderEdit(request, reply, org, { name: { key: 'admin.org.nameTaken' } }, request.body as Record<string, unknown>, 400);
    // Switching off one's own organisation would lock oneself (and every colleague) out.
    if (!form.data.active && org.id === request.staff!.organisationId) return renderEdit(request, reply, org, { active: { key: 'admin.org.notSelfDeactivate' } }, request.body as Record<string, unknown>, 400);
    const saved = await db
      .transaction()
      .execute(async (trx) => {
        await trx.updateTable('organisations').set({ ...form.data, updated_at: new Date() }).where('id', '=', org.id).execute();
        const changed = Object.keys(form.data).filter((k) => (form.data as Record<string, unknown>)[k] !== (org as unknown as Record<string, unknown>)[k]);
        await recordAudit(trx, actorOf(request), { action: 'organisation.updated', entityType: 'organisation', entityId: org.id, organisationId: org.id, details: { changed } });
        return true;
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) return false;
        throw error;
      });
    if (!saved) return renderEdit(request, reply, org, { name: { key: 'admin.org.nameTaken' } }, request.body as Record<string, unknown>, 400);
    return seeOther(reply, `/beheer/organisaties/${org.id}?melding=opgeslagen`);
  });

  await municipalityCoverageRoutes(app);
}

function OrganisationDetails({ org, ctx }: { org: Organisation; ctx: ReturnType<typeof pageContext> }) {
  const { t } = ctx;
  const rows: Array<[string, string]> = [
    [t('admin.org.type'), t(`organisationTypes.${org.type}`)],
    [t('admin.org.email'), org.contact_email ?? '–'],
    [t('admin.org.phone'), org.contact_phone ?? '–'],
    [t('admin.org.website'), org.website ?? '–'],
    [t('admin.org.address'), org.address ?? '–'],
    [t('admin.org.status'), org.active ? t('admin.org.active') : t('admin.org.inactive')],
  ];
  return (
    <DataList items={rows} />
  );
}

function MunicipalityList({ municipalities, collapsed, label }: { municipalities: Array<{ code: string; common_name: string }>; collapsed: boolean; label: string }) {
  const list = (
    <ul class="utrecht-unordered-list">
      {municipalities.map((m) => (
        <li key={m.code}>
          {m.common_name} ({m.code})
        </li>
      ))}
    </ul>
  );
  // A national organisation covers all 342: folded away, still there without JavaScript.
  return collapsed ? (
    <details class="kansrijk-province">
      <summary>{label}</summary>
      {list}
    </details>
  ) : (
    list
  );
}
