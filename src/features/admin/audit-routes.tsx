import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { sendPage } from '../../core/http/context.ts';
import { Layout, pageContext } from '../../core/layout/Layout.tsx';
import { ErrorSummary, type FieldErrors } from '../../core/layout/forms.tsx';
import { formatDateTime } from '../../core/i18n/format.ts';
import type { T } from '../../core/i18n/index.ts';
import { escapeLike, isPlatform } from './data.ts';
import { Table } from './table.tsx';
import { Pager } from './pager.tsx';

const PAGE_SIZE = 50;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (v: string) => DATE.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
const ACTION_CODE = /^[a-z_]+(\.[a-z_]+)+$/;
const DAY_MS = 86_400_000;

/** The instant a calendar day starts in Amsterdam (CET or CEST), so that date filters follow the dates shown. */
export function amsterdamDayStart(date: string): Date {
  const utcMidnight = new Date(`${date}T00:00:00Z`);
  const zone = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Amsterdam', timeZoneName: 'longOffset' }).formatToParts(utcMidnight).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(zone);
  const offsetMs = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000 : 0;
  return new Date(utcMidnight.getTime() - offsetMs);
}

const ENTITY_LINKS: Record<string, (id: string) => string> = {
  user: (id) => `/beheer/gebruikers/${id}`,
  organisation: (id) => `/beheer/organisaties/${id}`,
  municipality: (id) => `/beheer/gemeenten/${id}`,
};

const AuditQuery = z.object({
  actor: z.string().trim().max(254, 'audit.filterTooLong').optional(),
  action: z.string().trim().max(100, 'audit.filterTooLong').optional(),
  entity: z.string().trim().max(50, 'audit.filterTooLong').optional(),
  entityId: z.string().trim().max(100, 'audit.filterTooLong').optional(),
  from: z.string().trim().refine((v) => v === '' || validDate(v), 'audit.dateInvalid').optional(),
  to: z.string().trim().refine((v) => v === '' || validDate(v), 'audit.dateInvalid').optional(),
  pagina: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
}).refine((f) => !f.from || !f.to || f.from <= f.to, { message: 'audit.rangeInvalid', path: ['to'] });

const FIELDS: Array<[name: string, label: string, type: 'search' | 'date', hint?: string]> = [
  ['actor', 'audit.actor', 'search'],
  ['action', 'audit.action', 'search', 'audit.actionHint'],
  ['entity', 'audit.entity', 'search', 'audit.entityHint'],
  ['entityId', 'audit.entityId', 'search'],
  ['from', 'audit.from', 'date'],
  ['to', 'audit.to', 'date'],
];

/** The translated label where there is one, always with the code that the action filter takes. */
function ActionLabel({ t, action }: { t: T; action: string }) {
  const label = ACTION_CODE.test(action) ? t(`audit.actions.${action}`, { defaultValue: action }) : action;
  if (label === action) return <code class="utrecht-code">{action}</code>;
  return (
    <>
      {label} <code class="utrecht-code">{action}</code>
    </>
  );
}

export async function auditRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;

  app.get('/beheer/audit', { config: { permission: 'audit.read' } }, async (request, reply) => {
    const staff = request.staff!;
    const raw = (request.query ?? {}) as Record<string, unknown>;
    const parsed = AuditQuery.safeParse(raw);
    const errors: FieldErrors = {};
    if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= { key: issue.message.includes('.') ? issue.message : 'validation.invalid' };
    const f = parsed.success ? parsed.data : { pagina: 1 };

    let q = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc');
    // A coordinator reads only entries about their own organisation.
    if (!isPlatform(staff)) q = q.where('organisation_id', '=', staff.organisationId);
    if (parsed.success) {
      if (f.actor) q = q.where('actor_email', 'ilike', `%${escapeLike(f.actor)}%`);
      if (f.action) q = q.where('action', 'ilike', `${escapeLike(f.action)}%`);
      if (f.entity) q = q.where('entity_type', '=', f.entity);
      if (f.entityId) q = q.where('entity_id', '=', f.entityId);
      if (f.from) q = q.where('at', '>=', amsterdamDayStart(f.from));
      // "to" includes the whole day: everything before the start of the next Amsterdam day.
      if (f.to) q = q.where('at', '<', amsterdamDayStart(new Date(Date.parse(`${f.to}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10)));
    }
    const rows = parsed.success ? await q.limit(PAGE_SIZE + 1).offset((f.pagina - 1) * PAGE_SIZE).execute() : [];
    const ctx = pageContext(request, reply);
    const { t } = ctx;
    const keep = new URLSearchParams(Object.entries(raw).filter(([k, v]) => k !== 'pagina' && typeof v === 'string' && v !== '') as Array<[string, string]>);
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('audit.title')} hasErrors={Object.keys(errors).length > 0}>
        <h1 class="utrecht-heading-1">{t('audit.title')}</h1>
        <p class="utrecht-paragraph">{isPlatform(staff) ? t('audit.introPlatform') : t('audit.introOrganisation', { organisation: staff.organisationName })}</p>
        <ErrorSummary errors={errors} t={t} />
        <form method="get" action="/beheer/audit" class="kansrijk-filters" role="search" aria-label={t('admin.filter')} novalidate>
          {FIELDS.map(([name, label, type, hint]) => {
            const error = errors[name];
            const describedBy = [hint ? `field-${name}-hint` : null, error ? `field-${name}-error` : null].filter(Boolean).join(' ') || undefined;
            return (
              <div class={`utrecht-form-field${error ? ' utrecht-form-field--invalid' : ''}`} key={name}>
                <label class="utrecht-form-label" for={`field-${name}`}>{t(label)}</label>
                {hint ? (
                  <div class="utrecht-form-field-description" id={`field-${name}-hint`}>
                    {t(hint)}
                  </div>
                ) : null}
                {error ? (
                  <div class="utrecht-form-field-error-message" id={`field-${name}-error`}>
                    {t(error.key)}
                  </div>
                ) : null}
                <input
                  class="utrecht-textbox utrecht-textbox--html-input"
                  id={`field-${name}`}
                  name={name}
                  type={type}
                  value={typeof raw[name] === 'string' ? (raw[name] as string) : ''}
                  aria-invalid={error ? 'true' : undefined}
                  aria-describedby={describedBy}
                />
              </div>
            );
          })}
          <button type="submit" class="utrecht-button utrecht-button--secondary-action">{t('admin.filter')}</button>
        </form>
        <Table
          label={t('audit.title')}
          empty={t('admin.noResults')}
          head={[t('audit.when'), t('audit.actor'), t('audit.action'), t('audit.entity'), t('audit.ip'), t('audit.details')]}
          rows={rows.slice(0, PAGE_SIZE).map((r) => [
            formatDateTime(r.at, ctx.lang),
            r.actor_email ?? t('audit.system'),
            <ActionLabel t={t} action={r.action} />,
            r.entity_id && ENTITY_LINKS[r.entity_type] && isPlatform(staff) ? (
              <a class="utrecht-link" href={ENTITY_LINKS[r.entity_type]!(r.entity_id)}>{`${r.entity_type} ${r.entity_id}`}</a>
            ) : (
              `${r.entity_type}${r.entity_id ? ` ${r.entity_id}` : ''}`
            ),
            r.ip ?? '',
            <code class="utrecht-code">{JSON.stringify(r.details)}</code>,
          ])}
        />
        <Pager t={t} base={`/beheer/audit?${keep}`} page={f.pagina} hasNext={rows.length > PAGE_SIZE} />
      </Layout>,
      Object.keys(errors).length > 0 ? 400 : 200,
    );
  });
}
