import type { FastifyInstance } from 'fastify';
import { sendPage, seeOther } from '../../core/http/context.ts';
import { CsrfField, Layout, pageContext, type PageContext } from '../../core/layout/Layout.tsx';
import { CheckboxGroup, ErrorSummary, Notice, SubmitButton, type FieldErrors } from '../../core/layout/forms.tsx';
import { asArray } from '../../core/http/forms.ts';
import { actorOf, recordAudit } from '../../core/audit/audit.ts';
import { reasonsOf } from './decide.ts';
import { REJECTION_REASONS } from './reasons.ts';
import { CASES } from './queue-view.tsx';

/** A coordinator chooses which of the platform's rejection reasons the organisation uses. */
const PATH = `${CASES}/redenen`;

function ReasonsPage({ ctx, selected, errors, saved }: { ctx: PageContext; selected: string[]; errors: FieldErrors; saved: boolean }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('cases.reasons.title')} hasErrors={Object.keys(errors).length > 0}>
      <h1 class="utrecht-heading-1">{t('cases.reasons.title')}</h1>
      <p class="utrecht-paragraph">{t('cases.reasons.intro')}</p>
      {saved ? <Notice kind="ok">{t('cases.reasons.saved')}</Notice> : null}
      <ErrorSummary errors={errors} t={t} />
      <form method="post" action={PATH} novalidate class="kansrijk-form">
        <CsrfField token={ctx.csrfToken} />
        <CheckboxGroup name="redenen" legend={t('cases.reasons.legend')} hint={t('cases.reasons.hint')} t={t} errors={errors} selected={selected} options={REJECTION_REASONS.filter((r) => r !== 'other').map((r) => ({ value: r, label: t(`caseApplicant.reasons.${r}`) }))} />
        <SubmitButton>{t('cases.reasons.save')}</SubmitButton>
      </form>
    </Layout>
  );
}

export async function reasonsRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;
  app.get(PATH, { config: { permission: 'cases.configure' } }, async (request, reply) => {
    const row = await db.selectFrom('organisations').select('rejection_reasons').where('id', '=', request.staff!.organisationId).executeTakeFirstOrThrow();
    const saved = (request.query as Record<string, unknown>).melding === 'opgeslagen';
    return sendPage(reply, <ReasonsPage ctx={pageContext(request, reply)} selected={reasonsOf(row.rejection_reasons)} errors={{}} saved={saved} />);
  });
  app.post(PATH, { config: { permission: 'cases.configure' } }, async (request, reply) => {
    const chosen = asArray((request.body as Record<string, unknown> | undefined)?.redenen).filter((r) => (REJECTION_REASONS as readonly string[]).includes(r) && r !== 'other');
    if (chosen.length === 0) return sendPage(reply, <ReasonsPage ctx={pageContext(request, reply)} selected={[]} errors={{ redenen: { key: 'cases.reasons.required' } }} saved={false} />, 400);
    const staff = request.staff!;
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('organisations').set({ rejection_reasons: [...chosen, 'other'], updated_at: new Date() }).where('id', '=', staff.organisationId).execute();
      await recordAudit(trx, actorOf(request), { action: 'organisation.reasons_changed', entityType: 'organisation', entityId: staff.organisationId, organisationId: staff.organisationId, details: { reasons: chosen } });
    });
    return seeOther(reply, `${PATH}?melding=opgeslagen`);
  });
}
