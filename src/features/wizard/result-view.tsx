import type { PageContext } from '../../core/layout/Layout.tsx';
import { Layout } from '../../core/layout/Layout.tsx';
import type { ChildAnswer, Option, Reason } from '../catalogue/routing.ts';
import type { ProvisionRules } from '../catalogue/rules.ts';
import type { MunicipalityRef } from '../refdata/postcode.ts';
import { toQueryString, type RawAnswers } from './answers.ts';
import type { T } from '../../core/i18n/index.ts';
import { euros } from '../../core/money.ts';

const text = (ctx: PageContext, value: { nl: string; en: string }) => (ctx.lang === 'nl' ? value.nl : value.en);
/** Provisions are written in Dutch and English; in other languages the English text is marked as such (WCAG 3.1.2). */
const partLang = (ctx: PageContext): { lang?: string; dir?: 'ltr' } => (ctx.lang === 'nl' || ctx.lang === 'en' ? {} : { lang: 'en', dir: 'ltr' });

export function reasonText(t: T, reason: Reason): string {
  switch (reason.code) {
    case 'age_min':
      return t('wizard.reasons.ageMin', { min: reason.min });
    case 'age_max':
      return t('wizard.reasons.ageMax', { max: reason.max });
    case 'professional_only':
      return t('wizard.reasons.professionalOnly');
    case 'not_for_role':
      return t('wizard.reasons.notForRole', { roles: reason.roles.map((r) => t(`catalogue.applicants.${r}`).toLowerCase()).join(', ') });
    case 'not_in_municipality':
      return t('wizard.reasons.notInMunicipality');
    case 'outside_window':
      return t('wizard.reasons.outsideWindow', { from: reason.from, until: reason.until });
  }
}

function amountLine(ctx: PageContext, rules: ProvisionRules, option: Option): string | null {
  if (option.maxAmount === null) return null;
  const period = ctx.t(`catalogue.periods.${rules.limits.period}`, { years: rules.limits.periodYears });
  return ctx.t('wizard.option.amount', { amount: euros(option.maxAmount, ctx.lang), period });
}

function HowToApply({ ctx, option, applyHref }: { ctx: PageContext; option: Option; applyHref: string | null }) {
  const { t } = ctx;
  const { rules, organisation } = option.entry;
  if (option.via === 'professional') return <p class="utrecht-paragraph">{t('wizard.option.viaProfessional')}</p>;
  if (option.via === 'parent') return <p class="utrecht-paragraph">{t('wizard.option.viaParent')}</p>;
  if (rules.apply.mode === 'external') {
    const a = rules.apply;
    return (
      <div>
        <p class="utrecht-paragraph">{t('wizard.option.applyExternal', { organisation: organisation.name })}</p>
        <ul class="utrecht-unordered-list">
          {a.url ? (
            <li>
              <a class="utrecht-link" href={a.url} rel="external noopener">{t('wizard.option.applyWebsite', { organisation: organisation.name })}</a>
            </li>
          ) : null}
          {a.phone ? <li>{t('wizard.option.phone', { phone: a.phone })}</li> : null}
          {a.address ? <li>{t('wizard.option.address', { address: a.address })}</li> : null}
          {a.hours ? <li>{t('wizard.option.hours', { hours: a.hours })}</li> : null}
        </ul>
      </div>
    );
  }
  if (applyHref) {
    return (
      <p class="utrecht-paragraph">
        {/* The name starts with the visible words (WCAG 2.5.3) and says which provision, as every card has such a button. */}
        <a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action" href={applyHref} aria-label={`${t('applications.start.applyThis')}: ${text(ctx, rules.title)}`}>
          {t('applications.start.applyThis')}
        </a>
      </p>
    );
  }
  // Professionals apply with an account of their own (not yet here): the organisation's own contact details.
  return (
    <p class="utrecht-paragraph">
      {t('wizard.option.applyContact', { organisation: organisation.name })}{' '}
      {[organisation.email, organisation.phone].filter(Boolean).join(' · ')}
    </p>
  );
}

function OptionCard({ ctx, option, applyHref }: { ctx: PageContext; option: Option; applyHref: string | null }) {
  const { t } = ctx;
  const { rules } = option.entry;
  const facts: string[] = [t('wizard.option.ages', { min: rules.age.min, max: rules.age.max })];
  if (rules.income.kind === 'norm') facts.push(t('catalogue.income.norm', { percent: rules.income.percent }));
  if (rules.income.kind === 'professional_judgement') facts.push(t('catalogue.income.professional_judgement'));
  const amount = amountLine(ctx, rules, option);
  if (amount) facts.push(amount);
  for (const extra of rules.limits.extras) facts.push(t('wizard.option.extra', { label: text(ctx, extra.label), amount: euros(extra.maxAmount, ctx.lang) }));
  if (rules.limits.maxRequestsPerPeriod) facts.push(t('wizard.option.maxRequests', { count: rules.limits.maxRequestsPerPeriod }));
  if (rules.exclusiveGroup) facts.push(t('wizard.option.exclusive'));
  facts.push(t(`catalogue.deliveries.${rules.delivery}`));
  facts.push(t('wizard.option.handling', { days: rules.handlingDays }));
  if (!rules.retroactive) facts.push(t('wizard.option.notRetroactive'));
  return (
    <article class={`kansrijk-option${option.via ? ' kansrijk-option--via' : ''}`}>
      <h5 class="utrecht-heading-5" {...partLang(ctx)}>{text(ctx, rules.title)}</h5>
      <p class="utrecht-paragraph" {...partLang(ctx)}>{text(ctx, rules.description)}</p>
      {option.waitingList ? <p class="utrecht-paragraph"><strong>{t('wizard.option.waitingList')}</strong></p> : null}
      {option.municipalFirst ? <p class="utrecht-paragraph">{t('wizard.option.municipalFirst', { organisation: option.entry.organisation.name, scheme: text(ctx, option.municipalFirst.rules.title) })}</p> : null}
      <ul class="utrecht-unordered-list kansrijk-option__facts">
        {facts.map((f) => (
          <li key={f}>{f}</li>
        ))}
      </ul>
      <HowToApply ctx={ctx} option={option} applyHref={applyHref} />
    </article>
  );
}

/** The application form's address for one option, or null where it cannot be asked for online by this applicant. */
type ApplyHref = (child: number, option: Option) => string | null;

function ChildSection({ ctx, answer, count, municipality, applyHref }: { ctx: PageContext; answer: ChildAnswer; count: number; municipality: MunicipalityRef; applyHref: ApplyHref }) {
  const { t } = ctx;
  const heading = count > 1 ? t('wizard.result.child', { n: answer.index + 1, age: answer.age }) : t('wizard.result.oneChild', { age: answer.age });
  return (
    <section class="kansrijk-child" aria-labelledby={`child-${answer.index}`}>
      <h2 class="utrecht-heading-2" id={`child-${answer.index}`}>{heading}</h2>
      {answer.themes.length === 0 ? <p class="utrecht-paragraph">{t('wizard.result.nothing', { municipality: municipality.commonName })}</p> : null}
      {answer.themes.map((group) => (
        <section key={group.theme}>
          <h3 class="utrecht-heading-3">{t(`themes.${group.theme}`)}</h3>
          {group.organisations.map((org) => (
            <section key={org.organisation.id}>
              <h4 class="utrecht-heading-4">{org.organisation.name}</h4>
              {org.options.map((o) => (
                <OptionCard ctx={ctx} option={o} key={o.entry.id} applyHref={applyHref(answer.index, o)} />
              ))}
            </section>
          ))}
        </section>
      ))}
      {answer.missingThemes.length > 0 ? (
        <section>
          <h3 class="utrecht-heading-3">{t('wizard.result.missingTitle')}</h3>
          <p class="utrecht-paragraph">
            {t('wizard.result.missing', { themes: answer.missingThemes.map((th) => t(`themes.${th}`).toLowerCase()).join(', '), municipality: municipality.commonName })}
          </p>
          {answer.nationalAlternatives.length > 0 ? (
            <>
              <p class="utrecht-paragraph">{t('wizard.result.national')}</p>
              <ul class="utrecht-unordered-list">
                {answer.nationalAlternatives.map((o) => (
                  <li key={o.entry.id}>
                    <span {...partLang(ctx)}>{text(ctx, o.entry.rules.title)}</span> ({o.entry.organisation.name})
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}
      {answer.unavailable.length > 0 ? (
        <details class="kansrijk-details">
          <summary>{t('wizard.result.unavailable', { count: answer.unavailable.length })}</summary>
          <ul class="utrecht-unordered-list kansrijk-unavailable">
            {answer.unavailable.map((u) => (
              <li key={u.entry.id}>
                <strong {...partLang(ctx)}>{text(ctx, u.entry.rules.title)}</strong> ({u.entry.organisation.name}): {u.reasons.map((r) => reasonText(t, r)).join('; ')}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

export function ResultPage({ ctx, answers, municipality, results }: { ctx: PageContext; answers: RawAnswers; municipality: MunicipalityRef; results: ChildAnswer[] }) {
  const { t } = ctx;
  const jsonUrl = `/api/v1/options?${new URLSearchParams([['municipality', municipality.code], ['role', { ouder: 'parent', jongere: 'young', professional: 'professional' }[answers.rol] ?? 'parent'], ...answers.kind.map((k) => [/^\d{1,2}$/.test(k.trim()) ? 'age' : 'birthDate', k.trim()] as [string, string]), ...answers.thema.map((th) => ['theme', th] as [string, string])])}`;
  const query = toQueryString(answers);
  const online = answers.rol === 'ouder' || answers.rol === 'jongere';
  const applyHref: ApplyHref = (child, o) => (online && o.via === null && o.entry.rules.apply.mode === 'online' ? `/aanvragen?${query}&kies=${child}:${o.entry.id}` : null);
  const anyOnline = results.some((r) => r.themes.some((g) => g.organisations.some((org) => org.options.some((o) => applyHref(r.index, o)))));
  return (
    <Layout ctx={ctx} title={t('wizard.result.title', { municipality: municipality.commonName })}>
      <a class="utrecht-link kansrijk-back" href={`/wizard/wat?${toQueryString(answers)}`}>{t('wizard.back')}</a>
      <h1 class="utrecht-heading-1">{t('wizard.result.title', { municipality: municipality.commonName })}</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead">{t('wizard.result.lead')}</p>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={`/?${toQueryString(answers)}`}>{t('wizard.result.change')}</a>
      </p>
      {anyOnline ? (
        <div class="kansrijk-apply-all">
          <p class="utrecht-paragraph">{t('applications.start.lead')}</p>
          <a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action" href={`/aanvragen?${query}`}>
            {t('applications.start.onlineButton')}
          </a>
        </div>
      ) : null}
      {results.map((answer) => (
        <ChildSection ctx={ctx} answer={answer} count={results.length} municipality={municipality} key={answer.index} applyHref={applyHref} />
      ))}
      <p class="utrecht-paragraph kansrijk-api-link">
        <a class="utrecht-link" href={jsonUrl} data-testid="json-link">{t('wizard.result.json')}</a>
      </p>
    </Layout>
  );
}
