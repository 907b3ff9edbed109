import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ROLES, type Organisation } from '../../core/db/schema.ts';
import { NotFoundError } from '../../core/errors.ts';
import { sendPage, seeOther } from '../../core/http/context.ts';
import { asArray, parseForm, str } from '../../core/http/forms.ts';
import { CsrfField, Layout, pageContext } from '../../core/layout/Layout.tsx';
import { CheckboxGroup, ErrorSummary, SelectField, SubmitButton, TextField, type FieldErrors } from '../../core/layout/forms.tsx';
import { assignableRoles } from '../../core/auth/permissions.ts';
import { actorOf, recordAudit } from '../../core/audit/audit.ts';
import { sendInvite } from './invite-mail.ts';
import { emailTaken, isUniqueViolation, organisationFor, organisationMunicipalities } from './data.ts';
import { userActionRoutes } from './user-actions.tsx';

const InviteSchema = z.object({
  name: z.string().trim().min(2, 'admin.user.nameRequired').max(200, 'admin.user.nameTooLong'),
  email: z.string().trim().toLowerCase().min(1, 'admin.user.emailRequired').max(254, 'admin.user.emailInvalid').email('admin.user.emailInvalid'),
  role: z.enum(ROLES, { message: 'admin.user.roleRequired' }),
});

export async function userRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;
  const { config } = app.deps;

  const renderInvite = async (request: FastifyRequest, reply: FastifyReply, org: Organisation, errors: FieldErrors, values: Record<string, unknown>, status = 200) => {
    const ctx = pageContext(request, reply);
    const { t } = ctx;
    const roles = assignableRoles(request.staff!.role, org.type);
    const municipalities = org.type === 'municipality' ? await organisationMunicipalities(db, org.id) : [];
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('admin.user.invite')} hasErrors={Object.keys(errors).length > 0}>
        <h1 class="utrecht-heading-1">{t('admin.user.inviteTitle', { organisation: org.name })}</h1>
        <p class="utrecht-paragraph">{t('admin.user.inviteIntro')}</p>
        <ErrorSummary errors={errors} t={t} />
        <form method="post" action={`/beheer/organisaties/${org.id}/gebruikers/nieuw`} novalidate class="kansrijk-form">
          <CsrfField token={ctx.csrfToken} />
          <TextField name="name" label={t('admin.user.name')} t={t} errors={errors} value={str(values, 'name')} autocomplete="off" maxLength={200} />
          <TextField name="email" type="email" label={t('admin.user.email')} t={t} errors={errors} value={str(values, 'email')} autocomplete="off" spellcheck={false} />
          <SelectField name="role" label={t('admin.user.role')} t={t} errors={errors} value={str(values, 'role')} emptyLabel={t('admin.user.chooseRole')} options={roles.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
          {municipalities.length > 0 ? (
            <CheckboxGroup
              name="gemeente"
              legend={t('admin.user.municipalities')}
              hint={t('admin.user.municipalitiesHint')}
              t={t}
              errors={errors}
              options={municipalities.map((m) => ({ value: m.code, label: m.common_name }))}
              selected={asArray(values.gemeente)}
            />
          ) : null}
          <SubmitButton>{t('admin.user.sendInvite')}</SubmitButton>
        </form>
      </Layout>,
      status,
    );
  };

  app.get<{ Params: { orgId: string } }>('/beheer/organisaties/:orgId/gebruikers/nieuw', { config: { permission: 'org.users.manage' } }, async (request, reply) => {
    const org = await organisationFor(db, request.staff!, request.params.orgId);
    if (!org) throw new NotFoundError();
    return renderInvite(request, reply, org, {}, {});
  });

  app.post<{ Params: { orgId: string } }>('/beheer/organisaties/:orgId/gebruikers/nieuw', { config: { permission: 'org.users.manage' } }, async (request, reply) => {
    const actor = request.staff!;
    const org = await organisationFor(db, actor, request.params.orgId);
    if (!org) throw new NotFoundError();
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = parseForm(InviteSchema, body);
    const errors: FieldErrors = form.ok ? {} : { ...form.errors };
    if (form.ok && !assignableRoles(actor.role, org.type).includes(form.data.role)) errors.role = { key: 'admin.user.roleNotAllowed' };
    if (form.ok && (await emailTaken(db, form.data.email))) errors.email = { key: 'admin.user.emailTaken' };
    const covered = new Set((await organisationMunicipalities(db, org.id)).map((m) => m.code));
    const chosen = asArray(body.gemeente).filter((c) => covered.has(c));
    if (form.ok && form.data.role === 'municipality_officer' && chosen.length === 0) errors.gemeente = { key: 'admin.user.municipalityRequired' };
    if (!form.ok || Object.keys(errors).length > 0) return renderInvite(request, reply, org, errors, body, 400);
    const data = form.data;
    try {
      await db.transaction().execute(async (trx) => {
        const user = await trx
          .insertInto('users')
          .values({ name: data.name, email: data.email, role: data.role, organisation_id: org.id, status: 'invited' })
          .returning(['id', 'name', 'email', 'role'])
          .executeTakeFirstOrThrow();
        if (data.role === 'municipality_officer') {
          await trx.insertInto('user_municipalities').values(chosen.map((code) => ({ user_id: user.id, municipality_code: code }))).execute();
        }
        await sendInvite(trx, request, { ...user, role: data.role }, org, config.publicUrl);
        await recordAudit(trx, actorOf(request), { action: 'user.invited', entityType: 'user', entityId: user.id, organisationId: org.id, details: { role: data.role, email: data.email } });
      });
    } catch (error) {
      if (isUniqueViolation(error)) return renderInvite(request, reply, org, { email: { key: 'admin.user.emailTaken' } }, body, 400);
      throw error;
    }
    return seeOther(reply, `/beheer/organisaties/${org.id}?melding=uitgenodigd`);
  });

  await userActionRoutes(app);
}
