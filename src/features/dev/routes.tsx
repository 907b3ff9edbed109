import type { FastifyInstance } from 'fastify';
import { sendPage } from '../../core/http/context.ts';
import { Layout, pageContext } from '../../core/layout/Layout.tsx';
import { formatDateTime } from '../../core/i18n/format.ts';

/**
 * Development outbox: mails kept in the database when no SMTP server is configured.
 * This plugin is not registered in production, so the page does not exist there.
 */
export async function devRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;

  app.get('/dev/mail', { config: { public: true } }, async (request, reply) => {
    const mails = await db.selectFrom('outbound_mails').selectAll().orderBy('created_at', 'desc').limit(50).execute();
    const ctx = pageContext(request, reply);
    const { t } = ctx;
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('dev.mail.title')}>
        <h1 class="utrecht-heading-1">{t('dev.mail.title')}</h1>
        <p class="utrecht-paragraph">{t('dev.mail.intro')}</p>
        {mails.length === 0 ? <p class="utrecht-paragraph">{t('dev.mail.empty')}</p> : null}
        {mails.map((m) => (
          <article class="kansrijk-mail" key={m.id}>
            <h2 class="utrecht-heading-3">{m.subject}</h2>
            <p class="utrecht-paragraph">
              {t('dev.mail.to')}: {m.to_address} · {formatDateTime(m.created_at, ctx.lang)} · {m.status}
            </p>
            <pre class="utrecht-code-block kansrijk-mail__body">{m.text_body}</pre>
          </article>
        ))}
      </Layout>,
    );
  });
}
