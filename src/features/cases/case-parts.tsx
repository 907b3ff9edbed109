import type { ComponentChildren } from 'preact';
import { CsrfField, type PageContext } from '../../core/layout/Layout.tsx';
import { DataList } from '../../core/layout/forms.tsx';
import { formatDate, formatDateTime } from '../../core/i18n/format.ts';
import { euros } from '../../core/money.ts';
import { can } from '../../core/auth/permissions.ts';
import { formatIban } from '../../core/validation/iban.ts';
import { canTransition } from '../applications/status.ts';
import { reasonInWords } from '../applications/status-data.ts';
import { ProvisionTitle } from '../applications/view-parts.tsx';
import { childLabel } from '../applications/case-data-view.tsx';
import type { CaseDetail, StaffItem, TimelineEntry } from './case-data.ts';
import { formatTime } from './mails.ts';

/** Parts of the staff case page: the requests with their rules and actions, the visits and the timeline. */
export const casePath = (id: string) => `/beheer/aanvragen/${id}`;

export function PostButton({ ctx, action, label, secondary = true }: { ctx: PageContext; action: string; label: ComponentChildren; secondary?: boolean }) {
  return (
    <form method="post" action={action} class="kansrijk-inline-form">
      <CsrfField token={ctx.csrfToken} />
      <button type="submit" class={`utrecht-button ${secondary ? 'utrecht-button--secondary-action' : 'utrecht-button--primary-action'}`}>{label}</button>
    </form>
  );
}

function RulesSummary({ ctx, item }: { ctx: PageContext; item: StaffItem }) {
  const { t } = ctx;
  const r = item.rules;
  const limits = r.limits;
  const amounts = limits.amountsByAge.length > 0
    ? limits.amountsByAge.map((b) => t('cases.item.band', { min: b.minAge, max: b.maxAge, amount: euros(b.amount, ctx.lang) })).join('; ')
    : limits.maxAmount !== null ? euros(limits.maxAmount, ctx.lang) : t('cases.item.noMaximum');
  const rows: Array<[string, ComponentChildren]> = [
    [t('cases.item.amounts'), `${amounts} ${t(`catalogue.periods.${limits.period}`, { years: limits.periodYears })}`],
    ...(limits.extras.length > 0 ? [[t('cases.item.extras'), limits.extras.map((e) => `${ctx.lang === 'nl' ? e.label.nl : e.label.en}: ${euros(e.maxAmount, ctx.lang)}`).join('; ')] as [string, string]] : []),
    [t('cases.item.income'), t(`catalogue.income.${r.income.kind}`, { percent: r.income.kind === 'norm' ? r.income.percent : '' })],
    [t('cases.item.ages'), t('cases.item.agesValue', { min: r.age.min, max: r.age.max })],
    [t('cases.item.handlingDays'), t('cases.item.days', { count: r.handlingDays })],
    [t('cases.item.delivery'), t(`catalogue.deliveries.${r.delivery}`)],
    ...(r.checksMunicipalFirst ? [[t('cases.item.municipalFirst'), t('common.yes')] as [string, string]] : []),
  ];
  return (
    <details class="kansrijk-details">
      <summary>{t('cases.item.rules', { version: item.version })}</summary>
      <DataList items={rows} />
    </details>
  );
}

export function ItemSection({ ctx, detail, item }: { ctx: PageContext; detail: CaseDetail; item: StaffItem }) {
  const { t, staff } = ctx;
  const base = casePath(detail.row.id);
  const child = detail.view.children.find((c) => c.id === item.childId);
  const open = detail.row.status === 'open';
  const facts: Array<[string, ComponentChildren]> = [
    [t('cases.item.child'), childLabel(ctx, child)],
    [t('cases.item.status'), <strong>{t(`cases.itemStatus.${item.status}`)}</strong>],
    [t('cases.item.requested'), item.requestedCents !== null ? euros(item.requestedCents, ctx.lang) : t('cases.item.notGiven')],
    [t('cases.item.maximum'), item.maxCents !== null ? euros(item.maxCents, ctx.lang) : t('cases.item.noMaximum')],
  ];
  if (item.grantedCents !== null && (item.status === 'granted' || item.status === 'delivered')) facts.push([t('cases.item.granted'), euros(item.grantedCents, ctx.lang)]);
  if (item.reason) facts.push([t('cases.item.reason'), reasonInWords(t, item.reason)]);
  if (item.payment) {
    const p = item.payment;
    facts.push([
      p.kind === 'payment' ? t('cases.item.paid') : t('cases.item.sent'),
      [p.payeeName, p.iban ? formatIban(p.iban) : null, euros(p.amountCents, ctx.lang), formatDate(p.paidOn, ctx.lang), p.reference, p.description].filter(Boolean).join(', '),
    ]);
  }
  const decidable = open && can(staff!.role, 'cases.decide') && canTransition(item.status, 'granted') && item.status !== 'awaiting_parent';
  return (
    <li class="kansrijk-option">
      <h3 class="utrecht-heading-3">
        <ProvisionTitle ctx={ctx} title={item.title} />
      </h3>
      <DataList items={facts} />
      <RulesSummary ctx={ctx} item={item} />
      <div class="kansrijk-actions">
        {open && can(staff!.role, 'cases.handle') && item.status !== 'in_progress' && canTransition(item.status, 'in_progress') ? (
          <PostButton ctx={ctx} action={`${base}/start/${item.id}`} label={<>{t('cases.item.start')}<span class="kansrijk-visually-hidden">: {item.title.nl}</span></>} />
        ) : null}
        {decidable ? (
          <a class="utrecht-button-link utrecht-button-link--primary-action" href={`${base}/besluit/${item.id}`}>
            {t('cases.item.decide')}<span class="kansrijk-visually-hidden">: {item.title.nl}</span>
          </a>
        ) : null}
        {item.status === 'granted' && can(staff!.role, 'payments.record') ? (
          <a class="utrecht-button-link utrecht-button-link--primary-action" href={`${base}/levering/${item.id}`}>
            {t('cases.item.deliver')}<span class="kansrijk-visually-hidden">: {item.title.nl}</span>
          </a>
        ) : null}
      </div>
    </li>
  );
}

export function VisitList({ ctx, detail }: { ctx: PageContext; detail: CaseDetail }) {
  const { t, staff } = ctx;
  if (detail.visits.length === 0) return <p class="utrecht-paragraph">{t('cases.visit.none')}</p>;
  const mayRecord = (volunteerId: string) => can(staff!.role, 'visits.record') && (can(staff!.role, 'cases.read.all') || volunteerId === staff!.id);
  return (
    <ul class="kansrijk-plain-list">
      {detail.visits.map((v) => (
        <li class="kansrijk-option" key={v.id}>
          <DataList
            items={[
              [t('cases.visit.kind'), t(`cases.visit.kinds.${v.kind}`)],
              [t('cases.visit.when'), t('cases.visit.at', { date: formatDate(v.plannedAt, ctx.lang), time: formatTime(v.plannedAt, ctx.lang) })],
              [t('cases.visit.volunteer'), v.volunteer],
              [t('cases.visit.status'), t(`cases.visit.statuses.${v.status}`)],
              ...(v.outcome ? [[t('cases.visit.outcome'), <span class="kansrijk-mail__body">{v.outcome}</span>] as [string, ComponentChildren]] : []),
            ]}
          />
          {v.status === 'planned' && mayRecord(v.volunteerId) ? (
            <p class="utrecht-paragraph">
              <a class="utrecht-link" href={`${casePath(detail.row.id)}/afspraak/${v.id}`}>{t('cases.visit.record')}</a>
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function eventText(ctx: PageContext, detail: CaseDetail, e: TimelineEntry): ComponentChildren {
  const { t } = ctx;
  const item = e.itemId ? detail.items.find((i) => i.id === e.itemId) : undefined;
  const title = item ? <><ProvisionTitle ctx={ctx} title={item.title} />: </> : null;
  const d = e.details;
  switch (e.kind) {
    case 'status_changed':
    case 'withdrawn':
      return <>{title}{t(`cases.itemStatus.${String(d.to)}`)}{typeof d.grantedCents === 'number' ? ` (${euros(d.grantedCents, ctx.lang)})` : ''}</>;
    case 'visit_planned':
      return <>{t('cases.events.visit_planned', { kind: t(`cases.visit.kinds.${String(d.kind)}`), date: typeof d.at === 'string' ? formatDateTime(d.at, ctx.lang) : '' })}</>;
    case 'delivery_recorded':
      return <>{title}{t(d.kind === 'goods' ? 'cases.events.goods_sent' : 'cases.events.payment_recorded', { payee: String(d.payee ?? ''), amount: typeof d.amountCents === 'number' ? euros(d.amountCents, ctx.lang) : '' })}</>;
    case 'referred_out':
    case 'referral_consent_asked':
    case 'referred_in':
    case 'referral_refused':
    case 'referral_expired': {
      const referred = d.title && typeof d.title === 'object' ? (d.title as { nl: string; en: string }) : null;
      return (
        <>
          {t(`cases.events.${e.kind}`, { organisation: String(d.organisation ?? '') })}
          {referred ? <>: <ProvisionTitle ctx={ctx} title={referred} /></> : null}
        </>
      );
    }
    default: {
      const key = `cases.events.${e.kind}`;
      const text = t(key, { organisation: detail.organisationName, name: typeof d.fileName === 'string' ? d.fileName : '' });
      return <>{text === key ? e.kind : text}</>;
    }
  }
}

export function Timeline({ ctx, detail }: { ctx: PageContext; detail: CaseDetail }) {
  const { t } = ctx;
  return (
    <ul class="kansrijk-plain-list kansrijk-timeline">
      {detail.timeline.map((e, i) => (
        <li key={i}>
          <time dateTime={e.at.toISOString()}>{formatDateTime(e.at, ctx.lang)}</time>: {eventText(ctx, detail, e)}
          {' '}({e.actor ?? t(`cases.actors.${e.actorType}`)}{e.visible ? '' : `, ${t('cases.events.internal')}`})
        </li>
      ))}
    </ul>
  );
}
