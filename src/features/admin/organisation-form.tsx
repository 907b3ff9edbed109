import { z } from 'zod';
import { ORGANISATION_TYPES } from '../../core/db/schema.ts';
import { CsrfField, type PageContext } from '../../core/layout/Layout.tsx';
import { CheckboxGroup, SelectField, SubmitButton, TextField, type FieldErrors } from '../../core/layout/forms.tsx';
import { str } from '../../core/http/forms.ts';

// An empty optional field becomes null; a filled one must pass its own check, with its own message.
const optional = (schema: z.ZodType<string>) => z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? v : null), schema.nullable());

export const OrganisationSchema = z.object({
  type: z.enum(ORGANISATION_TYPES, { message: 'admin.org.typeRequired' }),
  name: z.string().trim().min(2, 'admin.org.nameRequired').max(200, 'admin.org.nameTooLong'),
  contact_email: optional(z.string().trim().max(254, 'admin.org.emailInvalid').email('admin.org.emailInvalid')),
  contact_phone: optional(z.string().trim().regex(/^\+?[0-9 ()-]{6,20}$/, 'admin.org.phoneInvalid')),
  website: optional(z.string().trim().max(300, 'admin.org.websiteInvalid').regex(/^https?:\/\/[^\s/$.?#].[^\s]*$/i, 'admin.org.websiteInvalid')),
  address: optional(z.string().trim().max(300, 'admin.org.addressTooLong')),
  active: z.union([z.literal('ja'), z.array(z.string())]).optional().transform((v) => v !== undefined),
});
export type OrganisationInput = z.infer<typeof OrganisationSchema>;

export function OrganisationFields({ ctx, errors, values, action, withActive }: { ctx: PageContext; errors: FieldErrors; values: Record<string, unknown>; action: string; withActive: boolean }) {
  const { t } = ctx;
  return (
    <form method="post" action={action} novalidate class="kansrijk-form">
      <CsrfField token={ctx.csrfToken} />
      <SelectField
        name="type"
        label={t('admin.org.type')}
        t={t}
        errors={errors}
        value={str(values, 'type')}
        emptyLabel={t('admin.org.chooseType')}
        options={ORGANISATION_TYPES.map((type) => ({ value: type, label: t(`organisationTypes.${type}`) }))}
      />
      <TextField name="name" label={t('admin.org.name')} t={t} errors={errors} value={str(values, 'name')} autocomplete="organization" maxLength={200} />
      <TextField name="contact_email" type="email" label={t('admin.org.email')} hint={t('admin.optional')} t={t} errors={errors} value={str(values, 'contact_email')} autocomplete="email" spellcheck={false} />
      <TextField name="contact_phone" type="tel" label={t('admin.org.phone')} hint={t('admin.optional')} t={t} errors={errors} value={str(values, 'contact_phone')} autocomplete="tel" />
      <TextField name="website" type="url" label={t('admin.org.website')} hint={t('admin.org.websiteHint')} t={t} errors={errors} value={str(values, 'website')} autocomplete="url" spellcheck={false} />
      <TextField name="address" label={t('admin.org.address')} hint={t('admin.optional')} t={t} errors={errors} value={str(values, 'address')} autocomplete="street-address" maxLength={300} />
      {withActive ? (
        <CheckboxGroup name="active" legend={t('admin.org.status')} t={t} errors={errors} options={[{ value: 'ja', label: t('admin.org.activeLabel') }]} selected={values.active === true || values.active === 'ja' ? ['ja'] : []} />
      ) : null}
      <SubmitButton>{t('common.save')}</SubmitButton>
    </form>
  );
}
