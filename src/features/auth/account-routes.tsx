import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { sendPage, seeOther } from '../../core/http/context.ts';
import { parseForm } from '../../core/http/forms.ts';
import { CsrfField, Layout, pageContext, type PageContext } from '../../core/layout/Layout.tsx';
import { DataList, ErrorSummary, Notice, SubmitButton, TextField, type FieldErrors } from '../../core/layout/forms.tsx';
import { listActiveSessions, revokeAllSessions } from '../../core/auth/sessions.ts';
import { openSecret, verifyTotp } from '../../core/auth/totp.ts';
import { actorOf, recordAudit } from '../../core/audit/audit.ts';
import { findUserById, replaceRecoveryCodes, unusedRecoveryCodeCount } from './data.ts';
import { RecoveryCodesPage } from './views.tsx';
import { formatDateTime } from '../../core/i18n/format.ts';

type SessionRow = Awaited<ReturnType<typeof listActiveSessions>>[number];

function AccountPage({ ctx, sessions, currentId, recoveryLeft, errors, notice }: { ctx: PageContext; sessions: SessionRow[]; currentId: string; recoveryLeft: number; errors: FieldErrors; notice?: string | undefined }) {
  const { t, staff } = ctx;
  return (
    <Layout ctx={ctx} title={t('account.title')} hasErrors={Object.keys(errors).length > 0}>
      <h1 class="utrecht-heading-1">{t('account.title')}</h1>
      {notice === 'overal-uitgelogd' ? <Notice kind="ok">{t('account.loggedOutElsewhere')}</Notice> : null}
      <ErrorSummary errors={errors} t={t} />
      <DataList
        items={[
          [t('account.name'), staff!.name],
          [t('account.email'), staff!.email],
          [t('account.organisation'), staff!.organisationName],
          [t('account.role'), t(`roles.${staff!.role}`)],
        ]}
      />

      <h2 class="utrecht-heading-2">{t('account.sessions')}</h2>
      <div class="kansrijk-table-scroll" tabIndex={0} role="region" aria-label={t('account.sessions')}>
        <table class="utrecht-table">
          <thead class="utrecht-table__header">
            <tr class="utrecht-table__row">
              <th class="utrecht-table__header-cell" scope="col">{t('account.sessionStarted')}</th>
              <th class="utrecht-table__header-cell" scope="col">{t('account.sessionLastSeen')}</th>
              <th class="utrecht-table__header-cell" scope="col">{t('account.sessionIp')}</th>
              <th class="utrecht-table__header-cell" scope="col">{t('account.sessionBrowser')}</th>
            </tr>
          </thead>
          <tbody class="utrecht-table__body">
            {sessions.map((s) => (
              <tr class="utrecht-table__row" key={s.id}>
                <td class="utrecht-table__cell">
                  {formatDateTime(s.created_at, ctx.lang)}
                  {s.id === currentId ? ` (${t('account.thisSession')})` : ''}
                </td>
                <td class="utrecht-table__cell">{formatDateTime(s.last_seen_at, ctx.lang)}</td>
                <td class="utrecht-table__cell">{s.ip ?? ''}</td>
                <td class="utrecht-table__cell">{(s.user_agent ?? '').slice(0, 80)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form method="post" action="/account/uitloggen-overal" class="kansrijk-form">
        <CsrfField token={ctx.csrfToken} />
        <p class="utrecht-paragraph">{t('account.logoutEverywhereHint')}</p>
        <SubmitButton secondary>{t('account.logoutEverywhere')}</SubmitButton>
      </form>

      <h2 class="utrecht-heading-2">{t('account.recoveryTitle')}</h2>
      <p class="utrecht-paragraph">{t('account.recoveryLeft', { count: recoveryLeft })}</p>
      <form method="post" action="/account/herstelcodes" novalidate class="kansrijk-form">
        <CsrfField token={ctx.csrfToken} />
        <TextField name="code" label={t('account.recoveryConfirm')} autocomplete="one-time-code" inputMode="numeric" t={t} errors={errors} maxLength={10} spellcheck={false} />
        <SubmitButton secondary>{t('account.recoveryRenew')}</SubmitButton>
      </form>
    </Layout>
  );
}

export async function accountRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;
  const { config } = app.deps;
  const cfg = { permission: 'staff.home' as const };

  async function render(request: Parameters<typeof pageContext>[0], reply: Parameters<typeof pageContext>[1], errors: FieldErrors = {}, status = 200) {
    const staff = request.staff!;
    const [sessions, recoveryLeft] = await Promise.all([listActiveSessions(db, staff.id), unusedRecoveryCodeCount(db, staff.id)]);
    const notice = (request.query as Record<string, string> | undefined)?.melding;
    return sendPage(reply, <AccountPage ctx={pageContext(request, reply)} sessions={sessions} currentId={request.sessionId!} recoveryLeft={recoveryLeft} errors={errors} notice={notice} />, status);
  }

  app.get('/account', { config: cfg }, (request, reply) => render(request, reply));

  app.post('/account/uitloggen-overal', { config: cfg }, async (request, reply) => {
    const count = await revokeAllSessions(db, request.staff!.id, request.sessionId!);
    await recordAudit(db, actorOf(request), { action: 'auth.logout_everywhere', entityType: 'user', entityId: request.staff!.id, organisationId: request.staff!.organisationId, details: { sessions: count } });
    return seeOther(reply, '/account?melding=overal-uitgelogd');
  });

  app.post('/account/herstelcodes', { config: cfg }, async (request, reply) => {
    const form = parseForm(z.object({ code: z.string().trim().min(1, 'auth.code.required').max(20, 'auth.code.invalid') }), request.body);
    if (!form.ok) return render(request, reply, form.errors, 400);
    const user = await findUserById(db, request.staff!.id);
    if (!user?.totp_secret || !verifyTotp(openSecret(user.totp_secret, config.sessionSecret), form.data.code)) {
      return render(request, reply, { code: { key: 'auth.code.invalid' } }, 400);
    }
    const codes = await replaceRecoveryCodes(db, user.id);
    await recordAudit(db, actorOf(request), { action: 'auth.recovery_codes_renewed', entityType: 'user', entityId: user.id, organisationId: user.organisation_id });
    return sendPage(reply, <RecoveryCodesPage request={request} reply={reply} codes={codes} />);
  });
}
