import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { NotFoundError, HttpError } from '../../core/errors.ts';
import { sendPage, seeOther } from '../../core/http/context.ts';
import { pageContext, type PageContext } from '../../core/layout/Layout.tsx';
import type { FieldErrors } from '../../core/layout/forms.tsx';
import { can } from '../../core/auth/permissions.ts';
import { actorOf, recordAudit } from '../../core/audit/audit.ts';
import { enqueue } from '../../core/jobs/queue.ts';
import { formatNumber } from '../../core/i18n/format.ts';
import { THEMES } from '../../core/db/schema.ts';
import { readUpload } from '../applications/multipart-upload.ts';
import { MAX_UPLOAD_BYTES } from '../applications/uploads.ts';
import { AGE_BANDS, chooseTargetGroup, periodOf, share, targetChildren } from './domain.ts';
import * as data from './data.ts';
import { barChart } from './charts.ts';
import { CellIndex, buildReport, demandTable, filterParam, gaps, municipalitiesTable, overlapTable, parseFilter, referralTable, toCsv, type FigureTable, type Filter, type Report } from './report.ts';
import { BASE, DashboardPage, FigureTableView, FilterForm, ImportPage, KeyFigures, LandingPage, TargetsPage, formatValue, type TargetFormValues } from './views.tsx';
import { importTargetGroups } from './cbs.ts';
import { REACH_QUEUE } from './refresh.ts';
import { parseTargetForm, saveTargets } from './targets.ts';

/**
 * The reach dashboards (issue 7). Municipality officers see their municipality across all
 * organisations; an organisation sees its own figures and its overlap with others; the national
 * office sees everything. Only aggregates, already suppressed at refresh time, are ever read here.
 */
const Query = z.object({
  jaar: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
  maand: z.coerce.number().int().min(1).max(12).optional().catch(undefined),
  filter: z.string().max(80).optional().catch(undefined),
  gemeente: z.string().max(10).optional().catch(undefined),
  tabel: z.string().max(40).optional().catch(undefined),
  melding: z.string().max(40).optional().catch(undefined),
});
type Q = z.infer<typeof Query>;
type WithCode = { Params: { code: string } };
type WithOrg = { Params: { orgId: string } };

interface Context {
  year: number;
  month: number;
  filter: Filter;
  years: number[];
}

export async function reachRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;
  const read = { config: { permission: 'reach.read' as const } };
  const targetsCfg = { config: { permission: 'reach.targets' as const } };
  const manage = { config: { permission: 'reach.manage' as const } };
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 }, throwFileSizeLimit: false });

  async function periodContext(q: Q, filterAllowed: (f: Filter) => boolean): Promise<Context> {
    const years = await data.availableYears(db);
    const fallback = years.at(-1) ?? periodOf(new Date()).year;
    const year = q.jaar !== undefined && years.includes(q.jaar) ? q.jaar : fallback;
    const f = parseFilter(q.filter);
    return { year, month: q.maand ?? 0, filter: filterAllowed(f) ? f : { dim: '', value: '' }, years: years.length > 0 ? years : [fallback] };
  }

  const validFilter = (organisations: Map<string, string> | null) => (f: Filter) =>
    f.dim === '' || (f.dim === 'o' && organisations !== null && organisations.has(f.value)) || (f.dim === 'h' && (THEMES as readonly string[]).includes(f.value)) || (f.dim === 'a' && (AGE_BANDS as readonly string[]).includes(f.value));

  function queryString(c: Context, extra: Record<string, string> = {}) {
    const p = new URLSearchParams({ jaar: String(c.year), ...(c.month ? { maand: String(c.month) } : {}), ...(c.filter.dim ? { filter: filterParam(c.filter) } : {}), ...extra });
    return p.toString();
  }

  async function charts(ctx: PageContext, report: Report, prefix: string) {
    const { t } = ctx;
    const years = report.tables.find((x) => x.id === 'jaren')!;
    const themes = report.tables.find((x) => x.id === 'themas');
    const series = (table: FigureTable) =>
      table.rows.flatMap((r) =>
        (['net', 'granted'] as const).flatMap((m) => (typeof r.values[m] === 'number' ? [{ category: r.label, series: t(`reach.measures.${m}`), value: r.values[m] as number }] : [])),
      );
    const describe = (table: FigureTable) =>
      table.rows.map((r) => `${r.label}: ${t('reach.measures.net')} ${describeValue(ctx, r.values.net)}, ${t('reach.measures.granted')} ${describeValue(ctx, r.values.granted)}`).join('; ');
    const out: Record<string, string> = {};
    if (years.rows.length > 0) out.jaren = await barChart({ id: `${prefix}-jaren`, title: t('reach.charts.years'), description: describe(years), data: series(years), axisTitle: t('reach.charts.children') });
    if (themes && themes.rows.length > 0) out.themas = await barChart({ id: `${prefix}-themas`, title: t('reach.charts.themes'), description: describe(themes), data: series(themes), horizontal: true, axisTitle: t('reach.charts.children') });
    return out;
  }

  async function municipalityReport(request: FastifyRequest<WithCode>) {
    const staff = request.staff!;
    const scope = await data.municipalityScope(db, staff, request.params.code);
    if (!scope) throw new NotFoundError();
    const q = Query.parse(request.query ?? {});
    const organisations = await data.organisationNames(db);
    const c = await periodContext(q, validFilter(organisations));
    const [cells, groups, targets, overlaps, referrals, demand, snapshot] = await Promise.all([
      data.municipalityCells(db, scope.code, c.year),
      data.targetGroups(db, scope.code),
      data.targets(db, scope.code),
      data.overlaps(db, scope.code, c.year),
      data.referrals(db, scope.code, c.year),
      data.demand(db, scope.code, c.year),
      app.referenceCache.current(),
    ]);
    const report = buildReport({ t: request.t, cells: new CellIndex(cells), year: c.year, month: c.month, filter: c.filter, fixedOrganisation: null, organisations: onlyPresent(organisations, cells), targetGroups: groups, targets, showTarget: c.filter.dim === '' && c.month === 0 });
    const offered = new Set<string>(snapshot.catalogueFor(scope.code).map((e) => e.theme));
    const extraTables = [overlapTable(request.t, overlaps, organisations, null), referralTable(request.t, referrals, organisations, null), demandTable(request.t, demand, offered)];
    const group = chooseTargetGroup(groups.get(c.year) ?? []);
    return { scope, c, report, extraTables, groups, targets, group, gapThemes: gaps(demand, offered), organisations: onlyPresent(organisations, cells) };
  }

  // ---- landing
  app.get(BASE, read, async (request, reply) => {
    const staff = request.staff!;
    const national = data.isNational(staff);
    if (national) return seeOther(reply, `${BASE}/landelijk`);
    const municipalities = staff.role === 'municipality_officer' ? await db.selectFrom('municipalities').select(['code', 'common_name as name']).where('code', 'in', staff.municipalityCodes.length ? staff.municipalityCodes : ['']).orderBy('common_name').execute() : [];
    const organisation = staff.role === 'municipality_officer' && municipalities.length > 0 ? null : { id: staff.organisationId, name: staff.organisationName };
    if (municipalities.length === 1 && !organisation) return seeOther(reply, `${BASE}/gemeente/${municipalities[0]!.code}`);
    if (municipalities.length === 0 && organisation) return seeOther(reply, `${BASE}/organisatie/${organisation.id}`);
    return sendPage(reply, <LandingPage ctx={pageContext(request, reply)} municipalities={municipalities} organisation={organisation} national={false} />);
  });

  // ---- a municipality
  app.get<WithCode>(`${BASE}/gemeente/:code`, read, async (request, reply) => {
    const r = await municipalityReport(request);
    const ctx = pageContext(request, reply);
    const { t } = ctx;
    const base = `${BASE}/gemeente/${r.scope.code}`;
    const chartSvgs = await charts(ctx, r.report, 'gemeente');
    const extra: Array<[string, ReturnType<typeof formatValue>]> = [];
    if (r.c.filter.dim === '' && r.c.month === 0) {
      extra.push([t('reach.measures.targetGroup'), r.group ? `${formatNumber(r.group.children, ctx.lang)} (${t(`reach.sources.${r.group.source}`)}${r.group.illustrative ? `, ${t('reach.illustrativeShort')}` : ''})` : t('reach.unknown')]);
      extra.push([t('reach.measures.share'), r.group ? formatValue(share(r.report.key.net === null ? null : Number(r.report.key.net), r.group.children), 'percent', ctx) : t('reach.unknown')]);
      const target = targetChildren(r.group, r.targets.get(r.c.year) ?? null);
      extra.push([t('reach.measures.target'), target === null ? t('reach.noTarget') : t('reach.targetLine', { target: formatNumber(target, ctx.lang), achieved: formatValue(share(r.report.key.net === null ? null : Number(r.report.key.net), target), 'percent', ctx) })]);
    }
    const links: Array<[string, string]> = [[`${base}/rapport?${queryString(r.c)}`, t('reach.printReport')]];
    if (can(request.staff!.role, 'reach.targets')) links.push([`${base}/doelen`, t('reach.targets.link')]);
    const illustrative = [...r.groups.values()].flat().some((g) => g.illustrative);
    return sendPage(
      reply,
      <DashboardPage ctx={ctx} title={t('reach.municipality.title', { name: r.scope.name })} lead={t('reach.municipality.lead', { year: r.c.year })} refreshed={await data.lastRefresh(db)} illustrative={illustrative} links={links}>
        <FilterForm ctx={ctx} f={{ years: r.c.years, year: r.c.year, month: r.c.month, filter: r.c.filter, organisations: [...r.organisations].map(([id, name]) => ({ id, name })), action: base }} />
        <KeyFigures ctx={ctx} cell={r.report.key} extra={extra} />
        {r.report.tables.map((table) => (
          <FigureTableView ctx={ctx} table={table} chart={chartSvgs[table.id]} csvHref={`${base}/csv?${queryString(r.c, { tabel: table.id })}`} key={table.id} />
        ))}
        {r.extraTables.map((table) => (
          <FigureTableView ctx={ctx} table={table} csvHref={`${base}/csv?${queryString(r.c, { tabel: table.id })}`} key={table.id} />
        ))}
        <GapList ctx={ctx} themes={r.gapThemes} />
      </DashboardPage>,
    );
  });

  app.get<WithCode>(`${BASE}/gemeente/:code/csv`, read, async (request, reply) => {
    const r = await municipalityReport(request);
    const q = Query.parse(request.query ?? {});
    const table = [...r.report.tables, ...r.extraTables].find((x) => x.id === q.tabel) ?? r.report.tables[0]!;
    return sendCsv(reply, request, table, `bereik-${r.scope.code}-${r.c.year}-${table.id}.csv`);
  });

  app.get<WithCode>(`${BASE}/gemeente/:code/rapport`, read, async (request, reply) => {
    const r = await municipalityReport(request);
    const ctx = pageContext(request, reply);
    const { t } = ctx;
    const chartSvgs = await charts(ctx, r.report, 'rapport');
    const illustrative = [...r.groups.values()].flat().some((g) => g.illustrative);
    return sendPage(
      reply,
      <DashboardPage ctx={ctx} title={t('reach.report.title', { name: r.scope.name, year: r.c.year })} lead={t('reach.report.lead', { name: r.scope.name, year: r.c.year })} refreshed={await data.lastRefresh(db)} illustrative={illustrative} links={[[`${BASE}/gemeente/${r.scope.code}?${queryString(r.c)}`, t('reach.backToDashboard')]]}>
        <p class="utrecht-paragraph kansrijk-no-print">{t('reach.report.printHint')}</p>
        <KeyFigures ctx={ctx} cell={r.report.key} extra={[]} />
        {r.report.tables.filter((x) => x.id !== 'maanden').map((table) => (
          <FigureTableView ctx={ctx} table={table} chart={chartSvgs[table.id]} key={table.id} />
        ))}
        {r.extraTables.map((table) => (
          <FigureTableView ctx={ctx} table={table} key={table.id} />
        ))}
        <GapList ctx={ctx} themes={r.gapThemes} />
        <p class="utrecht-paragraph">{t('reach.report.sources')}</p>
      </DashboardPage>,
    );
  });

  // ---- an organisation's own figures
  async function organisationReport(request: FastifyRequest<WithOrg>) {
    const q = Query.parse(request.query ?? {});
    const scope = await data.organisationScope(db, request.staff!, request.params.orgId, q.gemeente);
    if (!scope) throw new NotFoundError();
    const organisations = await data.organisationNames(db);
    const c = await periodContext(q, validFilter(null));
    const [cells, overlaps, referrals] = await Promise.all([
      data.organisationCells(db, scope.id, scope.municipalityCode, c.year),
      data.overlaps(db, scope.municipalityCode, c.year),
      data.referrals(db, scope.municipalityCode, c.year),
    ]);
    const report = buildReport({ t: request.t, cells: new CellIndex(cells), year: c.year, month: c.month, filter: c.filter, fixedOrganisation: scope.id, organisations, targetGroups: new Map(), targets: new Map(), showTarget: false });
    return { scope, c, report, extraTables: [overlapTable(request.t, overlaps, organisations, scope.id), referralTable(request.t, referrals, organisations, scope.id)] };
  }

  app.get<WithOrg>(`${BASE}/organisatie/:orgId`, read, async (request, reply) => {
    const r = await organisationReport(request);
    const ctx = pageContext(request, reply);
    const { t } = ctx;
    const base = `${BASE}/organisatie/${r.scope.id}`;
    const extra: Record<string, string> = r.scope.municipalityCode ? { gemeente: r.scope.municipalityCode } : {};
    const chartSvgs = await charts(ctx, r.report, 'organisatie');
    return sendPage(
      reply,
      <DashboardPage ctx={ctx} title={t('reach.organisation.title', { name: r.scope.name })} lead={t('reach.organisation.lead', { year: r.c.year })} refreshed={await data.lastRefresh(db)} illustrative={false} links={[]}>
        <FilterForm ctx={ctx} f={{ years: r.c.years, year: r.c.year, month: r.c.month, filter: r.c.filter, organisations: null, municipalities: { options: r.scope.municipalities, selected: r.scope.municipalityCode }, action: base }} />
        <KeyFigures ctx={ctx} cell={r.report.key} extra={[]} />
        {[...r.report.tables, ...r.extraTables].map((table) => (
          <FigureTableView ctx={ctx} table={table} chart={chartSvgs[table.id]} csvHref={`${base}/csv?${queryString(r.c, { ...extra, tabel: table.id })}`} key={table.id} />
        ))}
      </DashboardPage>,
    );
  });

  app.get<WithOrg>(`${BASE}/organisatie/:orgId/csv`, read, async (request, reply) => {
    const r = await organisationReport(request);
    const q = Query.parse(request.query ?? {});
    const table = [...r.report.tables, ...r.extraTables].find((x) => x.id === q.tabel) ?? r.report.tables[0]!;
    return sendCsv(reply, request, table, `bereik-organisatie-${r.c.year}-${table.id}.csv`);
  });

  // ---- national
  async function nationalReport(request: FastifyRequest) {
    if (!data.isNational(request.staff!)) throw new NotFoundError();
    const q = Query.parse(request.query ?? {});
    const organisations = await data.organisationNames(db);
    const c = await periodContext(q, validFilter(organisations));
    const [cells, overlaps, referrals, demand, totals] = await Promise.all([
      data.municipalityCells(db, '', c.year),
      data.overlaps(db, '', c.year),
      data.referrals(db, '', c.year),
      data.demand(db, '', c.year),
      data.municipalityTotals(db, c.year),
    ]);
    const report = buildReport({ t: request.t, cells: new CellIndex(cells), year: c.year, month: c.month, filter: c.filter, fixedOrganisation: null, organisations: onlyPresent(organisations, cells), targetGroups: new Map(), targets: new Map(), showTarget: false });
    const byMunicipality = municipalitiesTable(
      request.t,
      totals.municipalities.map((m) => ({ code: m.code, name: m.common_name, cell: totals.byCode.get(m.code) ?? null, group: chooseTargetGroup(totals.groupsByCode.get(m.code) ?? []) })),
    );
    const links = new Map(totals.municipalities.map((m) => [m.common_name, `${BASE}/gemeente/${m.code}?jaar=${c.year}`]));
    return { c, report, organisations: onlyPresent(organisations, cells), extraTables: [overlapTable(request.t, overlaps, organisations, null), referralTable(request.t, referrals, organisations, null), demandTable(request.t, demand, null), byMunicipality], links };
  }

  app.get(`${BASE}/landelijk`, read, async (request, reply) => {
    const r = await nationalReport(request);
    const ctx = pageContext(request, reply);
    const { t } = ctx;
    const base = `${BASE}/landelijk`;
    const chartSvgs = await charts(ctx, r.report, 'landelijk');
    return sendPage(
      reply,
      <DashboardPage ctx={ctx} title={t('reach.national.title')} lead={t('reach.national.lead', { year: r.c.year })} refreshed={await data.lastRefresh(db)} illustrative={false} links={can(request.staff!.role, 'reach.manage') ? [[`${BASE}/cbs`, t('reach.import.link')]] : []}>
        <FilterForm ctx={ctx} f={{ years: r.c.years, year: r.c.year, month: r.c.month, filter: r.c.filter, organisations: [...r.organisations].map(([id, name]) => ({ id, name })), action: base }} />
        <KeyFigures ctx={ctx} cell={r.report.key} extra={[]} />
        {[...r.report.tables, ...r.extraTables].map((table) => (
          <FigureTableView ctx={ctx} table={table.id === 'gemeenten' ? withLinks(table, r.links) : table} chart={chartSvgs[table.id]} csvHref={`${base}/csv?${queryString(r.c, { tabel: table.id })}`} key={table.id} />
        ))}
      </DashboardPage>,
    );
  });

  app.get(`${BASE}/landelijk/csv`, read, async (request, reply) => {
    const r = await nationalReport(request);
    const q = Query.parse(request.query ?? {});
    const table = [...r.report.tables, ...r.extraTables].find((x) => x.id === q.tabel) ?? r.report.tables[0]!;
    return sendCsv(reply, request, table, `bereik-landelijk-${r.c.year}-${table.id}.csv`);
  });

  // ---- targets and the municipality's own count
  async function targetsPage(request: FastifyRequest<WithCode>, reply: FastifyReply, errors: FieldErrors, values: TargetFormValues | null, status = 200) {
    const scope = await data.municipalityScope(db, request.staff!, request.params.code);
    if (!scope) throw new NotFoundError();
    const { t } = request;
    const [groups, targets] = await Promise.all([data.targetGroups(db, scope.code), data.targets(db, scope.code)]);
    const years = [...new Set([...groups.keys(), ...targets.keys()])].sort((a, b) => b - a);
    const rows: FigureTable = {
      id: 'doelen',
      title: t('reach.targets.current'),
      columns: [
        { key: 'cbs', label: t('reach.targets.cbs'), kind: 'count' },
        { key: 'own', label: t('reach.targets.own'), kind: 'count' },
        { key: 'sa', label: t('reach.targets.socialAssistance'), kind: 'count' },
        { key: 'wp', label: t('reach.targets.workingPoor'), kind: 'count' },
        { key: 'targets', label: t('reach.targets.targetsColumn'), kind: 'text' },
        { key: 'target', label: t('reach.measures.target'), kind: 'count' },
      ],
      rows: years.map((y) => {
        const list = groups.get(y) ?? [];
        const cbs = list.find((g) => g.source === 'cbs');
        const own = list.find((g) => g.source === 'municipality');
        const tg = targets.get(y) ?? null;
        const target = targetChildren(chooseTargetGroup(list), tg);
        const parts = tg ? [tg.socialAssistancePct !== null ? t('reach.targets.pctSaShort', { pct: tg.socialAssistancePct }) : null, tg.workingPoorPct !== null ? t('reach.targets.pctWpShort', { pct: tg.workingPoorPct }) : null, tg.lowIncomePct !== null ? t('reach.targets.pctAllShort', { pct: tg.lowIncomePct }) : null].filter(Boolean).join(', ') : '';
        return {
          label: `${y}${cbs?.illustrative ? ' *' : ''}`,
          values: { cbs: cbs ? cbs.children : '–', own: own ? own.children : '–', sa: own?.socialAssistance ?? '–', wp: own?.workingPoor ?? '–', targets: parts || '–', target: target ?? '–' },
        };
      }),
    };
    const q = Query.parse(request.query ?? {});
    const year = String(q.jaar ?? periodOf(new Date()).year);
    const current = values ?? prefill(year, groups, targets);
    return sendPage(reply, <TargetsPage ctx={pageContext(request, reply)} name={scope.name} code={scope.code} errors={errors} values={current} rows={rows} saved={q.melding === 'opgeslagen'} />, status);
  }

  function prefill(year: string, groups: Awaited<ReturnType<typeof data.targetGroups>>, targets: Awaited<ReturnType<typeof data.targets>>): TargetFormValues {
    const own = (groups.get(Number(year)) ?? []).find((g) => g.source === 'municipality');
    const tg = targets.get(Number(year));
    const s = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
    return { jaar: year, kinderen: s(own?.children), bijstand: s(own?.socialAssistance), werkend: s(own?.workingPoor), doel_bijstand: tg ? s(tg.socialAssistancePct) : '100', doel_werkend: tg ? s(tg.workingPoorPct) : '70', doel_totaal: s(tg?.lowIncomePct) };
  }

  app.get<WithCode>(`${BASE}/gemeente/:code/doelen`, targetsCfg, async (request, reply) => targetsPage(request, reply, {}, null));

  app.post<WithCode>(`${BASE}/gemeente/:code/doelen`, targetsCfg, async (request, reply) => {
    const scope = await data.municipalityScope(db, request.staff!, request.params.code);
    if (!scope) throw new NotFoundError();
    const form = parseTargetForm(request.body);
    if (!form.ok) return targetsPage(request, reply, form.errors, form.values, 400);
    await saveTargets(db, actorOf(request), scope.code, form.data);
    return seeOther(reply, `${BASE}/gemeente/${scope.code}/doelen?jaar=${form.data.year}&melding=opgeslagen`);
  });

  // ---- CBS import and refresh, for the national office
  app.get(`${BASE}/cbs`, manage, async (request, reply) => {
    const q = Query.parse(request.query ?? {});
    return sendPage(reply, <ImportPage ctx={pageContext(request, reply)} errors={{}} report={null} refreshQueued={q.melding === 'bijwerken'} />);
  });

  app.post(`${BASE}/cbs`, { config: { permission: 'reach.manage', csrf: false } }, async (request, reply) => {
    const upload = await readUpload(app, request, reply);
    if (upload.csrfError) throw upload.csrfError;
    if (upload.malformed) throw new HttpError(400, 'errors.badRequest');
    const fail = (key: string) => sendPage(reply, <ImportPage ctx={pageContext(request, reply)} errors={{ bestand: { key } }} report={null} refreshQueued={false} />, 400);
    if (upload.tooLarge) return fail('reach.import.errors.tooLarge');
    if (!upload.file || upload.file.content.length === 0) return fail('reach.import.errors.noFile');
    const report = await importTargetGroups(db, upload.file.content, { illustrative: upload.fields.voorbeeld === 'ja', source: `CBS StatLine: ${upload.file.name}`, userId: request.staff!.id });
    if (report.imported === 0 && report.problems.length > 0 && report.problems[0]!.message.endsWith('noHeader')) return fail('reach.import.errors.noHeader');
    if (report.imported === 0 && report.problems.length > 0 && report.problems[0]!.message.endsWith('noColumn')) return fail('reach.import.errors.noColumn');
    await recordAudit(db, actorOf(request), { action: 'reach.target_groups.imported', entityType: 'reach_target_groups', entityId: null, details: { file: upload.file.name, imported: report.imported, problems: report.problems.length, years: report.years } });
    return sendPage(reply, <ImportPage ctx={pageContext(request, reply)} errors={{}} report={report} refreshQueued={false} />, report.problems.length > 0 && report.imported === 0 ? 400 : 200);
  });

  app.post(`${BASE}/bijwerken`, manage, async (request, reply) => {
    // One refresh job per minute at most, whoever asks: the job queue runs it once across processes.
    const minute = new Date().toISOString().slice(0, 16);
    await enqueue(db, REACH_QUEUE, { requestedBy: request.staff!.id }, { uniqueKey: `${REACH_QUEUE}:manual:${minute}` });
    await recordAudit(db, actorOf(request), { action: 'reach.refresh.requested', entityType: 'reach_refreshes', entityId: null, details: {} });
    return seeOther(reply, `${BASE}/cbs?melding=bijwerken`);
  });
}

function describeValue(ctx: PageContext, v: unknown): string {
  if (v === null) return ctx.t('reach.suppressedShort');
  if (typeof v === 'number') return formatNumber(v, ctx.lang);
  return String(v ?? '');
}

/** Organisations that appear in the cells, for filters and the per-organisation table. */
function onlyPresent(all: Map<string, string>, cells: Array<{ organisation_id: string }>): Map<string, string> {
  const ids = new Set(cells.map((c) => c.organisation_id).filter((id) => id !== ''));
  return new Map([...all].filter(([id]) => ids.has(id)).sort((a, b) => a[1].localeCompare(b[1], 'nl')));
}

function withLinks(table: FigureTable, links: Map<string, string>): FigureTable {
  return { ...table, rows: table.rows.map((r) => ({ ...r, link: links.get(r.label) })) } as FigureTable;
}

function sendCsv(reply: FastifyReply, request: FastifyRequest, table: FigureTable, fileName: string) {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${fileName.replace(/[^a-zA-Z0-9._-]/g, '-')}"`)
    .header('cache-control', 'no-store')
    .send(toCsv(table, request.t, request.t('reach.csvFirstColumn')));
}

function GapList({ ctx, themes }: { ctx: PageContext; themes: string[] }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="gaten-kop">
      <h2 class="utrecht-heading-2" id="gaten-kop">{t('reach.gaps.title')}</h2>
      {themes.length === 0 ? (
        <p class="utrecht-paragraph">{t('reach.gaps.none')}</p>
      ) : (
        <>
          <p class="utrecht-paragraph">{t('reach.gaps.intro')}</p>
          <ul class="utrecht-unordered-list">
            {themes.map((h) => (
              <li key={h}>{t(`themes.${h}`)}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
