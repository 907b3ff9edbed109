import type { PageContext } from '../../core/layout/Layout.tsx';
import { fieldId, type FieldErrors } from '../../core/layout/forms.tsx';
import type { T } from '../../core/i18n/index.ts';

/**
 * Small pieces shared by the applicant's pages. Provision titles exist in Dutch and English only;
 * on a page in another language the English title is marked as English (WCAG 3.1.2).
 */
export function ProvisionTitle({ ctx, title }: { ctx: PageContext; title: { nl: string; en: string } }) {
  if (ctx.lang === 'nl') return <>{title.nl}</>;
  if (ctx.lang === 'en') return <>{title.en}</>;
  return (
    <span lang="en" dir="ltr">
      {title.en}
    </span>
  );
}

/** A translation, or the fallback when the key does not exist (stored values we have no label for). */
export function labelOr(t: T, key: string, fallback: string): string {
  const text = t(key);
  return text === key ? fallback : text;
}

/** A file input laid out like the other fields: label, hint, error next to it. */
export function FileField({ errorKey, name, label, hint, accept, t, errors }: { errorKey: string; name: string; label: string; hint: string; accept: string; t: T; errors: FieldErrors }) {
  const id = fieldId(errorKey);
  const error = errors[errorKey];
  const describedBy = [`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div class={`utrecht-form-field utrecht-form-field--text${error ? ' utrecht-form-field--invalid' : ''}`}>
      <div class="utrecht-form-field__label">
        <label class="utrecht-form-label" for={id}>
          {label}
        </label>
      </div>
      <div class="utrecht-form-field__description utrecht-form-field-description" id={`${id}-hint`}>
        {hint}
      </div>
      {error ? (
        <div class="utrecht-form-field__error-message utrecht-form-field-error-message" id={`${id}-error`}>
          <span class="kansrijk-visually-hidden">{t('forms.errorPrefix')} </span>
          {t(error.key, error.vars)}
        </div>
      ) : null}
      <div class="utrecht-form-field__input">
        <input class="kansrijk-file-input" type="file" id={id} name={name} accept={accept} aria-describedby={describedBy} aria-invalid={error ? 'true' : undefined} />
      </div>
    </div>
  );
}
