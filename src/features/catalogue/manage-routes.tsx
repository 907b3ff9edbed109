import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../core/errors.ts';
import { sendPage, seeOther } from '../../core/http/context.ts';
import { pageContext } from '../../core/layout/Layout.tsx';
import type { FieldErrors } from '../../core/layout/forms.tsx';
import { actorOf } from '../../core/audit/audit.ts';
import { isPlatform } from '../admin/data.ts';
import { allOrganisations, listProvisions, manageableOrganisation, organisationMunicipalityOptions, provisionFor, versionHistory, type ManagedOrganisation, type ProvisionRecord } from './manage-data.ts';
import { createProvision, publishProvision, setArchived, updateProvision } from './manage-actions.ts';
import { draftToForm, newProvisionValues, parseProvisionForm, type FormValues } from './manage-parse.ts';
import { BASE, ChooseOrganisationPage, DetailPage, FormPage, ListPage, NOTICES } from './manage-views.tsx';

/**
 * The back office's catalogue: coordinators and municipality officers manage their own
 * organisation's provisions, the national office any organisation's. Drafts are invisible to the
 * public until published; every change is audit-logged in the transaction that makes it.
 */
const OrgQuery = z.object({ organisatie: z.string().trim().max(100).optional().catch(undefined) });
const NoticeQuery = z.object({ melding: z.enum(NOTICES).optional().catch(undefined) });
type WithId = { Params: { provisionId: string } };

export async function catalogueManageRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;
  const cfg = { config: { permission: 'catalogue.manage' as const } };

  /** The organisation named in ?organisatie= (default: one's own), null when out of reach, 'choose' when the national office named none. */
  async function targetOrganisation(request: FastifyRequest): Promise<ManagedOrganisation | null | 'choose'> {
    const staff = request.staff!;
    const wanted = OrgQuery.parse(request.query ?? {}).organisatie;
    if (!wanted) return isPlatform(staff) ? 'choose' : manageableOrganisation(db, staff, staff.organisationId);
    return manageableOrganisation(db, staff, wanted);
  }

  async function loadProvision(request: FastifyRequest<WithId>): Promise<ProvisionRecord> {
    const record = await provisionFor(db, request.staff!, request.params.provisionId);
    if (!record) throw new NotFoundError();
    return record;
  }

  async function renderForm(request: FastifyRequest, reply: FastifyReply, org: ManagedOrganisation, record: ProvisionRecord | null, errors: FieldErrors, values: FormValues, status = 200) {
    const ctx = pageContext(request, reply);
    const municipalities = await organisationMunicipalityOptions(db, org.id);
    const title = record ? ctx.t('catalogueManage.edit.title', { title: ctx.lang === 'en' ? record.working.rules.title.en : record.working.rules.title.nl }) : ctx.t('catalogueManage.new.title');
    const action = record ? `${BASE}/${record.id}/bewerken` : `${BASE}/nieuw?organisatie=${org.id}`;
    const cancelHref = record ? `${BASE}/${record.id}` : `${BASE}?organisatie=${org.id}`;
    return sendPage(reply, <FormPage ctx={ctx} title={title} organisation={org} errors={errors} values={values} action={action} cancelHref={cancelHref} municipalities={municipalities} />, status);
  }

  async function renderDetail(request: FastifyRequest, reply: FastifyReply, record: ProvisionRecord, problem: string | null = null, status = 200) {
    const [history, municipalities] = await Promise.all([versionHistory(db, record.id), organisationMunicipalityOptions(db, record.organisation.id)]);
    const notice = problem ? null : (NoticeQuery.parse(request.query ?? {}).melding ?? null);
    const names = new Map(municipalities.map((m) => [m.code, m.common_name]));
    return sendPage(reply, <DetailPage ctx={pageContext(request, reply)} p={record} history={history} municipalityNames={names} notice={notice} problem={problem} />, status);
  }

  async function municipalityCodes(orgId: string): Promise<Set<string>> {
    return new Set((await organisationMunicipalityOptions(db, orgId)).map((m) => m.code));
  }

  app.get(BASE, cfg, async (request, reply) => {
    const staff = request.staff!;
    const wanted = OrgQuery.parse(request.query ?? {}).organisatie || null;
    const platform = isPlatform(staff);
    const orgId = platform ? wanted : staff.organisationId;
    // Another organisation's list is "not found", as its records are.
    if (wanted && !(await manageableOrganisation(db, staff, wanted))) throw new NotFoundError();
    const [provisions, organisations] = await Promise.all([listProvisions(db, orgId), platform ? allOrganisations(db) : Promise.resolve(null)]);
    return sendPage(reply, <ListPage ctx={pageContext(request, reply)} provisions={provisions} organisations={organisations} selected={platform ? orgId : null} />);
  });

  app.get(`${BASE}/nieuw`, cfg, async (request, reply) => {
    const org = await targetOrganisation(request);
    if (org === 'choose') return sendPage(reply, <ChooseOrganisationPage ctx={pageContext(request, reply)} organisations={await allOrganisations(db)} />);
    if (!org) throw new NotFoundError();
    return renderForm(request, reply, org, null, {}, newProvisionValues());
  });

  app.post(`${BASE}/nieuw`, cfg, async (request, reply) => {
    const org = await targetOrganisation(request);
    if (org === 'choose') return seeOther(reply, `${BASE}/nieuw`);
    if (!org) throw new NotFoundError();
    const form = parseProvisionForm(request.body, await municipalityCodes(org.id));
    if (!form.ok) return renderForm(request, reply, org, null, form.errors, (request.body ?? {}) as FormValues, 400);
    const id = await createProvision(db, actorOf(request), org.id, form.draft);
    return seeOther(reply, `${BASE}/${id}?melding=aangemaakt`);
  });

  app.get<WithId>(`${BASE}/:provisionId`, cfg, async (request, reply) => renderDetail(request, reply, await loadProvision(request)));

  app.get<WithId>(`${BASE}/:provisionId/bewerken`, cfg, async (request, reply) => {
    const record = await loadProvision(request);
    return renderForm(request, reply, record.organisation, record, {}, draftToForm(record.working));
  });

  app.post<WithId>(`${BASE}/:provisionId/bewerken`, cfg, async (request, reply) => {
    const record = await loadProvision(request);
    const form = parseProvisionForm(request.body, await municipalityCodes(record.organisation.id));
    if (!form.ok) return renderForm(request, reply, record.organisation, record, form.errors, (request.body ?? {}) as FormValues, 400);
    await updateProvision(db, actorOf(request), record, form.draft);
    return seeOther(reply, `${BASE}/${record.id}?melding=opgeslagen`);
  });

  app.post<WithId>(`${BASE}/:provisionId/publiceren`, cfg, async (request, reply) => {
    const record = await loadProvision(request);
    if (record.status === 'archived') return renderDetail(request, reply, record, 'catalogueManage.problems.archived', 400);
    const result = await publishProvision(db, actorOf(request), record.id);
    if (result.kind === 'coverage') return renderDetail(request, reply, record, 'catalogueManage.problems.coverage', 400);
    if (result.kind === 'unchanged') return seeOther(reply, `${BASE}/${record.id}?melding=ongewijzigd`);
    app.referenceCache.invalidate();
    return seeOther(reply, `${BASE}/${record.id}?melding=gepubliceerd`);
  });

  for (const [path, archived, notice] of [['archiveren', true, 'gearchiveerd'], ['terugzetten', false, 'teruggezet']] as const) {
    app.post<WithId>(`${BASE}/:provisionId/${path}`, cfg, async (request, reply) => {
      const record = await loadProvision(request);
      if (await setArchived(db, actorOf(request), record, archived)) app.referenceCache.invalidate();
      return seeOther(reply, `${BASE}/${record.id}?melding=${notice}`);
    });
  }
}
