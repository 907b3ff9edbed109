import type { ComponentChildren } from 'preact';
import type { T } from '../i18n/index.ts';

/** Field errors keyed by field name; each value is an i18n key (with optional variables). */
export type FieldErrors = Record<string, { key: string; vars?: Record<string, unknown> }>;

export function fieldId(name: string): string {
  return `field-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
}

/**
 * The summary at the top of an invalid form: focused on load (autofocus on the heading region),
 * each message a link to its field, as the NL Design System and GOV.UK patterns do.
 */
export function ErrorSummary({ errors, t }: { errors: FieldErrors; t: T }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div class="utrecht-alert utrecht-alert--error kansrijk-error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 class="utrecht-heading-2" id="error-summary-title">
        {t('forms.errorSummaryTitle')}
      </h2>
      <ul class="utrecht-unordered-list">
        {entries.map(([name, e]) => (
          <li key={name}>
            <a class="utrecht-link" href={`#${fieldId(name)}`}>
              {t(e.key, e.vars)}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  t: T;
  errors: FieldErrors;
  hint?: string | undefined;
  children: (aria: { id: string; describedBy: string | undefined; invalid: boolean }) => ComponentChildren;
}

function Field({ name, label, hint, t, errors, children }: FieldProps) {
  const id = fieldId(name);
  const error = errors[name];
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`utrecht-form-field utrecht-form-field--text${error ? ' utrecht-form-field--invalid' : ''}`}>
      <div class="utrecht-form-field__label">
        <label class="utrecht-form-label" for={id}>
          {label}
        </label>
      </div>
      {hint ? (
        <div class="utrecht-form-field__description utrecht-form-field-description" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <div class="utrecht-form-field__error-message utrecht-form-field-error-message" id={`${id}-error`}>
          <span class="kansrijk-visually-hidden">{t('forms.errorPrefix')} </span>
          {t(error.key, error.vars)}
        </div>
      ) : null}
      <div class="utrecht-form-field__input">{children({ id, describedBy, invalid: Boolean(error) })}</div>
    </div>
  );
}

interface TextFieldProps {
  name: string;
  label: string;
  t: T;
  errors: FieldErrors;
  value?: string | null | undefined;
  hint?: string;
  type?: 'text' | 'email' | 'password' | 'tel' | 'url' | 'date' | 'search';
  autocomplete?: string;
  inputMode?: 'numeric' | 'text' | 'email' | 'tel';
  required?: boolean;
  maxLength?: number;
  spellcheck?: boolean;
}

export function TextField(props: TextFieldProps) {
  return (
    <Field {...props}>
      {({ id, describedBy, invalid }) => (
        <input
          class={`utrecht-textbox utrecht-textbox--html-input${invalid ? ' utrecht-textbox--invalid' : ''}`}
          id={id}
          name={props.name}
          type={props.type ?? 'text'}
          value={props.type === 'password' ? '' : (props.value ?? '')}
          autoComplete={props.autocomplete}
          inputMode={props.inputMode}
          aria-describedby={describedBy}
          aria-invalid={invalid ? 'true' : undefined}
          required={props.required}
          maxLength={props.maxLength}
          spellcheck={props.spellcheck}
        />
      )}
    </Field>
  );
}

interface SelectFieldProps {
  name: string;
  label: string;
  t: T;
  errors: FieldErrors;
  value?: string | null | undefined;
  hint?: string;
  options: Array<{ value: string; label: string }>;
  emptyLabel?: string;
}

export function SelectField(props: SelectFieldProps) {
  return (
    <Field {...props}>
      {({ id, describedBy, invalid }) => (
        <select
          class={`utrecht-select utrecht-select--html-select${invalid ? ' utrecht-select--invalid' : ''}`}
          id={id}
          name={props.name}
          aria-describedby={describedBy}
          aria-invalid={invalid ? 'true' : undefined}
        >
          {props.emptyLabel !== undefined ? <option value="">{props.emptyLabel}</option> : null}
          {props.options.map((o) => (
            <option key={o.value} value={o.value} selected={o.value === props.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

interface CheckboxGroupProps {
  name: string;
  legend: string;
  t: T;
  errors: FieldErrors;
  hint?: string;
  options: Array<{ value: string; label: string; hint?: ComponentChildren; lang?: string }>;
  selected: string[];
}

export function CheckboxGroup({ name, legend, t, errors, hint, options, selected }: CheckboxGroupProps) {
  const id = fieldId(name);
  return (
    <Fieldset name={name} legend={legend} t={t} errors={errors} hint={hint}>
      <div class="kansrijk-checkbox-list">
        {options.map((o, i) => (
          <div class="utrecht-form-field utrecht-form-field--checkbox kansrijk-choice" key={o.value}>
            <input
              class="utrecht-checkbox utrecht-checkbox--html-input"
              type="checkbox"
              id={`${id}-${i}`}
              name={name}
              value={o.value}
              checked={selected.includes(o.value)}
              aria-describedby={o.hint ? `${id}-${i}-hint` : undefined}
            />
            <label class="utrecht-form-label utrecht-form-label--checkbox" for={`${id}-${i}`} lang={o.lang}>
              {o.label}
            </label>
            {o.hint ? (
              <div class="utrecht-form-field-description kansrijk-choice__hint" id={`${id}-${i}-hint`}>
                {o.hint}
              </div>
            ) : null}
          </div>
        ))}
      </div>
    </Fieldset>
  );
}

/** A fieldset with its legend, hint and error wired to it, shared by checkbox and radio groups. */
export function Fieldset({ name, legend, t, errors, hint, role, children }: { name: string; legend: string; t: T; errors: FieldErrors; hint?: string | undefined; role?: "radiogroup"; children: ComponentChildren }) {
  const id = fieldId(name);
  const error = errors[name];
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset class={`utrecht-form-fieldset${error ? ' utrecht-form-fieldset--invalid' : ''}`} aria-describedby={describedBy} id={id} tabIndex={-1} role={role}>
      <legend class="utrecht-form-fieldset__legend">{legend}</legend>
      {hint ? (
        <div class="utrecht-form-field-description" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <div class="utrecht-form-field-error-message" id={`${id}-error`}>
          <span class="kansrijk-visually-hidden">{t('forms.errorPrefix')} </span>
          {t(error.key, error.vars)}
        </div>
      ) : null}
      {children}
    </fieldset>
  );
}

export function TextAreaField(props: { name: string; label: string; t: T; errors: FieldErrors; value: string; hint?: string | undefined; maxLength: number; rows?: number }) {
  return (
    <Field {...props}>
      {({ id, describedBy, invalid }) => (
        <textarea
          class={`utrecht-textarea utrecht-textarea--html-textarea${invalid ? ' utrecht-textarea--invalid' : ''}`}
          id={id}
          name={props.name}
          rows={props.rows ?? 4}
          maxLength={props.maxLength}
          aria-describedby={describedBy}
          aria-invalid={invalid ? 'true' : undefined}
        >
          {props.value}
        </textarea>
      )}
    </Field>
  );
}

/** Key–value facts as an NL Design System data list. */
export function DataList({ items }: { items: Array<[string, ComponentChildren]> }) {
  return (
    <dl class="utrecht-data-list kansrijk-data-list">
      {items.map(([k, v]) => (
        <div class="utrecht-data-list__item" key={k}>
          <dt class="utrecht-data-list__item-key">{k}</dt>
          <dd class="utrecht-data-list__item-value">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function SubmitButton({ children, secondary }: { children: ComponentChildren; secondary?: boolean }) {
  return (
    <button type="submit" class={`utrecht-button ${secondary ? 'utrecht-button--secondary-action' : 'utrecht-button--primary-action'}`}>
      {children}
    </button>
  );
}

export function Notice({ kind, children }: { kind: 'info' | 'ok' | 'warning' | 'error'; children: ComponentChildren }) {
  return (
    <div class={`utrecht-alert utrecht-alert--${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      <div class="utrecht-alert__message">{children}</div>
    </div>
  );
}

interface RadioGroupProps {
  name: string;
  legend: string;
  t: T;
  errors: FieldErrors;
  hint?: string;
  options: Array<{ value: string; label: string; hint?: string }>;
  selected: string;
}

export function RadioGroup({ name, legend, t, errors, hint, options, selected }: RadioGroupProps) {
  const id = fieldId(name);
  return (
    <Fieldset name={name} legend={legend} t={t} errors={errors} hint={hint} role="radiogroup">
      {options.map((o, i) => (
        <div class="utrecht-form-field utrecht-form-field--radio kansrijk-choice" key={o.value}>
          <input class="utrecht-radio-button utrecht-radio-button--html-input" type="radio" id={`${id}-${i}`} name={name} value={o.value} checked={selected === o.value} aria-describedby={o.hint ? `${id}-${i}-hint` : undefined} />
          <label class="utrecht-form-label utrecht-form-label--radio" for={`${id}-${i}`}>
            {o.label}
          </label>
          {o.hint ? (
            <div class="utrecht-form-field-description kansrijk-choice__hint" id={`${id}-${i}-hint`}>
              {o.hint}
            </div>
          ) : null}
        </div>
      ))}
    </Fieldset>
  );
}

/** Carries earlier answers through a GET form without showing them. */
export function HiddenFields({ values }: { values: Array<[string, string]> }) {
  return (
    <>
      {values.map(([k, v], i) => (
        <input type="hidden" name={k} value={v} key={`${k}-${i}`} />
      ))}
    </>
  );
}
