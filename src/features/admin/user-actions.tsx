import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ROLES } from '../../core/db/schema.ts';
import { NotFoundError } from '../../core/errors.ts';
import { sendPage, seeOther } from '../../core/http/context.ts';
import { asArray, parseForm, str } from '../../core/http/forms.ts';
import { CsrfField, Layout, pageContext } from '../../core/layout/Layout.tsx';
import { CheckboxGroup, DataList, ErrorSummary, Notice, SelectField, SubmitButton, type FieldErrors } from '../../core/layout/forms.tsx';
import { assignableRoles } from '../../core/auth/permissions.ts';
import { revokeAllSessions } from '../../core/auth/sessions.ts';
import { actorOf, recordAudit } from '../../core/audit/audit.ts';
import { formatDateTime } from '../../core/i18n/format.ts';
import { organisationMunicipalities, userFor, userMunicipalityCodes } from './data.ts';
import { sendInvite } from './invite-mail.ts';

type Target = NonNullable<Awaited<ReturnType<typeof userFor>>>;
const NOTICES = ['rol', 'geblokkeerd', 'gedeblokkeerd', 'uitnodiging', 'tweestap'];

export async function userActionRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;
  const { config } = app.deps;
  const cfg = { permission: 'org.users.manage' as const };

  async function load(request: FastifyRequest<{ Params: { userId: string } }>): Promise<Target> {
    const user = await userFor(db, request.staff!, request.params.userId);
    if (!user) throw new NotFoundError();
    return user;
  }

  async function render(request: FastifyRequest, reply: FastifyReply, user: Target, errors: FieldErrors = {}, status = 200, values?: Record<string, unknown>) {
    const ctx = pageContext(request, reply);
    const { t } = ctx;
    const municipalities = await userMunicipalityCodes(db, user.id);
    const covered = user.organisation_type === 'municipality' ? await organisationMunicipalities(db, user.organisation_id) : [];
    const names = new Map(covered.map((m) => [m.code, m.common_name]));
    const roles = assignableRoles(request.staff!.role, user.organisation_type);
    const notice = (request.query as Record<string, string>).melding;
    const self = user.id === request.staff!.id;
    const facts: Array<[string, string]> = [
      [t('admin.user.email'), user.email],
      [t('account.organisation'), user.organisation_name],
      [t('admin.user.role'), t(`roles.${user.role}`)],
      [t('admin.user.status'), t(`admin.user.statuses.${user.status}`)],
      [t('admin.user.secondFactor'), user.totp_enabled_at ? t('admin.user.secondFactorOn') : t('admin.user.secondFactorOff')],
      [t('admin.user.lastLogin'), user.last_login_at ? formatDateTime(user.last_login_at, ctx.lang) : '–'],
    ];
    if (municipalities.length > 0) facts.push([t('admin.user.municipalities'), municipalities.map((c) => (names.has(c) ? `${names.get(c)} (${c})` : c)).join(', ')]);
    const action = (path: string, label: string, secondary = true) => (
      <form method="post" action={`/beheer/gebruikers/${user.id}/${path}`} class="kansrijk-inline-form">
        <CsrfField token={ctx.csrfToken} />
        <SubmitButton secondary={secondary}>{label}</SubmitButton>
      </form>
    );
    return sendPage(
      reply,
      <Layout ctx={ctx} title={user.name} hasErrors={Object.keys(errors).length > 0}>
        <h1 class="utrecht-heading-1">{user.name}</h1>
        {notice && NOTICES.includes(notice) ? <Notice kind="ok">{t(`admin.user.notice.${notice}`)}</Notice> : null}
        <ErrorSummary errors={errors} t={t} />
        <DataList items={facts} />
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={`/beheer/organisaties/${user.organisation_id}`}>{t('admin.user.backToOrganisation')}</a>
        </p>
        {self ? <Notice kind="info">{t('admin.user.selfNote')}</Notice> : null}
        {!self && roles.length > 0 ? (
          <>
            <h2 class="utrecht-heading-2">{t('admin.user.changeRole')}</h2>
            <form method="post" action={`/beheer/gebruikers/${user.id}/rol`} novalidate class="kansrijk-form">
              <CsrfField token={ctx.csrfToken} />
              <SelectField name="role" label={t('admin.user.role')} t={t} errors={errors} value={values ? str(values, 'role') : user.role} options={roles.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
              {covered.length > 0 ? (
                <CheckboxGroup
                  name="gemeente"
                  legend={t('admin.user.municipalities')}
                  hint={t('admin.user.municipalitiesRoleHint')}
                  t={t}
                  errors={errors}
                  options={covered.map((m) => ({ value: m.code, label: m.common_name }))}
                  selected={values ? asArray(values.gemeente) : municipalities}
                />
              ) : null}
              <SubmitButton>{t('admin.user.saveRole')}</SubmitButton>
            </form>
          </>
        ) : null}
        {!self ? (
          <>
            <h2 class="utrecht-heading-2">{t('admin.user.accessTitle')}</h2>
            <div class="kansrijk-actions">
              {user.status === 'disabled' ? action('deblokkeren', t('admin.user.unblock')) : action('blokkeren', t('admin.user.block'))}
              {user.status === 'invited' ? action('uitnodiging-opnieuw', t('admin.user.reinvite')) : null}
              {user.totp_enabled_at ? action('tweestapsverificatie-resetten', t('admin.user.resetSecondFactor')) : null}
            </div>
          </>
        ) : null}
      </Layout>,
      status,
    );
  }

  app.get<{ Params: { userId: string } }>('/beheer/gebruikers/:userId', { config: cfg }, async (request, reply) => render(request, reply, await load(request)));

  app.post<{ Params: { userId: string } }>('/beheer/gebruikers/:userId/rol', { config: cfg }, async (request, reply) => {
    const user = await load(request);
    const form = parseForm(z.object({ role: z.enum(ROLES, { message: 'admin.user.roleRequired' }) }), request.body);
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (!form.ok) return render(request, reply, user, form.errors, 400, body);
    if (user.id === request.staff!.id) return render(request, reply, user, { role: { key: 'admin.user.notSelf' } }, 400, body);
    if (!assignableRoles(request.staff!.role, user.organisation_type).includes(form.data.role)) return render(request, reply, user, { role: { key: 'admin.user.roleNotAllowed' } }, 400, body);
    // A municipal policy officer sees figures of chosen municipalities, only among those their organisation covers.
    const covered = new Set((await organisationMunicipalities(db, user.organisation_id)).map((m) => m.code));
    const chosen = form.data.role === 'municipality_officer' ? asArray(body.gemeente).filter((c) => covered.has(c)) : [];
    if (form.data.role === 'municipality_officer' && chosen.length === 0) return render(request, reply, user, { gemeente: { key: 'admin.user.municipalityRequired' } }, 400, body);
    const before = await userMunicipalityCodes(db, user.id);
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set({ role: form.data.role, updated_at: new Date() }).where('id', '=', user.id).execute();
      await trx.deleteFrom('user_municipalities').where('user_id', '=', user.id).execute();
      if (chosen.length > 0) await trx.insertInto('user_municipalities').values(chosen.map((code) => ({ user_id: user.id, municipality_code: code }))).execute();
      // New rights take effect at once: existing sessions end so nothing runs on the old role.
      await revokeAllSessions(trx, user.id);
      await recordAudit(trx, actorOf(request), { action: 'user.role_changed', entityType: 'user', entityId: user.id, organisationId: user.organisation_id, details: { from: user.role, to: form.data.role, municipalitiesBefore: before, municipalities: chosen } });
    });
    return seeOther(reply, `/beheer/gebruikers/${user.id}?melding=rol`);
  });

  const statusChange = (path: string, status: 'disabled' | 'active', notice: string, action: string) =>
    app.post<{ Params: { userId: string } }>(`/beheer/gebruikers/:userId/${path}`, { config: cfg }, async (request, reply) => {
      const user = await load(request);
      if (user.id === request.staff!.id) return render(request, reply, user, { _form: { key: 'admin.user.notSelf' } }, 400);
      // Re-enabling someone who never finished the invitation keeps them invited.
      const next = status === 'active' && !user.totp_enabled_at ? 'invited' : status;
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('users').set({ status: next, updated_at: new Date() }).where('id', '=', user.id).execute();
        if (status === 'disabled') await revokeAllSessions(trx, user.id);
        await recordAudit(trx, actorOf(request), { action, entityType: 'user', entityId: user.id, organisationId: user.organisation_id });
      });
      return seeOther(reply, `/beheer/gebruikers/${user.id}?melding=${notice}`);
    });
  statusChange('blokkeren', 'disabled', 'geblokkeerd', 'user.disabled');
  statusChange('deblokkeren', 'active', 'gedeblokkeerd', 'user.enabled');

  app.post<{ Params: { userId: string } }>('/beheer/gebruikers/:userId/uitnodiging-opnieuw', { config: cfg }, async (request, reply) => {
    const user = await load(request);
    if (user.status !== 'invited') return render(request, reply, user, { _form: { key: 'admin.user.notInvited' } }, 400);
    await db.transaction().execute(async (trx) => {
      await sendInvite(trx, request, user, { name: user.organisation_name }, config.publicUrl);
      await recordAudit(trx, actorOf(request), { action: 'user.reinvited', entityType: 'user', entityId: user.id, organisationId: user.organisation_id });
    });
    return seeOther(reply, `/beheer/gebruikers/${user.id}?melding=uitnodiging`);
  });

  app.post<{ Params: { userId: string } }>('/beheer/gebruikers/:userId/tweestapsverificatie-resetten', { config: cfg }, async (request, reply) => {
    const user = await load(request);
    if (user.id === request.staff!.id) return render(request, reply, user, { _form: { key: 'admin.user.notSelf' } }, 400);
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set({ totp_secret: null, totp_enabled_at: null, updated_at: new Date() }).where('id', '=', user.id).execute();
      await trx.deleteFrom('recovery_codes').where('user_id', '=', user.id).execute();
      await revokeAllSessions(trx, user.id);
      await recordAudit(trx, actorOf(request), { action: 'user.second_factor_reset', entityType: 'user', entityId: user.id, organisationId: user.organisation_id });
    });
    return seeOther(reply, `/beheer/gebruikers/${user.id}?melding=tweestap`);
  });
}
