import { translator, type Lang, type T } from '../../core/i18n/index.ts';
import type { Theme } from '../../core/db/schema.ts';
import { euros } from '../../core/money.ts';
import type { ProvisionRules } from './rules.ts';
import type { ManagedOrganisation } from './manage-data.ts';

/**
 * The provision as a family will see it in the wizard's answer, in Dutch and in English side by
 * side, built from the same texts as the result page (wizard.option.*), so what a coordinator
 * checks here is what the public reads after publishing.
 */
interface PreviewProps {
  rules: ProvisionRules;
  theme: Theme;
  organisation: ManagedOrganisation;
}

export function previewFacts(t: T, lang: Lang, rules: ProvisionRules): string[] {
  const money = (cents: number) => euros(cents, lang);
  const period = t(`catalogue.periods.${rules.limits.period}`, { years: rules.limits.periodYears });
  const facts: string[] = [t('wizard.option.ages', { min: rules.age.min, max: rules.age.max })];
  if (rules.age.referenceDate) facts.push(t('catalogueManage.preview.referenceDate', { date: rules.age.referenceDate }));
  if (rules.income.kind === 'norm') facts.push(t('catalogue.income.norm', { percent: rules.income.percent }));
  if (rules.income.kind === 'professional_judgement') facts.push(t('catalogue.income.professional_judgement'));
  for (const band of rules.limits.amountsByAge) facts.push(t('catalogueManage.preview.band', { min: band.minAge, max: band.maxAge, amount: money(band.amount), period }));
  if (rules.limits.maxAmount !== null) {
    const line = t('wizard.option.amount', { amount: money(rules.limits.maxAmount), period });
    facts.push(rules.limits.amountsByAge.length > 0 ? t('catalogueManage.preview.otherAges', { line }) : line);
  } else if (rules.limits.amountsByAge.length === 0) facts.push(t('catalogueManage.preview.noAmount', { period }));
  for (const extra of rules.limits.extras) facts.push(t('wizard.option.extra', { label: lang === 'nl' ? extra.label.nl : extra.label.en, amount: money(extra.maxAmount) }));
  if (rules.limits.maxRequestsPerPeriod) facts.push(t('wizard.option.maxRequests', { count: rules.limits.maxRequestsPerPeriod }));
  if (rules.exclusiveGroup) facts.push(t('wizard.option.exclusive'));
  if (rules.window) facts.push(t('catalogueManage.preview.window', rules.window));
  if (rules.capacity !== null) facts.push(t('catalogueManage.preview.capacity', { count: rules.capacity }));
  facts.push(t(`catalogue.deliveries.${rules.delivery}`));
  facts.push(t('wizard.option.handling', { days: rules.handlingDays }));
  if (!rules.retroactive) facts.push(t('wizard.option.notRetroactive'));
  return facts;
}

function HowToApply({ t, rules, organisation }: { t: T; rules: ProvisionRules; organisation: ManagedOrganisation }) {
  if (rules.applicants.length === 1 && rules.applicants[0] === 'professional') return <p class="utrecht-paragraph">{t('wizard.option.viaProfessional')}</p>;
  const who = <p class="utrecht-paragraph">{t('catalogueManage.preview.applicants', { roles: rules.applicants.map((r) => t(`catalogue.applicants.${r}`).toLowerCase()).join(', ') })}</p>;
  if (rules.apply.mode === 'external') {
    const a = rules.apply;
    return (
      <div>
        {who}
        <p class="utrecht-paragraph">{t('wizard.option.applyExternal', { organisation: organisation.name })}</p>
        <ul class="utrecht-unordered-list">
          {a.url ? <li>{t('wizard.option.applyWebsite', { organisation: organisation.name })}: <span class="utrecht-code">{a.url}</span></li> : null}
          {a.phone ? <li>{t('wizard.option.phone', { phone: a.phone })}</li> : null}
          {a.address ? <li>{t('wizard.option.address', { address: a.address })}</li> : null}
          {a.hours ? <li>{t('wizard.option.hours', { hours: a.hours })}</li> : null}
        </ul>
      </div>
    );
  }
  return (
    <div>
      {who}
      <p class="utrecht-paragraph">
        <span class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action kansrijk-preview-button">{t('applications.start.applyThis')}</span>
      </p>
    </div>
  );
}

function PreviewCard({ lang, rules, theme, organisation }: PreviewProps & { lang: Lang }) {
  const t = translator(lang);
  return (
    <article class="kansrijk-option" lang={lang} data-testid={`preview-${lang}`}>
      <p class="utrecht-paragraph">{t(`themes.${theme}`)} · {organisation.name}</p>
      <h4 class="utrecht-heading-4">{lang === 'nl' ? rules.title.nl : rules.title.en}</h4>
      <p class="utrecht-paragraph">{lang === 'nl' ? rules.description.nl : rules.description.en}</p>
      {rules.checksMunicipalFirst ? <p class="utrecht-paragraph">{t('catalogueManage.preview.municipalFirst', { organisation: organisation.name })}</p> : null}
      <ul class="utrecht-unordered-list kansrijk-option__facts">
        {previewFacts(t, lang, rules).map((f) => (
          <li key={f}>{f}</li>
        ))}
      </ul>
      <HowToApply t={t} rules={rules} organisation={organisation} />
    </article>
  );
}

/** Dutch and English in two columns of one table: side by side on a wide screen, scrollable at 320 px. */
export function PublicPreview({ t, ...props }: PreviewProps & { t: T }) {
  return (
    <div class="kansrijk-table-scroll kansrijk-preview" tabIndex={0} role="region" aria-labelledby="preview-title">
      <table class="utrecht-table">
        <caption class="kansrijk-visually-hidden">{t('catalogueManage.preview.caption')}</caption>
        <thead class="utrecht-table__header">
          <tr class="utrecht-table__row">
            <th class="utrecht-table__header-cell" scope="col">{t('catalogueManage.preview.dutch')}</th>
            <th class="utrecht-table__header-cell" scope="col">{t('catalogueManage.preview.english')}</th>
          </tr>
        </thead>
        <tbody class="utrecht-table__body">
          <tr class="utrecht-table__row">
            <td class="utrecht-table__cell">
              <PreviewCard lang="nl" {...props} />
            </td>
            <td class="utrecht-table__cell">
              <PreviewCard lang="en" {...props} />
            </td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
