import type { ComponentChildren } from 'preact';
import { CsrfField, Layout, type PageContext } from '../../core/layout/Layout.tsx';
import { DataList, ErrorSummary, Fieldset, Notice, RadioGroup, SelectField, SubmitButton, TextAreaField, TextField, fieldId, type FieldErrors } from '../../core/layout/forms.tsx';
import { euros, eurosInput } from '../../core/money.ts';
import { can } from '../../core/auth/permissions.ts';
import { VISIT_KINDS } from '../../core/db/schema.ts';
import { formatDate } from '../../core/i18n/format.ts';
import { ProvisionTitle } from '../applications/view-parts.tsx';
import { MAX_MESSAGE } from '../applications/case-updates.ts';
import { childLabel } from '../applications/case-data-view.tsx';
import type { CaseDetail, StaffItem } from './case-data.ts';
import { casePath } from './case-parts.tsx';
import { MAX_NOTE } from './decide.ts';
import { MAX_OUTCOME } from './visits.ts';
import { formatTime } from './mails.ts';
import type { RejectionReason } from './reasons.ts';

/** The back office's forms on a case, each its own page (works without JavaScript, errors next to the fields). */
interface ShellProps {
  ctx: PageContext;
  detail: CaseDetail;
  title: string;
  action: string;
  submit: string;
  errors: FieldErrors;
  intro?: ComponentChildren;
  children: ComponentChildren;
}

function ActionShell({ ctx, detail, title, action, submit, errors, intro, children }: ShellProps) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={`${title} – ${detail.reference}`} hasErrors={Object.keys(errors).length > 0}>
      <a class="utrecht-link kansrijk-back" href={casePath(detail.row.id)}>{t('cases.actions.backToCase', { reference: detail.reference })}</a>
      <h1 class="utrecht-heading-1">{title}</h1>
      {intro}
      <ErrorSummary errors={errors} t={t} />
      <form method="post" action={action} novalidate class="kansrijk-form">
        <CsrfField token={ctx.csrfToken} />
        {children}
        <div class="kansrijk-button-row">
          <SubmitButton>{submit}</SubmitButton>
          <a class="utrecht-link" href={casePath(detail.row.id)}>{t('common.cancel')}</a>
        </div>
      </form>
    </Layout>
  );
}

type Values = Record<string, string>;

export function InformationPage({ ctx, detail, errors, values }: { ctx: PageContext; detail: CaseDetail; errors: FieldErrors; values: Values }) {
  const { t } = ctx;
  return (
    <ActionShell ctx={ctx} detail={detail} title={t('cases.information.title')} action={`${casePath(detail.row.id)}/informatie`} submit={t('cases.information.submit')} errors={errors} intro={<p class="utrecht-paragraph">{t('cases.information.intro')}</p>}>
      <TextAreaField name="bericht" label={t('cases.information.message')} hint={t('cases.information.hint')} t={t} errors={errors} value={values.bericht ?? ''} maxLength={MAX_MESSAGE} rows={6} />
    </ActionShell>
  );
}

export function VisitPlanPage({ ctx, detail, errors, values, volunteers }: { ctx: PageContext; detail: CaseDetail; errors: FieldErrors; values: Values; volunteers: Array<{ id: string; name: string; role: string }> }) {
  const { t } = ctx;
  return (
    <ActionShell ctx={ctx} detail={detail} title={t('cases.visit.planTitle')} action={`${casePath(detail.row.id)}/afspraak`} submit={t('cases.visit.planSubmit')} errors={errors} intro={<p class="utrecht-paragraph">{t('cases.visit.planIntro')}</p>}>
      <RadioGroup name="soort" legend={t('cases.visit.kind')} t={t} errors={errors} selected={values.soort ?? 'house_visit'} options={VISIT_KINDS.map((k) => ({ value: k, label: t(`cases.visit.kinds.${k}`) }))} />
      <TextField name="datum" type="date" label={t('cases.visit.date')} hint={t('cases.visit.dateHint')} t={t} errors={errors} value={values.datum ?? ''} />
      <TextField name="tijd" label={t('cases.visit.time')} hint={t('cases.visit.timeHint')} t={t} errors={errors} value={values.tijd ?? ''} inputMode="numeric" maxLength={5} />
      <SelectField name="vrijwilliger" label={t('cases.visit.volunteer')} t={t} errors={errors} value={values.vrijwilliger ?? ''} emptyLabel={t('cases.visit.choose')} options={volunteers.map((v) => ({ value: v.id, label: `${v.name} (${t(`roles.${v.role}`)})` }))} />
    </ActionShell>
  );
}

export function VisitOutcomePage({ ctx, detail, visit, errors, values }: { ctx: PageContext; detail: CaseDetail; visit: CaseDetail['visits'][number]; errors: FieldErrors; values: Values }) {
  const { t } = ctx;
  return (
    <ActionShell
      ctx={ctx}
      detail={detail}
      title={t('cases.visit.recordTitle')}
      action={`${casePath(detail.row.id)}/afspraak/${visit.id}`}
      submit={t('cases.visit.recordSubmit')}
      errors={errors}
      intro={<DataList items={[[t('cases.visit.kind'), t(`cases.visit.kinds.${visit.kind}`)], [t('cases.visit.when'), t('cases.visit.at', { date: formatDate(visit.plannedAt, ctx.lang), time: formatTime(visit.plannedAt, ctx.lang) })], [t('cases.visit.volunteer'), visit.volunteer]]} />}
    >
      <RadioGroup name="resultaat" legend={t('cases.visit.result')} t={t} errors={errors} selected={values.resultaat ?? ''} options={[{ value: 'done', label: t('cases.visit.results.done') }, { value: 'cancelled', label: t('cases.visit.results.cancelled') }]} />
      <TextAreaField name="verslag" label={t('cases.visit.outcome')} hint={t('cases.visit.outcomeHint')} t={t} errors={errors} value={values.verslag ?? ''} maxLength={MAX_OUTCOME} rows={8} />
    </ActionShell>
  );
}

function ItemFacts({ ctx, detail, item }: { ctx: PageContext; detail: CaseDetail; item: StaffItem }) {
  const { t } = ctx;
  const child = detail.view.children.find((c) => c.id === item.childId);
  return (
    <DataList
      items={[
        [t('cases.item.request'), <ProvisionTitle ctx={ctx} title={item.title} />],
        [t('cases.item.child'), childLabel(ctx, child)],
        [t('cases.item.requested'), item.requestedCents !== null ? euros(item.requestedCents, ctx.lang) : t('cases.item.notGiven')],
        [t('cases.item.maximum'), item.maxCents !== null ? euros(item.maxCents, ctx.lang) : t('cases.item.noMaximum')],
        ...(item.grantedCents !== null ? [[t('cases.item.granted'), euros(item.grantedCents, ctx.lang)] as [string, string]] : []),
      ]}
    />
  );
}

export interface BudgetChoice {
  id: string;
  label: string;
  remainingCents: number;
}

/** A checkbox that confirms a coordinator's exception, shown only when the amount asks for it. */
function Confirm({ ctx, name, label, errors, checked }: { ctx: PageContext; name: string; label: string; errors: FieldErrors; checked: boolean }) {
  const id = fieldId(name);
  const error = errors[name];
  return (
    <div class={`utrecht-form-field utrecht-form-field--checkbox kansrijk-choice${error ? ' utrecht-form-field--invalid' : ''}`}>
      {error ? <div class="utrecht-form-field-error-message" id={`${id}-error`}>{ctx.t(error.key, error.vars)}</div> : null}
      <input class="utrecht-checkbox utrecht-checkbox--html-input" type="checkbox" id={id} name={name} value="ja" checked={checked} aria-describedby={error ? `${id}-error` : undefined} aria-invalid={error ? 'true' : undefined} />
      <label class="utrecht-form-label utrecht-form-label--checkbox" for={id}>{label}</label>
    </div>
  );
}

export function DecidePage(props: { ctx: PageContext; detail: CaseDetail; item: StaffItem; errors: FieldErrors; values: Values; reasons: RejectionReason[]; budgets: BudgetChoice[] }) {
  const { ctx, detail, item, errors, values, reasons, budgets } = props;
  const { t, staff } = ctx;
  const coordinator = can(staff!.role, 'cases.override');
  const suggested = item.requestedCents ?? item.maxCents;
  return (
    <ActionShell ctx={ctx} detail={detail} title={t('cases.decide.title')} action={`${casePath(detail.row.id)}/besluit/${item.id}`} submit={t('cases.decide.submit')} errors={errors} intro={<ItemFacts ctx={ctx} detail={detail} item={item} />}>
      <RadioGroup
        name="besluit"
        legend={t('cases.decide.choice')}
        t={t}
        errors={errors}
        selected={values.besluit ?? ''}
        options={[
          { value: 'grant', label: t('cases.decide.choices.grant') },
          { value: 'partly', label: t('cases.decide.choices.partly'), hint: t('cases.decide.choices.partlyHint') },
          { value: 'reject', label: t('cases.decide.choices.reject') },
        ]}
      />
      <Fieldset name="toekennen" legend={t('cases.decide.grantLegend')} t={t} errors={{}}>
        <TextField name="bedrag" label={t('cases.decide.amount')} hint={item.maxCents !== null ? t('cases.decide.amountHint', { max: euros(item.maxCents, ctx.lang) }) : t('cases.decide.amountHintNoMax')} t={t} errors={errors} value={values.bedrag ?? eurosInput(suggested)} inputMode="numeric" maxLength={12} />
        {budgets.length > 1 ? (
          <SelectField name="budget" label={t('cases.decide.budget')} t={t} errors={errors} value={values.budget ?? budgets[0]!.id} options={budgets.map((b) => ({ value: b.id, label: t('cases.decide.budgetOption', { line: b.label, remaining: euros(b.remainingCents, ctx.lang) }) }))} />
        ) : budgets.length === 1 ? (
          <p class="utrecht-paragraph">{t('cases.decide.budgetOne', { line: budgets[0]!.label, remaining: euros(budgets[0]!.remainingCents, ctx.lang) })}</p>
        ) : (
          <p class="utrecht-paragraph">{t('cases.decide.noBudget')}</p>
        )}
        {coordinator && (errors.boven_maximum || values.boven_maximum) ? <Confirm ctx={ctx} name="boven_maximum" label={t('cases.decide.confirmAboveMaximum')} errors={errors} checked={values.boven_maximum === 'ja'} /> : null}
        {coordinator && (errors.boven_budget || values.boven_budget) ? <Confirm ctx={ctx} name="boven_budget" label={t('cases.decide.confirmOverBudget')} errors={errors} checked={values.boven_budget === 'ja'} /> : null}
      </Fieldset>
      <Fieldset name="afwijzen" legend={t('cases.decide.rejectLegend')} t={t} errors={{}}>
        <SelectField name="reden" label={t('cases.decide.reason')} hint={t('cases.decide.reasonHint')} t={t} errors={errors} value={values.reden ?? ''} emptyLabel={t('cases.decide.chooseReason')} options={reasons.map((r) => ({ value: r, label: t(`caseApplicant.reasons.${r}`) }))} />
      </Fieldset>
      <TextAreaField name="toelichting" label={t('cases.decide.note')} hint={t('cases.decide.noteHint')} t={t} errors={errors} value={values.toelichting ?? ''} maxLength={MAX_NOTE} rows={4} />
    </ActionShell>
  );
}

export function DeliveryPage({ ctx, detail, item, errors, values }: { ctx: PageContext; detail: CaseDetail; item: StaffItem; errors: FieldErrors; values: Values }) {
  const { t } = ctx;
  const details = detail.view.items.find((i) => i.id === item.id)?.details ?? {};
  const club = typeof details.club === 'string' ? details.club : '';
  const clubIban = typeof details.club_iban === 'string' ? details.club_iban : '';
  return (
    <ActionShell ctx={ctx} detail={detail} title={t('cases.delivery.title')} action={`${casePath(detail.row.id)}/levering/${item.id}`} submit={t('cases.delivery.submit')} errors={errors} intro={<ItemFacts ctx={ctx} detail={detail} item={item} />}>
      <RadioGroup
        name="soort"
        legend={t('cases.delivery.kind')}
        t={t}
        errors={errors}
        selected={values.soort ?? (item.rules.delivery === 'goods' ? 'goods' : 'payment')}
        options={[
          { value: 'payment', label: t('cases.delivery.kinds.payment') },
          { value: 'goods', label: t('cases.delivery.kinds.goods') },
        ]}
      />
      <TextField name="ontvanger" label={t('cases.delivery.payee')} hint={t('cases.delivery.payeeHint')} t={t} errors={errors} value={values.ontvanger ?? club} maxLength={200} />
      <TextField name="iban" label={t('cases.delivery.iban')} hint={t('cases.delivery.ibanHint')} t={t} errors={errors} value={values.iban ?? clubIban} maxLength={50} spellcheck={false} />
      <TextField name="bedrag" label={t('cases.delivery.amount')} t={t} errors={errors} value={values.bedrag ?? eurosInput(item.grantedCents)} inputMode="numeric" maxLength={12} />
      <TextField name="datum" type="date" label={t('cases.delivery.date')} t={t} errors={errors} value={values.datum ?? ''} />
      <TextField name="kenmerk" label={t('cases.delivery.reference')} hint={t('cases.delivery.referenceHint', { reference: detail.reference })} t={t} errors={errors} value={values.kenmerk ?? detail.reference} maxLength={140} />
      <TextAreaField name="omschrijving" label={t('cases.delivery.description')} hint={t('cases.delivery.descriptionHint')} t={t} errors={errors} value={values.omschrijving ?? ''} maxLength={500} rows={3} />
    </ActionShell>
  );
}

export function ClosePage({ ctx, detail, errors, values, reasons, blocked }: { ctx: PageContext; detail: CaseDetail; errors: FieldErrors; values: Values; reasons: RejectionReason[]; blocked: boolean }) {
  const { t } = ctx;
  const open = detail.items.filter((i) => !['delivered', 'rejected', 'withdrawn'].includes(i.status));
  return (
    <ActionShell
      ctx={ctx}
      detail={detail}
      title={t('cases.close.title')}
      action={`${casePath(detail.row.id)}/afsluiten`}
      submit={t('cases.close.submit')}
      errors={errors}
      intro={
        <>
          {blocked ? <Notice kind="warning">{t('cases.close.grantedOpen')}</Notice> : null}
          <p class="utrecht-paragraph">{open.length > 0 ? t('cases.close.intro') : t('cases.close.nothingOpen')}</p>
          <ul class="utrecht-unordered-list">
            {open.map((i) => (
              <li key={i.id}><ProvisionTitle ctx={ctx} title={i.title} /> ({t(`cases.itemStatus.${i.status}`)})</li>
            ))}
          </ul>
        </>
      }
    >
      <SelectField name="reden" label={t('cases.decide.reason')} hint={t('cases.decide.reasonHint')} t={t} errors={errors} value={values.reden ?? ''} emptyLabel={t('cases.decide.chooseReason')} options={reasons.map((r) => ({ value: r, label: t(`caseApplicant.reasons.${r}`) }))} />
      <TextAreaField name="toelichting" label={t('cases.decide.note')} hint={t('cases.decide.noteHint')} t={t} errors={errors} value={values.toelichting ?? ''} maxLength={MAX_NOTE} rows={4} />
    </ActionShell>
  );
}
