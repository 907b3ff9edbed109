import type { ComponentChildren } from 'preact';
import { CsrfField, Layout, type PageContext } from '../../core/layout/Layout.tsx';
import { DataList, ErrorSummary, Notice, SubmitButton, TextField, type FieldErrors } from '../../core/layout/forms.tsx';
import { LANGUAGES } from '../../core/i18n/index.ts';
import { euros } from '../../core/money.ts';
import { formatIban } from '../../core/validation/iban.ts';
import type { StepSlug } from './drafts.ts';
import type { ChildAnswers, ValidApplication } from './steps.ts';
import { useContext } from 'preact/hooks';
import { FlowPlace, stepPath, provisionText, usePlacePath } from './views-steps.tsx';

function formatDate(iso: string, lang: string): string {
  const [y, m, d] = iso.split('-');
  return lang === 'nl' || lang === 'en' ? `${d}-${m}-${y}` : iso;
}

export function conflictAnchor(child: number, provisionId: string): string {
  return `conflict-${child}-${provisionId}`;
}

function Section({ ctx, title, slug, children }: { ctx: PageContext; title: string; slug: StepSlug; children: ComponentChildren }) {
  return (
    <section class="kansrijk-check-section" aria-labelledby={`check-${slug}`}>
      <div class="kansrijk-check-section__head">
        <h2 class="utrecht-heading-2" id={`check-${slug}`}>
          {title}
        </h2>
        <a class="utrecht-link" href={`${usePlacePath()(stepPath(slug))}?terug=controleren`}>
          {ctx.t('applications.change')}
          <span class="kansrijk-visually-hidden">: {title.toLowerCase()}</span>
        </a>
      </div>
      {children}
    </section>
  );
}

function childFacts(ctx: PageContext, child: ChildAnswers, young: boolean): Array<[string, ComponentChildren]> {
  const { t } = ctx;
  const facts: Array<[string, ComponentChildren]> = [];
  if (!young) facts.push([t('applications.check.name'), `${child.firstName} ${child.lastName}`]);
  facts.push([t('applications.check.birthDate'), formatDate(child.birthDate, ctx.lang)]);
  for (const [field, value] of Object.entries(child.details)) {
    const shown = field === 'school_level' ? t(`applications.children.schoolLevels.${value}`) : String(value);
    facts.push([t(`applications.children.fields.${field}.label`), shown]);
  }
  return facts;
}

export function CheckPage({ ctx, app, steps, errors }: { ctx: PageContext; app: ValidApplication; steps: StepSlug[]; errors: FieldErrors }) {
  const { t } = ctx;
  const young = app.role === 'young';
  const total = steps.length + 1;
  const progress = t('applications.progress', { step: total, total });
  const { address, household, income } = app.household;
  const place = useContext(FlowPlace);
  const at = usePlacePath();
  return (
    <Layout ctx={ctx} title={`${t('applications.steps.controleren')} (${progress}) – ${t('applications.title')}`} hasErrors={Object.keys(errors).length > 0}>
      <a class="utrecht-link kansrijk-back" href={at(stepPath(steps[steps.length - 1]!))}>
        {t('applications.back')}
      </a>
      <p class="kansrijk-progress">{progress}</p>
      <h1 class="utrecht-heading-1">{t('applications.steps.controleren')}</h1>
      {place.note}
      <p class="utrecht-paragraph">{t('applications.check.intro')}</p>
      <ErrorSummary errors={errors} t={t} />

      <Section ctx={ctx} title={t('applications.check.choice')} slug="keuze">
        {app.children.map((child) => (
          <div key={child.index}>
            <h3 class="utrecht-heading-3">{young ? `${child.firstName} ${child.lastName}` : child.firstName}</h3>
            <ul class="utrecht-unordered-list">
              {app.chosen
                .filter((c) => c.child === child.index)
                .map((c) => {
                  const title = provisionText(ctx, c.option.entry.rules.title);
                  const anchor = conflictAnchor(c.child, c.option.entry.id);
                  const problem = errors[anchor];
                  return (
                    <li key={anchor} id={`field-${anchor}`} tabIndex={-1}>
                      <span lang={title.lang}>{title.text}</span> – {c.option.entry.organisation.name}
                      {c.option.maxAmount !== null ? ` (${t('applications.choice.hintAmount', { amount: euros(c.option.maxAmount, ctx.lang) }).toLowerCase()})` : ''}
                      {c.option.waitingList ? <strong> {t('applications.choice.hintWaitingList')}</strong> : null}
                      {problem ? (
                        <div class="utrecht-form-field-error-message">
                          <span class="kansrijk-visually-hidden">{t('forms.errorPrefix')} </span>
                          {t(problem.key, problem.vars)}
                        </div>
                      ) : null}
                    </li>
                  );
                })}
            </ul>
          </div>
        ))}
      </Section>

      <Section ctx={ctx} title={t(young ? 'applications.steps.aanvragerYoung' : 'applications.check.applicant')} slug="aanvrager">
        <DataList
          items={[
            [t('applications.check.name'), `${app.applicant.firstName} ${app.applicant.lastName}`],
            [t('applications.check.email'), app.applicant.email],
            [t('applications.check.phone'), app.applicant.phone ?? t('applications.check.none')],
            [t('applications.check.language'), LANGUAGES[app.applicant.language].name],
            ...(app.applicant.parent ? ([[t('applications.check.parent'), [app.applicant.parent.name, app.applicant.parent.email, app.applicant.parent.phone].filter(Boolean).join(', ')]] as Array<[string, string]>) : []),
          ]}
        />
      </Section>

      {steps.includes('huishouden') ? (
        <Section ctx={ctx} title={t('applications.check.household')} slug="huishouden">
          <DataList
            items={[
              ...(address
                ? ([
                    [t('applications.check.address'), `${address.street} ${address.houseNumber}${address.addition ? ` ${address.addition}` : ''}, ${address.postcode} ${address.place}`],
                  ] as Array<[string, string]>)
                : []),
              ...(household
                ? ([
                    [t('applications.check.adults'), String(household.adults)],
                    [t('applications.check.childrenCount'), String(household.children)],
                  ] as Array<[string, string]>)
                : []),
              ...(income
                ? ([
                    [t('applications.check.income'), euros(income.monthlyNetCents, ctx.lang)],
                    [t('applications.check.incomeSources'), income.sources.map((s) => t(`applications.household.sources.${s}`)).join(', ')],
                    [t('applications.check.debtHelp'), t(`applications.household.debt.${income.debtHelp}`)],
                  ] as Array<[string, string]>)
                : []),
            ]}
          />
        </Section>
      ) : null}

      <Section ctx={ctx} title={t(young ? 'applications.steps.kinderenYoung' : 'applications.check.children')} slug="kinderen">
        {app.children.map((child) => (
          <div key={child.index}>
            {young ? null : <h3 class="utrecht-heading-3">{child.firstName}</h3>}
            <DataList items={childFacts(ctx, child, young)} />
            {child.items
              .filter((i) => Object.keys(i.details).length > 0)
              .map((item) => {
                const chosen = app.chosen.find((c) => c.child === child.index && c.option.entry.id === item.provisionId)!;
                const title = provisionText(ctx, chosen.option.entry.rules.title);
                const d = item.details;
                const facts: Array<[string, string]> = [];
                if (d.club) facts.push([t('applications.check.itemFields.club'), d.clubContact ? `${d.club} (${d.clubContact})` : d.club]);
                if (d.activity) facts.push([t('applications.check.itemFields.activity'), d.activity]);
                if (d.fee !== undefined) facts.push([t('applications.check.itemFields.fee'), euros(d.fee, ctx.lang)]);
                if (d.club_iban) facts.push([t('applications.check.itemFields.club_iban'), formatIban(d.club_iban)]);
                if (d.cost !== undefined) facts.push([t('applications.check.itemFields.cost'), euros(d.cost, ctx.lang)]);
                return (
                  <div key={item.provisionId}>
                    <h4 class="utrecht-heading-4">
                      <span lang={title.lang}>{title.text}</span>
                    </h4>
                    <DataList items={facts} />
                  </div>
                );
              })}
          </div>
        ))}
      </Section>

      <Section ctx={ctx} title={t('applications.check.consent')} slug="toestemming">
        <p class="utrecht-paragraph">{t('applications.check.consentGiven', { organisations: app.organisations.map((o) => o.organisation.name).join(', ') })}</p>
      </Section>

      <form method="post" action={at(stepPath('controleren'))} class="kansrijk-form">
        <CsrfField token={ctx.csrfToken} />
        <p class="utrecht-paragraph">{t('applications.check.declaration')}</p>
        <SubmitButton>{t('applications.check.submit')}</SubmitButton>
      </form>
    </Layout>
  );
}

export function LaterPage({ ctx, email, errors, sent }: { ctx: PageContext; email: string; errors: FieldErrors; sent: boolean }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('applications.later.title')} hasErrors={Object.keys(errors).length > 0}>
      <h1 class="utrecht-heading-1">{t('applications.later.title')}</h1>
      {sent ? <Notice kind="ok">{t('applications.later.sent')}</Notice> : <p class="utrecht-paragraph">{t('applications.later.intro')}</p>}
      <ErrorSummary errors={errors} t={t} />
      {sent ? null : (
        <form method="post" action="/aanvragen/later" novalidate class="kansrijk-form">
          <CsrfField token={ctx.csrfToken} />
          <TextField name="email" type="email" label={t('applications.later.email')} t={t} errors={errors} value={email} autocomplete="email" maxLength={254} spellcheck={false} />
          <SubmitButton>{t('applications.later.submit')}</SubmitButton>
        </form>
      )}
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={stepPath('keuze')}>
          {t('applications.later.continueNow')}
        </a>
      </p>
    </Layout>
  );
}

export function ExpiredPage({ ctx }: { ctx: PageContext }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('applications.expired.title')}>
      <h1 class="utrecht-heading-1">{t('applications.expired.title')}</h1>
      <p class="utrecht-paragraph">{t('applications.expired.body')}</p>
      <ul class="utrecht-unordered-list">
        <li>
          <a class="utrecht-link" href="/">
            {t('applications.expired.start')}
          </a>
        </li>
        <li>
          <a class="utrecht-link" href="/aanvraag">
            {t('applications.expired.status')}
          </a>
        </li>
      </ul>
    </Layout>
  );
}

export function ProfessionalPage({ ctx, back }: { ctx: PageContext; back: string }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('applications.start.professionalTitle')}>
      <h1 class="utrecht-heading-1">{t('applications.start.professionalTitle')}</h1>
      <p class="utrecht-paragraph">{t('applications.start.professionalBody')}</p>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={back}>
          {t('applications.start.backToResult')}
        </a>
      </p>
    </Layout>
  );
}

export interface ReceiptView {
  reference: string;
  email: string;
  waitingForParent: string | null;
  organisations: Array<{ name: string; days: number }>;
}

export function ReceiptPage({ ctx, receipt }: { ctx: PageContext; receipt: ReceiptView }) {
  const { t } = ctx;
  const title = t(receipt.waitingForParent ? 'applications.receipt.titleWaiting' : 'applications.receipt.title');
  return (
    <Layout ctx={ctx} title={title}>
      <Notice kind="ok">
        <h1 class="utrecht-heading-1">{title}</h1>
      </Notice>
      <p class="utrecht-paragraph">{t('applications.receipt.reference')}</p>
      <p class="kansrijk-reference" data-testid="reference">
        {receipt.reference}
      </p>
      <p class="utrecht-paragraph">{t('applications.receipt.referenceHint')}</p>
      <p class="utrecht-paragraph">{t('applications.receipt.mailSent', { email: receipt.email })}</p>
      <h2 class="utrecht-heading-2">{t('applications.receipt.next')}</h2>
      {receipt.waitingForParent ? <p class="utrecht-paragraph">{t('applications.receipt.waiting', { parent: receipt.waitingForParent })}</p> : null}
      <ul class="utrecht-unordered-list">
        {receipt.organisations.map((o) => (
          <li key={o.name}>{t('applications.receipt.handling', { organisation: o.name, days: o.days })}</li>
        ))}
      </ul>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={`/aanvraag/${receipt.reference}`}>
          {t('applications.receipt.statusLink')}
        </a>
      </p>
    </Layout>
  );
}
