import type { T } from '../../core/i18n/index.ts';

export function Pager({ t, base, page, hasNext }: { t: T; base: string; page: number; hasNext: boolean }) {
  if (page === 1 && !hasNext) return null;
  const sep = base.includes('?') ? '&' : '?';
  return (
    <nav class="utrecht-pagination kansrijk-actions" aria-label={t('admin.pages')}>
      {page > 1 ? <a class="utrecht-link" rel="prev" href={`${base}${sep}pagina=${page - 1}`}>{t('admin.previous')}</a> : null}
      <span>{t('admin.page', { page })}</span>
      {hasNext ? <a class="utrecht-link" rel="next" href={`${base}${sep}pagina=${page + 1}`}>{t('admin.next')}</a> : null}
    </nav>
  );
}
