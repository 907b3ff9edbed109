import type { FastifyInstance } from 'fastify';
import { sendPage, seeOther } from '../../core/http/context.ts';
import { pageContext } from '../../core/layout/Layout.tsx';
import { asArray } from '../../core/http/forms.ts';
import { allowAttempt } from '../../core/http/public-throttle.ts';
import { queueMail } from '../../core/mail/mailer.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import { SOURCE_LANG, translator } from '../../core/i18n/index.ts';
import { findUserByEmail, issueToken } from '../auth/data.ts';
import { approvalsOf, organisationsForProfessionals } from './data.ts';
import { MAX_MUNICIPALITIES, initialApprovals, parseRegistration } from './registration.ts';
import { OverviewPage, RegisterPage, RegisteredPage } from './views.tsx';
import { approvalRoutes } from './approval-routes.tsx';

const HOUR = 3_600_000;

/**
 * The professionals' own pages: registration (public) and, after a complete login with password
 * and second factor, their overview. The coordinators' side is in approval-routes.tsx.
 */
export async function professionalRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;
  const { config } = app.deps;
  const register = '/intermediair/registreren';
  const publicCfg = { config: { public: true as const, rateLimit: { max: 30, timeWindow: '1 minute' } } };

  app.get(register, publicCfg, async (request, reply) => {
    if (request.professional) return seeOther(reply, '/intermediair');
    const snapshot = await app.referenceCache.current();
    return sendPage(reply, <RegisterPage ctx={pageContext(request, reply)} errors={{}} values={{}} municipalities={snapshot.activeMunicipalities()} />);
  });

  app.post(register, publicCfg, async (request, reply) => {
    const values = (request.body ?? {}) as Record<string, unknown>;
    const snapshot = await app.referenceCache.current();
    const active = snapshot.activeMunicipalities();
    const chosen = Array.from({ length: MAX_MUNICIPALITIES }, (_, i) => values[`gemeente-${i + 1}`]).flatMap(asArray);
    const parsed = parseRegistration({ ...values, gemeente: chosen }, new Set(active.map((m) => m.code)));
    const rerender = (errors: Parameters<typeof RegisterPage>[0]['errors'], status: number) =>
      sendPage(reply, <RegisterPage ctx={pageContext(request, reply)} errors={errors} values={values} municipalities={active} />, status);
    if (!parsed.ok) return rerender(parsed.errors, 400);
    const r = parsed.value;
    // Limits across all processes; the same answer whether or not the address is known.
    const allowed = await allowAttempt(db, [
      { kind: 'professional_register_ip', key: request.ip, max: 10, windowMs: HOUR },
      { kind: 'professional_register_email', key: r.email, max: 3, windowMs: 24 * HOUR },
    ]);
    if (!allowed) return rerender({ email: { key: 'professionals.register.errors.throttled' } }, 429);

    // Registration mails go out in Dutch: the work address belongs to a Dutch organisation.
    const t = translator(SOURCE_LANG);
    await db.transaction().execute(async (trx) => {
      const existing = await findUserByEmail(trx, r.email);
      if (existing) {
        // Never say here that an account exists: tell the owner of the address instead.
        await queueMail(trx, { to: r.email, subject: t('professionals.mail.existsSubject'), text: t('professionals.mail.existsBody', { login: `${config.publicUrl}/inloggen`, reset: `${config.publicUrl}/wachtwoord-vergeten` }) });
        return;
      }
      const user = await trx.insertInto('users').values({ email: r.email, name: r.name, role: 'professional', organisation_id: null, status: 'invited' }).returning('id').executeTakeFirstOrThrow();
      await trx
        .insertInto('professionals')
        .values({ user_id: user.id, phone: r.phone, employer_type: r.employerType, employer_name: r.employerName, employer_place: r.employerPlace, job_title: r.jobTitle })
        .execute();
      await trx.insertInto('user_municipalities').values(r.municipalities.map((code) => ({ user_id: user.id, municipality_code: code }))).execute();
      const organisations = await organisationsForProfessionals(trx, r.municipalities);
      const approvals = initialApprovals(organisations.map((o) => ({ id: o.id, professionalApproval: o.professional_approval })));
      if (approvals.length > 0) {
        await trx
          .insertInto('professional_approvals')
          .values(approvals.map((a) => ({ professional_id: user.id, organisation_id: a.organisationId, status: a.status, decided_at: a.status === 'approved' ? new Date() : null })))
          .execute();
      }
      const token = await issueToken(trx, user.id, 'invite');
      await queueMail(trx, { to: r.email, subject: t('professionals.mail.verifySubject'), text: t('professionals.mail.verifyBody', { name: r.name, employer: r.employerName, link: `${config.publicUrl}/uitnodiging/${token}` }) });
      await recordAudit(trx, { userId: user.id, email: r.email, ip: request.ip }, { action: 'professional.registered', entityType: 'user', entityId: user.id, organisationId: null, details: { employerType: r.employerType, municipalities: r.municipalities } });
    });
    return seeOther(reply, `${register}/verstuurd`);
  });

  app.get(`${register}/verstuurd`, publicCfg, (request, reply) => sendPage(reply, <RegisteredPage ctx={pageContext(request, reply)} />));

  const own = { config: { professional: true as const } };
  app.get('/intermediair', own, async (request, reply) => {
    const me = request.professional!;
    const snapshot = await app.referenceCache.current();
    const municipalities = me.municipalityCodes.map((c) => snapshot.municipality(c)?.commonName ?? c);
    return sendPage(reply, <OverviewPage ctx={pageContext(request, reply)} approvals={await approvalsOf(db, me.id)} municipalities={municipalities} />);
  });

  await app.register(approvalRoutes);
}
