import { Fieldset, SelectField, TextField, type FieldErrors } from '../../core/layout/forms.tsx';
import type { PageContext } from '../../core/layout/Layout.tsx';
import type { RawValues, StepSlug } from './drafts.ts';
import { SCHOOL_LEVELS, type ChildField, type ItemField } from './fields.ts';
import { childFieldName, consentField, itemFieldName, rawString, type Chosen, type OrganisationPlan } from './steps.ts';
import { StepShell, provisionText } from './views-steps.tsx';

export interface ChildQuestionsView {
  index: number;
  /** the age the wizard was told, for the heading until a birth date is known */
  age: number | null;
  childFields: ChildField[];
  items: Array<{ chosen: Chosen; fields: ItemField[] }>;
}

const WITH_HINT = new Set(['class', 'clothing_size', 'bsn', 'club_contact', 'activity', 'fee', 'club_iban', 'cost']);

function ChildFieldInput({ ctx, raw, errors, child, field }: { ctx: PageContext; raw: RawValues; errors: FieldErrors; child: number; field: ChildField }) {
  const { t } = ctx;
  const name = childFieldName(child, field);
  const label = t(`applications.children.fields.${field}.label`);
  if (field === 'school_level') {
    return (
      <SelectField
        name={name}
        label={label}
        t={t}
        errors={errors}
        value={rawString(raw, name)}
        emptyLabel={t('applications.children.chooseLevel')}
        options={SCHOOL_LEVELS.map((l) => ({ value: l, label: t(`applications.children.schoolLevels.${l}`) }))}
      />
    );
  }
  const hint = WITH_HINT.has(field) ? t(`applications.children.fields.${field}.hint`) : undefined;
  return <TextField name={name} label={label} hint={hint} t={t} errors={errors} value={rawString(raw, name)} maxLength={field === 'bsn' ? 11 : 100} inputMode={field === 'bsn' ? 'numeric' : undefined} spellcheck={false} />;
}

function ItemFieldInputs({ ctx, raw, errors, child, provisionId, field }: { ctx: PageContext; raw: RawValues; errors: FieldErrors; child: number; provisionId: string; field: ItemField }) {
  const { t } = ctx;
  const input = (f: string, optional = false) => {
    const name = itemFieldName(child, provisionId, f);
    const label = `${t(`applications.children.fields.${f}.label`)}${optional ? ` ${t('applications.optional')}` : ''}`;
    const hint = WITH_HINT.has(f) ? t(`applications.children.fields.${f}.hint`) : undefined;
    const money = f === 'fee' || f === 'cost';
    return <TextField name={name} label={label} hint={hint} t={t} errors={errors} value={rawString(raw, name)} maxLength={money ? 12 : f === 'club_iban' ? 40 : 120} inputMode={money ? 'numeric' : undefined} spellcheck={false} key={f} />;
  };
  // The club's contact travels with its name: optional, so that the organisation can reach the club.
  return field === 'club' ? (
    <>
      {input('club')}
      {input('club_contact', true)}
    </>
  ) : (
    input(field)
  );
}

export function ChildrenStep(props: { ctx: PageContext; steps: StepSlug[]; raw: RawValues; errors: FieldErrors; children: ChildQuestionsView[]; young: boolean; back: string; toCheck: boolean }) {
  const { ctx, raw, errors, young } = props;
  const { t } = ctx;
  return (
    <StepShell ctx={ctx} slug="kinderen" steps={props.steps} title={t(young ? 'applications.steps.kinderenYoung' : 'applications.steps.kinderen')} errors={errors} back={props.back} toCheck={props.toCheck}>
      {props.children.map((child) => {
        const f = (field: string) => childFieldName(child.index, field);
        return (
          <section class="kansrijk-child" aria-labelledby={young ? undefined : `child-${child.index}`} key={child.index}>
            {young ? null : (
              <>
                <h2 class="utrecht-heading-2" id={`child-${child.index}`}>
                  {child.age === null ? t('applications.children.childHeading', { n: child.index + 1 }) : t('applications.children.childHeadingAge', { n: child.index + 1, age: child.age })}
                </h2>
                <TextField name={f('first_name')} label={t('applications.children.firstName')} t={t} errors={errors} value={rawString(raw, f('first_name'))} maxLength={100} spellcheck={false} />
                <TextField name={f('last_name')} label={t('applications.children.lastName')} t={t} errors={errors} value={rawString(raw, f('last_name'))} maxLength={100} spellcheck={false} />
              </>
            )}
            <TextField
              name={f('birth_date')}
              label={t(young ? 'applications.children.birthDateYoung' : 'applications.children.birthDate')}
              hint={t('applications.children.birthDateHint')}
              t={t}
              errors={errors}
              value={rawString(raw, f('birth_date'))}
              autocomplete={young ? 'bday' : undefined}
              inputMode="numeric"
              maxLength={10}
            />
            {child.childFields.map((field) => (
              <ChildFieldInput ctx={ctx} raw={raw} errors={errors} child={child.index} field={field} key={field} />
            ))}
            {child.items
              .filter((item) => item.fields.length > 0)
              .map((item) => {
                const title = provisionText(ctx, item.chosen.option.entry.rules.title);
                return (
                  <Fieldset name={`item-${child.index}-${item.chosen.option.entry.id}`} legend={t('applications.children.forItem', { title: title.text, organisation: item.chosen.option.entry.organisation.name })} t={t} errors={{}} key={item.chosen.option.entry.id}>
                    {item.fields.map((field) => (
                      <ItemFieldInputs ctx={ctx} raw={raw} errors={errors} child={child.index} provisionId={item.chosen.option.entry.id} field={field} key={field} />
                    ))}
                  </Fieldset>
                );
              })}
          </section>
        );
      })}
    </StepShell>
  );
}

/** The fields an organisation receives, in plain words, for the consent text and the parent's page. */
export function fieldList(ctx: PageContext, fields: readonly string[], young: boolean): string[] {
  const { t } = ctx;
  const order = ['child_name', 'birth_date', 'address', 'household', 'income', 'school', 'school_level', 'class', 'clothing_size', 'bsn', 'club', 'activity', 'fee', 'club_iban', 'cost'];
  return [t('applications.fieldNames.applicant'), ...(young ? [t('applications.fieldNames.parent')] : []), ...order.filter((f) => fields.includes(f)).map((f) => t(`applications.fieldNames.${f}`))];
}

export function ConsentStep(props: { ctx: PageContext; steps: StepSlug[]; raw: RawValues; errors: FieldErrors; plans: OrganisationPlan[]; childNames: Map<number, string>; young: boolean; parentNeeded: boolean; back: string; toCheck: boolean }) {
  const { ctx, raw, errors, plans } = props;
  const { t } = ctx;
  return (
    <StepShell
      ctx={ctx}
      slug="toestemming"
      steps={props.steps}
      title={t('applications.steps.toestemming')}
      errors={errors}
      back={props.back}
      toCheck={props.toCheck}
      intro={
        <>
          <p class="utrecht-paragraph">{t('applications.consent.intro', { count: plans.length })}</p>
          {props.parentNeeded ? <p class="utrecht-paragraph">{t('applications.consent.parentNote')}</p> : null}
        </>
      }
    >
      {plans.map((plan) => {
        const name = consentField(plan.organisation.id);
        const error = errors[name];
        const checkboxId = `field-${name}`;
        return (
          <section class="kansrijk-consent" aria-labelledby={`consent-${plan.organisation.id}`} key={plan.organisation.id}>
            <h2 class="utrecht-heading-2" id={`consent-${plan.organisation.id}`}>
              {plan.organisation.name}
            </h2>
            <h3 class="utrecht-heading-3">{t('applications.consent.what')}</h3>
            <ul class="utrecht-unordered-list">
              {plan.items.map((c) => {
                const title = provisionText(ctx, c.option.entry.rules.title);
                return (
                  <li key={`${c.child}-${c.option.entry.id}`}>
                    <span lang={title.lang}>{title.text}</span>
                    {props.childNames.get(c.child) ? ` (${props.childNames.get(c.child)})` : ''}
                  </li>
                );
              })}
            </ul>
            <h3 class="utrecht-heading-3">{t('applications.consent.fields')}</h3>
            <ul class="utrecht-unordered-list">
              {fieldList(ctx, plan.fields, props.young).map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ul>
            <h3 class="utrecht-heading-3">{t('applications.consent.who')}</h3>
            <p class="utrecht-paragraph">{t('applications.consent.whoText', { organisation: plan.organisation.name })}</p>
            <h3 class="utrecht-heading-3">{t('applications.consent.howLong')}</h3>
            <p class="utrecht-paragraph">{t('applications.consent.howLongText', { months: plan.organisation.retentionMonths ?? 24 })}</p>
            <div class={`utrecht-form-field utrecht-form-field--checkbox kansrijk-choice${error ? ' utrecht-form-field--invalid' : ''}`}>
              <input
                class="utrecht-checkbox utrecht-checkbox--html-input"
                type="checkbox"
                id={checkboxId}
                name={name}
                value="yes"
                checked={rawString(raw, name) === 'yes'}
                aria-invalid={error ? 'true' : undefined}
                aria-describedby={error ? `${checkboxId}-error` : undefined}
              />
              <label class="utrecht-form-label utrecht-form-label--checkbox" for={checkboxId}>
                {t('applications.consent.checkbox', { organisation: plan.organisation.name })}
              </label>
              {error ? (
                <div class="utrecht-form-field-error-message kansrijk-choice__hint" id={`${checkboxId}-error`}>
                  <span class="kansrijk-visually-hidden">{t('forms.errorPrefix')} </span>
                  {t(error.key, error.vars)}
                </div>
              ) : null}
            </div>
          </section>
        );
      })}
      <p class="utrecht-paragraph">{t('applications.consent.withdraw')}</p>
    </StepShell>
  );
}
