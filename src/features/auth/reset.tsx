import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { sendPage, seeOther } from '../../core/http/context.ts';
import { parseForm, str } from '../../core/http/forms.ts';
import { CsrfField, Layout, pageContext } from '../../core/layout/Layout.tsx';
import { ErrorSummary, Notice, SubmitButton, TextField, type FieldErrors } from '../../core/layout/forms.tsx';
import { hashPassword, PASSWORD_MIN_LENGTH } from '../../core/auth/passwords.ts';
import { revokeAllSessions } from '../../core/auth/sessions.ts';
import { accountKey, checkThrottle, recordAttempt } from '../../core/auth/throttle.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import { queueMail } from '../../core/mail/mailer.ts';
import { consumeToken, findUserByEmail, findUserById, issueToken, peekToken } from './data.ts';
import { NewPasswordSchema, newPasswordErrors } from './password-form.ts';
import { TokenExpiredPage } from './invite.tsx';

const ForgotSchema = z.object({
  email: z.string().trim().min(1, 'auth.login.emailRequired').max(254, 'auth.login.emailInvalid').email('auth.login.emailInvalid'),
});

function ForgotPage({ request, reply, errors, values, sent }: { request: FastifyRequest; reply: FastifyReply; errors: FieldErrors; values: Record<string, unknown>; sent: boolean }) {
  const ctx = pageContext(request, reply);
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('auth.forgot.title')} hasErrors={Object.keys(errors).length > 0}>
      <h1 class="utrecht-heading-1">{t('auth.forgot.title')}</h1>
      {sent ? <Notice kind="ok">{t('auth.forgot.sent')}</Notice> : <p class="utrecht-paragraph">{t('auth.forgot.intro')}</p>}
      <ErrorSummary errors={errors} t={t} />
      <form method="post" action="/wachtwoord-vergeten" novalidate class="kansrijk-form">
        <CsrfField token={ctx.csrfToken} />
        <TextField name="email" type="email" label={t('auth.login.email')} autocomplete="username" t={t} errors={errors} value={str(values, 'email')} spellcheck={false} />
        <SubmitButton>{t('auth.forgot.submit')}</SubmitButton>
      </form>
    </Layout>
  );
}

function ResetPage({ request, reply, errors, token }: { request: FastifyRequest; reply: FastifyReply; errors: FieldErrors; token: string }) {
  const ctx = pageContext(request, reply);
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('auth.reset.title')} hasErrors={Object.keys(errors).length > 0}>
      <h1 class="utrecht-heading-1">{t('auth.reset.title')}</h1>
      <ErrorSummary errors={errors} t={t} />
      <form method="post" action={`/wachtwoord-herstellen/${token}`} novalidate class="kansrijk-form">
        <CsrfField token={ctx.csrfToken} />
        <TextField name="password" type="password" label={t('auth.password.new')} hint={t('auth.password.hint', { min: PASSWORD_MIN_LENGTH })} autocomplete="new-password" t={t} errors={errors} />
        <TextField name="confirm" type="password" label={t('auth.password.confirm')} autocomplete="new-password" t={t} errors={errors} />
        <SubmitButton>{t('auth.password.submit')}</SubmitButton>
      </form>
    </Layout>
  );
}

export async function resetRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;
  const { config } = app.deps;
  const limit = { rateLimit: { max: 20, timeWindow: '1 minute' } };

  app.get('/wachtwoord-vergeten', { config: { public: true } }, async (request, reply) =>
    sendPage(reply, <ForgotPage request={request} reply={reply} errors={{}} values={{}} sent={(request.query as Record<string, string>).verstuurd === '1'} />),
  );

  app.post('/wachtwoord-vergeten', { config: { public: true, ...limit } }, async (request, reply) => {
    const form = parseForm(ForgotSchema, request.body);
    if (!form.ok) return sendPage(reply, <ForgotPage request={request} reply={reply} errors={form.errors} values={form.values} sent={false} />, 400);
    const key = accountKey('reset', form.data.email);
    const verdict = await checkThrottle(db, key, request.ip);
    if (!verdict.allowed) {
      return sendPage(reply, <ForgotPage request={request} reply={reply} errors={{ email: { key: `auth.login.throttled.${verdict.reason}`, vars: { minutes: verdict.retryAfterMinutes } } }} values={form.data} sent={false} />, 429);
    }
    // Counted as an attempt either way, so that the mail link cannot be used to flood someone's inbox.
    await recordAttempt(db, key, request.ip, false);
    const user = await findUserByEmail(db, form.data.email);
    if (user && user.status === 'active' && !(config.isProduction && user.is_demo)) {
      const t = request.t;
      await db.transaction().execute(async (trx) => {
        const token = await issueToken(trx, user.id, 'password_reset');
        const link = `${config.publicUrl}/wachtwoord-herstellen/${token}`;
        await queueMail(trx, { to: user.email, subject: t('mail.reset.subject'), text: t('mail.reset.body', { name: user.name, link, minutes: 30 }) });
        await recordAudit(trx, { userId: user.id, email: user.email, ip: request.ip }, { action: 'auth.password_reset_requested', entityType: 'user', entityId: user.id, organisationId: user.organisation_id });
      });
    }
    // The same answer whether or not the address is known: no account discovery.
    return seeOther(reply, '/wachtwoord-vergeten?verstuurd=1');
  });

  app.get<{ Params: { token: string } }>('/wachtwoord-herstellen/:token', { config: { public: true, ...limit } }, async (request, reply) => {
    if (!(await peekToken(db, request.params.token, 'password_reset'))) return sendPage(reply, <TokenExpiredPage request={request} reply={reply} bodyKey="auth.token.resetExpired" />, 410);
    return sendPage(reply, <ResetPage request={request} reply={reply} errors={{}} token={request.params.token} />);
  });

  app.post<{ Params: { token: string } }>('/wachtwoord-herstellen/:token', { config: { public: true, ...limit } }, async (request, reply) => {
    const { token } = request.params;
    const userId = await peekToken(db, token, 'password_reset');
    const user = userId ? await findUserById(db, userId) : undefined;
    if (!user) return sendPage(reply, <TokenExpiredPage request={request} reply={reply} bodyKey="auth.token.resetExpired" />, 410);
    const form = parseForm(NewPasswordSchema, request.body);
    const errors = form.ok ? newPasswordErrors(form.data.password, form.data.confirm, user.email) : form.errors;
    if (!form.ok || Object.keys(errors).length > 0) return sendPage(reply, <ResetPage request={request} reply={reply} errors={errors} token={token} />, 400);
    if (!(await consumeToken(db, token, 'password_reset'))) return sendPage(reply, <TokenExpiredPage request={request} reply={reply} bodyKey="auth.token.resetExpired" />, 410);
    const hash = await hashPassword(form.data.password);
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set({ password_hash: hash, updated_at: new Date() }).where('id', '=', user.id).execute();
      await revokeAllSessions(trx, user.id);
      await recordAudit(trx, { userId: user.id, email: user.email, ip: request.ip }, { action: 'auth.password_reset', entityType: 'user', entityId: user.id, organisationId: user.organisation_id });
    });
    return seeOther(reply, '/inloggen?melding=wachtwoord-gewijzigd');
  });
}
