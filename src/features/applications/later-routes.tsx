import type { FastifyInstance } from 'fastify';
import { sendPage, seeOther } from '../../core/http/context.ts';
import { pageContext } from '../../core/layout/Layout.tsx';
import type { FieldErrors } from '../../core/layout/forms.tsx';
import { allowAttempt } from '../../core/http/public-throttle.ts';
import { queueMail } from '../../core/mail/mailer.ts';
import { DRAFT_DAYS, loadDraft, loadDraftByToken, rememberDraft, saveDraft } from './drafts.ts';
import { parseChoice, rawString, stepsFor } from './steps.ts';
import { resumeMail } from './mails.ts';
import { ExpiredPage, LaterPage } from './views-check.tsx';
import { stepPath } from './views-steps.tsx';
import { todayInAmsterdam } from '../wizard/today.ts';
import { isEmail } from '../../core/validation/email.ts';

const HOUR = 3_600_000;

/**
 * "Continue later": the draft stays on the server for 30 days; a mailed link brings the family
 * back to where they were, on any device. The link carries the draft's own random token.
 */
export async function laterRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;
  const { config } = app.deps;
  const cfg = { config: { public: true } };

  app.get('/aanvragen/later', cfg, async (request, reply) => {
    const draft = await loadDraft(db, request);
    if (!draft || draft.applicationId) return sendPage(reply, <ExpiredPage ctx={pageContext(request, reply)} />, 410);
    const sent = (request.query as Record<string, unknown>).verstuurd === '1';
    const email = draft.email ?? rawString(draft.data.applicant, 'email', 254);
    return sendPage(reply, <LaterPage ctx={pageContext(request, reply)} email={email} errors={{}} sent={sent} />);
  });

  app.post('/aanvragen/later', { config: { public: true, rateLimit: { max: 20, timeWindow: '1 minute' } } }, async (request, reply) => {
    const draft = await loadDraft(db, request);
    if (!draft || draft.applicationId) return sendPage(reply, <ExpiredPage ctx={pageContext(request, reply)} />, 410);
    const email = rawString((request.body ?? {}) as Record<string, string>, 'email', 300).toLowerCase();
    const rerender = (errors: FieldErrors, status: number) => sendPage(reply, <LaterPage ctx={pageContext(request, reply)} email={email} errors={errors} sent={false} />, status);
    if (!email) return rerender({ email: { key: 'applications.errors.emailRequired' } }, 400);
    if (email.length > 254 || !isEmail(email)) return rerender({ email: { key: 'applications.errors.emailInvalid' } }, 400);
    const allowed = await allowAttempt(db, [
      { kind: 'resume-mail', key: email, max: 5, windowMs: HOUR },
      { kind: 'resume-ip', key: request.ip, max: 30, windowMs: HOUR },
    ]);
    if (!allowed) return rerender({ email: { key: 'applications.later.throttled' } }, 429);
    draft.email = email;
    await db.transaction().execute(async (trx) => {
      await saveDraft(trx, draft);
      await queueMail(trx, resumeMail({ to: email, lang: request.lang, url: `${config.publicUrl}/concept/${draft.token}`, days: DRAFT_DAYS }));
    });
    return seeOther(reply, '/aanvragen/later?verstuurd=1');
  });

  // The mailed link: this browser takes the draft over and goes on where the family left off.
  app.get<{ Params: { token: string } }>('/concept/:token', { config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } } }, async (request, reply) => {
    const draft = await loadDraftByToken(db, request.params.token);
    if (!draft || draft.applicationId) return sendPage(reply, <ExpiredPage ctx={pageContext(request, reply)} />, 410);
    rememberDraft(reply, draft.token);
    const ctx = { snapshot: await app.referenceCache.current(), today: todayInAmsterdam(), data: draft.data, lang: request.lang };
    const choice = parseChoice(ctx);
    const steps = stepsFor(choice.ok ? choice.value : null);
    const open = steps.find((s) => !draft.data.done.includes(s));
    return seeOther(reply, open ? stepPath(open) : stepPath('controleren'));
  });
}
