import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { sendPage, seeOther, safeReturnPath } from '../../core/http/context.ts';
import { parseForm, str } from '../../core/http/forms.ts';
import { Layout, CsrfField, pageContext } from '../../core/layout/Layout.tsx';
import { ErrorSummary, Notice, SubmitButton, TextField, type FieldErrors } from '../../core/layout/forms.tsx';
import { verifyPassword } from '../../core/auth/passwords.ts';
import { createSession, revokeSession } from '../../core/auth/sessions.ts';
import { accountKey, checkThrottle, recordAttempt } from '../../core/auth/throttle.ts';
import { openSecret, verifyTotp } from '../../core/auth/totp.ts';
import { actorOf, recordAudit } from '../../core/audit/audit.ts';
import { findUserByEmail, findUserById, useRecoveryCode } from './data.ts';
import { clearSessionCookie, setSessionCookie } from './cookies.ts';

const LoginSchema = z.object({
  email: z.string().trim().min(1, 'auth.login.emailRequired').max(254, 'auth.login.emailInvalid').email('auth.login.emailInvalid'),
  password: z.string().min(1, 'auth.login.passwordRequired').max(1000, 'auth.login.passwordRequired'),
});

const CodeSchema = z.object({
  code: z.string().trim().min(1, 'auth.code.required').max(40, 'auth.code.invalid'),
});

const NOTICES = ['wachtwoord-gewijzigd', 'uitgelogd', 'sessie-verlopen'] as const;

function LoginPage({ request, reply, errors, values, returnTo }: { request: FastifyRequest; reply: FastifyReply; errors: FieldErrors; values: Record<string, unknown>; returnTo: string }) {
  const ctx = pageContext(request, reply);
  const { t } = ctx;
  const notice = (request.query as Record<string, string>).melding;
  return (
    <Layout ctx={ctx} title={t('auth.login.title')} hasErrors={Object.keys(errors).length > 0}>
      <h1 class="utrecht-heading-1">{t('auth.login.title')}</h1>
      {NOTICES.includes(notice as (typeof NOTICES)[number]) ? <Notice kind="ok">{t(`auth.notice.${notice}`)}</Notice> : null}
      <p class="utrecht-paragraph">{t('auth.login.intro')}</p>
      <ErrorSummary errors={errors} t={t} />
      <form method="post" action={`/inloggen?terug=${encodeURIComponent(returnTo)}`} novalidate class="kansrijk-form">
        <CsrfField token={ctx.csrfToken} />
        <TextField name="email" type="email" label={t('auth.login.email')} autocomplete="username" t={t} errors={errors} value={str(values, 'email')} spellcheck={false} />
        <TextField name="password" type="password" label={t('auth.login.password')} autocomplete="current-password" t={t} errors={errors} />
        <SubmitButton>{t('auth.login.submit')}</SubmitButton>
      </form>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/wachtwoord-vergeten">{t('auth.login.forgot')}</a>
      </p>
    </Layout>
  );
}

function CodePage({ request, reply, errors, returnTo }: { request: FastifyRequest; reply: FastifyReply; errors: FieldErrors; returnTo: string }) {
  const ctx = pageContext(request, reply);
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('auth.code.title')} hasErrors={Object.keys(errors).length > 0}>
      <h1 class="utrecht-heading-1">{t('auth.code.title')}</h1>
      <p class="utrecht-paragraph">{t('auth.code.intro')}</p>
      <ErrorSummary errors={errors} t={t} />
      <form method="post" action={`/inloggen/code?terug=${encodeURIComponent(returnTo)}`} novalidate class="kansrijk-form">
        <CsrfField token={ctx.csrfToken} />
        <TextField name="code" label={t('auth.code.label')} hint={t('auth.code.hint')} autocomplete="one-time-code" inputMode="text" t={t} errors={errors} maxLength={40} spellcheck={false} />
        <SubmitButton>{t('auth.code.submit')}</SubmitButton>
      </form>
    </Layout>
  );
}

function returnPath(request: FastifyRequest): string {
  return safeReturnPath((request.query as Record<string, unknown>).terug, '/beheer');
}

export async function loginRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;
  const { config } = app.deps;
  const limit = { rateLimit: { max: 30, timeWindow: '1 minute' } };

  app.get('/inloggen', { config: { public: true } }, async (request, reply) => {
    if (request.staff || request.professional) return seeOther(reply, returnPath(request));
    return sendPage(reply, <LoginPage request={request} reply={reply} errors={{}} values={{}} returnTo={returnPath(request)} />);
  });

  app.post('/inloggen', { config: { public: true, ...limit } }, async (request, reply) => {
    const returnTo = returnPath(request);
    const form = parseForm(LoginSchema, request.body);
    const rerender = (errors: FieldErrors, status = 400) =>
      sendPage(reply, <LoginPage request={request} reply={reply} errors={errors} values={form.ok ? { email: form.data.email } : form.values} returnTo={returnTo} />, status);
    if (!form.ok) return rerender(form.errors);

    const key = accountKey('password', form.data.email);
    const verdict = await checkThrottle(db, key, request.ip);
    if (!verdict.allowed) {
      return rerender({ email: { key: `auth.login.throttled.${verdict.reason}`, vars: { minutes: verdict.retryAfterMinutes } } }, 429);
    }
    const user = await findUserByEmail(db, form.data.email);
    const passwordOk = await verifyPassword(user?.password_hash ?? null, form.data.password);
    const allowed = user && passwordOk && user.status !== 'disabled' && !(config.isProduction && user.is_demo);
    if (!allowed) {
      await recordAttempt(db, key, request.ip, false);
      await recordAudit(db, { userId: user?.id ?? null, email: form.data.email.toLowerCase(), ip: request.ip }, { action: 'auth.login_failed', entityType: 'user', entityId: user?.id ?? null, organisationId: user?.organisation_id ?? null });
      return rerender({ email: { key: 'auth.login.invalid' } }, 401);
    }
    await recordAttempt(db, key, request.ip, true);
    if (request.sessionId) await revokeSession(db, request.sessionId);
    const stage = user.totp_enabled_at ? 'mfa' : 'enrol';
    const session = await createSession(db, user.id, stage, { ip: request.ip, userAgent: request.headers['user-agent'] });
    setSessionCookie(reply, session.token);
    return seeOther(reply, stage === 'mfa' ? `/inloggen/code?terug=${encodeURIComponent(returnTo)}` : '/inloggen/tweestapsverificatie');
  });

  app.get('/inloggen/code', { config: { public: true } }, async (request, reply) => {
    if (request.sessionStage !== 'mfa') return seeOther(reply, '/inloggen?melding=sessie-verlopen');
    return sendPage(reply, <CodePage request={request} reply={reply} errors={{}} returnTo={returnPath(request)} />);
  });

  app.post('/inloggen/code', { config: { public: true, ...limit } }, async (request, reply) => {
    if (request.sessionStage !== 'mfa' || !request.sessionUserId || !request.sessionId) return seeOther(reply, '/inloggen?melding=sessie-verlopen');
    const returnTo = returnPath(request);
    const rerender = (errors: FieldErrors, status = 400) => sendPage(reply, <CodePage request={request} reply={reply} errors={errors} returnTo={returnTo} />, status);
    const form = parseForm(CodeSchema, request.body);
    if (!form.ok) return rerender(form.errors);

    const userId = request.sessionUserId;
    const key = accountKey('mfa', userId);
    const verdict = await checkThrottle(db, key, request.ip);
    if (!verdict.allowed) return rerender({ code: { key: `auth.login.throttled.${verdict.reason}`, vars: { minutes: verdict.retryAfterMinutes } } }, 429);

    const user = await findUserById(db, userId);
    if (!user?.totp_secret || !user.totp_enabled_at) return seeOther(reply, '/inloggen?melding=sessie-verlopen');
    const code = form.data.code;
    const byTotp = verifyTotp(openSecret(user.totp_secret, config.sessionSecret), code);
    const byRecovery = !byTotp && (await useRecoveryCode(db, userId, code));
    if (!byTotp && !byRecovery) {
      await recordAttempt(db, key, request.ip, false);
      await recordAudit(db, actorOf(request), { action: 'auth.second_factor_failed', entityType: 'user', entityId: userId, organisationId: user.organisation_id });
      return rerender({ code: { key: 'auth.code.invalid' } }, 401);
    }
    await recordAttempt(db, key, request.ip, true);
    // A fresh session id after the second factor, so that a planted pre-login cookie is worthless.
    await revokeSession(db, request.sessionId);
    const session = await createSession(db, userId, 'full', { ip: request.ip, userAgent: request.headers['user-agent'] });
    await db.updateTable('users').set({ last_login_at: new Date() }).where('id', '=', userId).execute();
    await recordAudit(db, { userId, email: user.email, ip: request.ip }, {
      action: byRecovery ? 'auth.login_recovery_code' : 'auth.login',
      entityType: 'user',
      entityId: userId,
      organisationId: user.organisation_id,
    });
    setSessionCookie(reply, session.token);
    return seeOther(reply, returnTo);
  });

  app.post('/uitloggen', { config: { public: true } }, async (request, reply) => {
    if (request.sessionId) {
      await revokeSession(db, request.sessionId);
      await recordAudit(db, actorOf(request), { action: 'auth.logout', entityType: 'user', entityId: request.sessionUserId, organisationId: request.staff?.organisationId ?? null });
    }
    clearSessionCookie(reply);
    return seeOther(reply, '/inloggen?melding=uitgelogd');
  });
}
