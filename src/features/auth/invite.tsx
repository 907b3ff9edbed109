import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { sendPage, seeOther } from '../../core/http/context.ts';
import { parseForm } from '../../core/http/forms.ts';
import { CsrfField, Layout, pageContext } from '../../core/layout/Layout.tsx';
import { ErrorSummary, SubmitButton, TextField, type FieldErrors } from '../../core/layout/forms.tsx';
import { hashPassword, PASSWORD_MIN_LENGTH } from '../../core/auth/passwords.ts';
import { createSession, revokeSession } from '../../core/auth/sessions.ts';
import { newTotpSecret, openSecret, sealSecret, totpQrSvg, totpUri, verifyTotp } from '../../core/auth/totp.ts';
import { accountKey, checkThrottle, recordAttempt } from '../../core/auth/throttle.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import { consumeToken, findUserById, peekToken, replaceRecoveryCodes } from './data.ts';
import { NewPasswordSchema, newPasswordErrors } from './password-form.ts';
import { setSessionCookie } from './cookies.ts';
import { RecoveryCodesPage } from './views.tsx';

function SetPasswordPage({ request, reply, errors, action, titleKey }: { request: FastifyRequest; reply: FastifyReply; errors: FieldErrors; action: string; titleKey: string }) {
  const ctx = pageContext(request, reply);
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t(titleKey)} hasErrors={Object.keys(errors).length > 0}>
      <h1 class="utrecht-heading-1">{t(titleKey)}</h1>
      <ErrorSummary errors={errors} t={t} />
      <form method="post" action={action} novalidate class="kansrijk-form">
        <CsrfField token={ctx.csrfToken} />
        <TextField name="password" type="password" label={t('auth.password.new')} hint={t('auth.password.hint', { min: PASSWORD_MIN_LENGTH })} autocomplete="new-password" t={t} errors={errors} />
        <TextField name="confirm" type="password" label={t('auth.password.confirm')} autocomplete="new-password" t={t} errors={errors} />
        <SubmitButton>{t('auth.password.submit')}</SubmitButton>
      </form>
    </Layout>
  );
}

export function TokenExpiredPage({ request, reply, bodyKey }: { request: FastifyRequest; reply: FastifyReply; bodyKey: string }) {
  const ctx = pageContext(request, reply);
  return (
    <Layout ctx={ctx} title={ctx.t('auth.token.expiredTitle')}>
      <h1 class="utrecht-heading-1">{ctx.t('auth.token.expiredTitle')}</h1>
      <p class="utrecht-paragraph">{ctx.t(bodyKey)}</p>
    </Layout>
  );
}

function EnrolPage({ request, reply, errors, qrSvg, secret }: { request: FastifyRequest; reply: FastifyReply; errors: FieldErrors; qrSvg: string; secret: string }) {
  const ctx = pageContext(request, reply);
  const { t } = ctx;
  const qrSrc = `data:image/svg+xml;base64,${Buffer.from(qrSvg).toString('base64')}`;
  return (
    <Layout ctx={ctx} title={t('auth.enrol.title')} hasErrors={Object.keys(errors).length > 0}>
      <h1 class="utrecht-heading-1">{t('auth.enrol.title')}</h1>
      <p class="utrecht-paragraph">{t('auth.enrol.intro')}</p>
      <ErrorSummary errors={errors} t={t} />
      <ol class="utrecht-ordered-list">
        <li class="utrecht-ordered-list__item">{t('auth.enrol.step1')}</li>
        <li class="utrecht-ordered-list__item">
          {t('auth.enrol.step2')}
          <div class="kansrijk-qr">
            <img src={qrSrc} width={220} height={220} alt={t('auth.enrol.qrAlt')} />
          </div>
          <p class="utrecht-paragraph">
            {t('auth.enrol.manual')} <code class="utrecht-code kansrijk-secret" data-testid="totp-secret">{secret.replace(/(.{4})/g, '$1 ').trim()}</code>
          </p>
        </li>
        <li class="utrecht-ordered-list__item">{t('auth.enrol.step3')}</li>
      </ol>
      <form method="post" action="/inloggen/tweestapsverificatie" novalidate class="kansrijk-form">
        <CsrfField token={ctx.csrfToken} />
        <TextField name="code" label={t('auth.enrol.codeLabel')} autocomplete="one-time-code" inputMode="numeric" t={t} errors={errors} maxLength={10} spellcheck={false} />
        <SubmitButton>{t('auth.enrol.submit')}</SubmitButton>
      </form>
    </Layout>
  );
}

export async function inviteRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;
  const { config } = app.deps;
  const limit = { rateLimit: { max: 30, timeWindow: '1 minute' } };

  app.get<{ Params: { token: string } }>('/uitnodiging/:token', { config: { public: true, ...limit } }, async (request, reply) => {
    const userId = await peekToken(db, request.params.token, 'invite');
    if (!userId) return sendPage(reply, <TokenExpiredPage request={request} reply={reply} bodyKey="auth.token.inviteExpired" />, 410);
    return sendPage(reply, <SetPasswordPage request={request} reply={reply} errors={{}} action={`/uitnodiging/${request.params.token}`} titleKey="auth.invite.title" />);
  });

  app.post<{ Params: { token: string } }>('/uitnodiging/:token', { config: { public: true, ...limit } }, async (request, reply) => {
    const { token } = request.params;
    const userId = await peekToken(db, token, 'invite');
    const user = userId ? await findUserById(db, userId) : undefined;
    if (!user || user.status === 'disabled') return sendPage(reply, <TokenExpiredPage request={request} reply={reply} bodyKey="auth.token.inviteExpired" />, 410);
    const form = parseForm(NewPasswordSchema, request.body);
    const errors = form.ok ? newPasswordErrors(form.data.password, form.data.confirm, user.email) : form.errors;
    if (!form.ok || Object.keys(errors).length > 0) {
      return sendPage(reply, <SetPasswordPage request={request} reply={reply} errors={errors} action={`/uitnodiging/${token}`} titleKey="auth.invite.title" />, 400);
    }
    if (!(await consumeToken(db, token, 'invite'))) return sendPage(reply, <TokenExpiredPage request={request} reply={reply} bodyKey="auth.token.inviteExpired" />, 410);
    await db.updateTable('users').set({ password_hash: await hashPassword(form.data.password), updated_at: new Date() }).where('id', '=', user.id).execute();
    // A professional's registration link is also the proof that the work address is theirs.
    if (user.role === 'professional') await db.updateTable('professionals').set({ email_verified_at: new Date() }).where('user_id', '=', user.id).where('email_verified_at', 'is', null).execute();
    await recordAudit(db, { userId: user.id, email: user.email, ip: request.ip }, { action: 'auth.invite_accepted', entityType: 'user', entityId: user.id, organisationId: user.organisation_id });
    if (request.sessionId) await revokeSession(db, request.sessionId);
    const session = await createSession(db, user.id, 'enrol', { ip: request.ip, userAgent: request.headers['user-agent'] });
    setSessionCookie(reply, session.token);
    return seeOther(reply, '/inloggen/tweestapsverificatie');
  });

  /** Enrolment of the second factor: the pending secret is kept sealed on the user until confirmed. */
  async function pendingSecret(userId: string): Promise<{ secret: string; email: string } | null> {
    const user = await findUserById(db, userId);
    if (!user || user.totp_enabled_at) return null;
    if (user.totp_secret) return { secret: openSecret(user.totp_secret, config.sessionSecret), email: user.email };
    const secret = newTotpSecret();
    await db.updateTable('users').set({ totp_secret: sealSecret(secret, config.sessionSecret) }).where('id', '=', userId).execute();
    return { secret, email: user.email };
  }

  app.get('/inloggen/tweestapsverificatie', { config: { public: true } }, async (request, reply) => {
    if (request.sessionStage !== 'enrol' || !request.sessionUserId) return seeOther(reply, '/inloggen?melding=sessie-verlopen');
    const pending = await pendingSecret(request.sessionUserId);
    if (!pending) return seeOther(reply, '/inloggen');
    const qr = await totpQrSvg(totpUri(pending.secret, pending.email));
    return sendPage(reply, <EnrolPage request={request} reply={reply} errors={{}} qrSvg={qr} secret={pending.secret} />);
  });

  app.post('/inloggen/tweestapsverificatie', { config: { public: true, ...limit } }, async (request, reply) => {
    if (request.sessionStage !== 'enrol' || !request.sessionUserId || !request.sessionId) return seeOther(reply, '/inloggen?melding=sessie-verlopen');
    const userId = request.sessionUserId;
    const pending = await pendingSecret(userId);
    if (!pending) return seeOther(reply, '/inloggen');
    const form = parseForm(z.object({ code: z.string().trim().min(1, 'auth.code.required').max(20, 'auth.code.invalid') }), request.body);
    const key = accountKey('mfa', userId);
    const verdict = await checkThrottle(db, key, request.ip);
    let errors: FieldErrors = form.ok ? {} : form.errors;
    if (!verdict.allowed) errors = { code: { key: `auth.login.throttled.${verdict.reason}`, vars: { minutes: verdict.retryAfterMinutes } } };
    else if (form.ok && !verifyTotp(pending.secret, form.data.code)) {
      await recordAttempt(db, key, request.ip, false);
      errors = { code: { key: 'auth.enrol.invalid' } };
    }
    if (Object.keys(errors).length > 0) {
      const qr = await totpQrSvg(totpUri(pending.secret, pending.email));
      return sendPage(reply, <EnrolPage request={request} reply={reply} errors={errors} qrSvg={qr} secret={pending.secret} />, 400);
    }
    await recordAttempt(db, key, request.ip, true);
    const user = await db
      .updateTable('users')
      .set({ totp_enabled_at: new Date(), status: 'active', last_login_at: new Date(), updated_at: new Date() })
      .where('id', '=', userId)
      .returning(['email', 'organisation_id'])
      .executeTakeFirstOrThrow();
    const codes = await replaceRecoveryCodes(db, userId);
    await recordAudit(db, { userId, email: user.email, ip: request.ip }, { action: 'auth.second_factor_enrolled', entityType: 'user', entityId: userId, organisationId: user.organisation_id });
    await revokeSession(db, request.sessionId);
    const session = await createSession(db, userId, 'full', { ip: request.ip, userAgent: request.headers['user-agent'] });
    setSessionCookie(reply, session.token);
    // Shown once, in the response to the POST: the codes are stored only as hashes.
    return sendPage(reply, <RecoveryCodesPage request={request} reply={reply} codes={codes} />);
  });
}
