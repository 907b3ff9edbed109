import type { FastifyReply, FastifyRequest } from 'fastify';
import { Layout, pageContext } from '../../core/layout/Layout.tsx';
import { Notice } from '../../core/layout/forms.tsx';

export function RecoveryCodesPage({ request, reply, codes }: { request: FastifyRequest; reply: FastifyReply; codes: string[] }) {
  const ctx = pageContext(request, reply);
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('auth.recovery.title')}>
      <h1 class="utrecht-heading-1">{t('auth.recovery.title')}</h1>
      <Notice kind="warning">{t('auth.recovery.warning')}</Notice>
      <ul class="utrecht-unordered-list kansrijk-recovery-codes" data-testid="recovery-codes">
        {codes.map((c) => (
          <li key={c}>
            <code class="utrecht-code">{c}</code>
          </li>
        ))}
      </ul>
      <p class="utrecht-paragraph">
        <a class="utrecht-button-link utrecht-button-link--primary-action" href="/beheer">
          {t('auth.recovery.continue')}
        </a>
      </p>
    </Layout>
  );
}
