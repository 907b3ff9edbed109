import { Layout, type PageContext } from '../../core/layout/Layout.tsx';
import { formatDate } from '../../core/i18n/format.ts';
import { THEMES } from '../../core/db/schema.ts';
import { can } from '../../core/auth/permissions.ts';
import { Table } from '../admin/table.tsx';
import { ProvisionTitle } from '../applications/view-parts.tsx';
import { QUEUE_STATES, filterParams, type QueueFilter } from './queue-filter.ts';
import type { QueuePage, QueueRow } from './queue-data.ts';

export const CASES = '/beheer/aanvragen';

interface QueueViewProps {
  ctx: PageContext;
  filter: QueueFilter;
  page: QueuePage;
  municipalities: Array<{ code: string; name: string }>;
  workers: Array<{ id: string; name: string }>;
  scoped: boolean;
  now: Date;
}

function Select({ id, name, label, value, options }: { id: string; name: string; label: string; value: string; options: Array<[string, string]> }) {
  return (
    <div class="utrecht-form-field">
      <label class="utrecht-form-label" for={id}>{label}</label>
      <select class="utrecht-select utrecht-select--html-select" id={id} name={name}>
        {options.map(([v, l]) => (
          <option value={v} selected={v === value} key={v}>{l}</option>
        ))}
      </select>
    </div>
  );
}

export function QueueView({ ctx, filter, page, municipalities, workers, scoped, now }: QueueViewProps) {
  const { t, staff } = ctx;
  const params = filterParams(filter);
  const withCursor = (name: 'na' | 'voor', cursor: string) => {
    const p = new URLSearchParams(params);
    p.set(name, cursor);
    return `${CASES}?${p}`;
  };
  const assignee = filter.assignee === 'me' ? 'ik' : filter.assignee === 'none' ? 'niemand' : (filter.assignee ?? '');
  return (
    <Layout ctx={ctx} title={t('cases.queue.title')}>
      <h1 class="utrecht-heading-1">{t('cases.queue.title')}</h1>
      <p class="utrecht-paragraph">{scoped ? t('cases.queue.introScoped') : t('cases.queue.intro', { organisation: staff!.organisationName })}</p>
      <ul class="utrecht-link-list kansrijk-actions">
        <li class="utrecht-link-list__item"><a class="utrecht-link" href={`${CASES}?behandelaar=ik`}>{t('cases.queue.mine')}</a></li>
        {scoped ? null : <li class="utrecht-link-list__item"><a class="utrecht-link" href={`${CASES}?te-laat=1`}>{t('cases.queue.overdueLink')}</a></li>}
        {scoped ? null : <li class="utrecht-link-list__item"><a class="utrecht-link" href={`${CASES}?status=granted`}>{t('cases.queue.toPayLink')}</a></li>}
        {can(staff!.role, 'cases.intake') ? <li class="utrecht-link-list__item"><a class="utrecht-link" href={`${CASES}/nieuw`}>{t('cases.queue.intake')}</a></li> : null}
      </ul>
      <form method="get" action={CASES} class="kansrijk-filters" role="search" aria-label={t('cases.queue.filters')}>
        <div class="utrecht-form-field">
          <label class="utrecht-form-label" for="filter-zoek">{t('cases.queue.search')}</label>
          <div class="utrecht-form-field-description" id="filter-zoek-hint">{t('cases.queue.searchHint')}</div>
          <input class="utrecht-textbox utrecht-textbox--html-input" id="filter-zoek" name="zoek" type="search" value={filter.searchText} aria-describedby="filter-zoek-hint" maxLength={100} />
        </div>
        <Select id="filter-status" name="status" label={t('cases.queue.status')} value={filter.state} options={QUEUE_STATES.map((s) => [s, t(`cases.queue.states.${s}`)])} />
        {municipalities.length > 1 ? (
          <Select id="filter-gemeente" name="gemeente" label={t('cases.queue.municipality')} value={filter.municipality ?? ''} options={[['', t('cases.queue.all')], ...municipalities.map((m): [string, string] => [m.code, m.name])]} />
        ) : null}
        <Select id="filter-thema" name="thema" label={t('cases.queue.theme')} value={filter.theme ?? ''} options={[['', t('cases.queue.all')], ...THEMES.map((th): [string, string] => [th, t(`themes.${th}`)])]} />
        {scoped ? null : (
          <Select
            id="filter-behandelaar"
            name="behandelaar"
            label={t('cases.queue.assignee')}
            value={assignee}
            options={[['', t('cases.queue.all')], ['ik', t('cases.queue.me')], ['niemand', t('cases.queue.nobody')], ...workers.map((w): [string, string] => [w.id, w.name])]}
          />
        )}
        <Select id="filter-volgorde" name="volgorde" label={t('cases.queue.order')} value={filter.order} options={[['termijn', t('cases.queue.orders.termijn')], ['nieuw', t('cases.queue.orders.nieuw')]]} />
        <div class="utrecht-form-field utrecht-form-field--checkbox kansrijk-choice">
          <input class="utrecht-checkbox utrecht-checkbox--html-input" type="checkbox" id="filter-te-laat" name="te-laat" value="1" checked={filter.overdue} />
          <label class="utrecht-form-label utrecht-form-label--checkbox" for="filter-te-laat">{t('cases.queue.overdue')}</label>
        </div>
        <button type="submit" class="utrecht-button utrecht-button--secondary-action">{t('cases.queue.apply')}</button>
      </form>
      <Table
        label={t('cases.queue.title')}
        empty={t('cases.queue.empty')}
        head={[t('cases.queue.reference'), t('cases.queue.applicant'), t('cases.queue.requests'), t('cases.queue.municipality'), t('cases.queue.due'), t('cases.queue.assignee')]}
        rows={page.rows.map((r) => [
          <>
            <a class="utrecht-link" href={`${CASES}/${r.id}`}>{r.reference}</a>
            {r.newFromApplicant ? <><br /><strong>{t('cases.queue.newFromApplicant')}</strong></> : null}
            {/* Where a case came from matters for how it is handled: a referral or a professional's application. */}
            {r.channel === 'referral' || r.channel === 'professional' ? <><br />{t(`cases.channels.${r.channel}`)}</> : null}
          </>,
          r.applicantName,
          <Requests ctx={ctx} row={r} />,
          r.municipality,
          <Due ctx={ctx} row={r} now={now} />,
          r.assignee ?? t('cases.queue.nobody'),
        ])}
      />
      {page.previous || page.next ? (
        <nav class="utrecht-pagination kansrijk-actions" aria-label={t('cases.queue.pages')}>
          {page.previous ? <a class="utrecht-link" rel="prev" href={withCursor('voor', page.previous)}>{t('cases.queue.previous')}</a> : null}
          {page.previous ? <a class="utrecht-link" href={`${CASES}?${params}`}>{t('cases.queue.first')}</a> : null}
          {page.next ? <a class="utrecht-link" rel="next" href={withCursor('na', page.next)}>{t('cases.queue.next')}</a> : null}
        </nav>
      ) : null}
    </Layout>
  );
}

function Requests({ ctx, row }: { ctx: PageContext; row: QueueRow }) {
  return (
    <ul class="kansrijk-plain-list">
      {row.items.map((i, n) => (
        <li key={n}>
          {i.child ? `${i.child}: ` : ''}
          <ProvisionTitle ctx={ctx} title={i.title} /> ({ctx.t(`cases.itemStatus.${i.status}`)})
        </li>
      ))}
    </ul>
  );
}

function Due({ ctx, row, now }: { ctx: PageContext; row: QueueRow; now: Date }) {
  const date = formatDate(row.dueAt, ctx.lang);
  if (row.status === 'closed') return <>{ctx.t('cases.queue.closed')}</>;
  if (row.dueAt.getTime() < now.getTime()) return <strong>{ctx.t('cases.queue.overdueOn', { date })}</strong>;
  return <>{date}</>;
}
