import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CsrfField, Layout, pageContext, type PageContext } from '../../core/layout/Layout.tsx';
import { DataList, Notice } from '../../core/layout/forms.tsx';
import { sendPage, seeOther } from '../../core/http/context.ts';
import { formatDate } from '../../core/i18n/format.ts';
import { decideAsParent, findParentLink, type ParentLink } from './parent-decision.ts';
import { ProvisionTitle, labelOr } from './view-parts.tsx';

/**
 * The parent's page, reached by the link mailed when a young person under 16 applies: what was
 * asked, what each organisation would receive, and yes or no. The link's token is the only key;
 * the logger masks it (/ouder/… in src/core/logger.ts).
 */
type WithToken = { Params: { token: string }; Querystring: { klaar?: string } };
const DECISIONS = { akkoord: 'confirm', 'niet-akkoord': 'refuse' } as const;

function Simple({ ctx, title, body, status }: { ctx: PageContext; title: string; body: string; status?: 'warning' }) {
  return (
    <Layout ctx={ctx} title={title}>
      <h1 class="utrecht-heading-1">{title}</h1>
      {status ? <Notice kind={status}>{body}</Notice> : <p class="utrecht-paragraph">{body}</p>}
    </Layout>
  );
}

function OpenPage({ ctx, link, token, invalid }: { ctx: PageContext; link: Extract<ParentLink, { kind: 'open' }>; token: string; invalid: boolean }) {
  const { t } = ctx;
  const name = link.youngName;
  const title = t('applicationStatus.parent.title', { name });
  return (
    <Layout ctx={ctx} title={title} hasErrors={invalid}>
      <h1 class="utrecht-heading-1">{title}</h1>
      {invalid ? <Notice kind="error">{t('applicationStatus.parent.choose')}</Notice> : null}
      <p class="utrecht-paragraph">{t('applicationStatus.parent.intro', { name })}</p>
      <h2 class="utrecht-heading-2">{t('applicationStatus.parent.asked', { name })}</h2>
      {link.organisations.map((o, i) => (
        <section key={o.name} class="kansrijk-option" aria-labelledby={`organisatie-${i}`}>
          <h3 class="utrecht-heading-3" id={`organisatie-${i}`}>
            {o.name}
          </h3>
          <DataList
            items={[
              [
                t('applicationStatus.parent.what'),
                <ul class="utrecht-unordered-list">
                  {o.titles.map((title, j) => (
                    <li key={j}>
                      <ProvisionTitle ctx={ctx} title={title} />
                    </li>
                  ))}
                </ul>,
              ],
              [t('applicationStatus.parent.fields', { organisation: o.name }), o.fields.map((f) => labelOr(t, `applications.fieldNames.${f}`, f)).join('; ')],
              [t('applicationStatus.parent.who'), t('applicationStatus.parent.whoText', { organisation: o.name })],
              [t('applicationStatus.parent.howLong'), t('applicationStatus.parent.howLongText', { months: o.retentionMonths })],
            ]}
          />
        </section>
      ))}
      <form method="post" action={`/ouder/${encodeURIComponent(token)}`} class="kansrijk-form">
        <CsrfField token={ctx.csrfToken} />
        <h2 class="utrecht-heading-2">{t('applicationStatus.parent.decision')}</h2>
        <p class="utrecht-paragraph">{t('applicationStatus.parent.validUntil', { date: formatDate(link.deadline, ctx.lang) })}</p>
        <div class="kansrijk-button-row">
          <button type="submit" name="besluit" value="akkoord" class="utrecht-button utrecht-button--primary-action">
            {t('applicationStatus.parent.confirm')}
          </button>
          <button type="submit" name="besluit" value="niet-akkoord" class="utrecht-button utrecht-button--secondary-action">
            {t('applicationStatus.parent.refuse')}
          </button>
        </div>
      </form>
    </Layout>
  );
}

function render(request: FastifyRequest, reply: FastifyReply, link: ParentLink, token: string, options: { justDecided?: boolean; invalid?: boolean } = {}) {
  const ctx = pageContext(request, reply);
  const { t } = ctx;
  switch (link.kind) {
    case 'unknown':
      return sendPage(reply, <Simple ctx={ctx} title={t('applicationStatus.parent.unknownTitle')} body={t('applicationStatus.parent.unknownBody')} />, 404);
    case 'expired':
      return sendPage(reply, <Simple ctx={ctx} title={t('applicationStatus.parent.expiredTitle')} body={t('applicationStatus.parent.expiredBody', { name: link.youngName })} />, 410);
    case 'decided': {
      const confirmed = Boolean(link.confirmedAt);
      const name = link.youngName;
      if (options.justDecided) {
        return sendPage(reply, <Simple ctx={ctx} title={t(confirmed ? 'applicationStatus.parent.confirmedTitle' : 'applicationStatus.parent.refusedTitle')} body={t(confirmed ? 'applicationStatus.parent.confirmedBody' : 'applicationStatus.parent.refusedBody', { name })} />);
      }
      const date = formatDate((link.confirmedAt ?? link.refusedAt)!, ctx.lang);
      return sendPage(reply, <Simple ctx={ctx} title={t('applicationStatus.parent.decidedTitle')} body={t(confirmed ? 'applicationStatus.parent.alreadyConfirmed' : 'applicationStatus.parent.alreadyRefused', { date })} />);
    }
    case 'open':
      return sendPage(reply, <OpenPage ctx={ctx} link={link} token={token} invalid={options.invalid ?? false} />, options.invalid ? 400 : 200);
  }
}

export async function parentRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;
  const { config } = app.deps;
  const limited = { config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } } } as const;

  app.get<WithToken>('/ouder/:token', limited, async (request, reply) => {
    const link = await findParentLink(db, request.params.token);
    return render(request, reply, link, request.params.token, { justDecided: request.query.klaar === '1' });
  });

  app.post<WithToken>('/ouder/:token', limited, async (request, reply) => {
    const token = request.params.token;
    const choice = ((request.body ?? {}) as Record<string, unknown>).besluit;
    const decision = typeof choice === 'string' && Object.hasOwn(DECISIONS, choice) ? DECISIONS[choice as keyof typeof DECISIONS] : null;
    if (!decision) return render(request, reply, await findParentLink(db, token), token, { invalid: true });
    const result = await decideAsParent(db, token, decision, { linkSecret: config.sessionSecret, publicUrl: config.publicUrl });
    if (result.kind !== 'done') return render(request, reply, result, token);
    return seeOther(reply, `/ouder/${encodeURIComponent(token)}?klaar=1`);
  });
}
