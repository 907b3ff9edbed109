import type { ComponentChildren } from 'preact';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LANGUAGES, dirOf, languagesFor, type Lang, type T } from '../i18n/index.ts';
import { isStaffFacingPath } from '../auth/guard.ts';
import type { ProfessionalUser, StaffUser } from '../auth/sessions.ts';
import { can } from '../auth/permissions.ts';

export interface PageContext {
  lang: Lang;
  t: T;
  staff: StaffUser | null;
  /** a logged-in professional (intermediair); never set together with staff */
  professional: ProfessionalUser | null;
  csrfToken: string;
  /** current path with query, for the language switch's way back */
  path: string;
}

export function pageContext(request: FastifyRequest, reply: FastifyReply): PageContext {
  let token: string | undefined;
  return {
    lang: request.lang,
    t: request.t,
    staff: request.staff,
    professional: request.professional,
    // Made only when a form on the page asks for it: most public pages have none, and a token costs a cookie and a hash.
    get csrfToken() {
      token ??= reply.generateCsrf();
      return token;
    },
    path: request.url,
  };
}

interface LayoutProps {
  ctx: PageContext;
  title: string;
  children: ComponentChildren;
  /** set when the page shows a form with errors, so the title says so first */
  hasErrors?: boolean;
}

export function Layout({ ctx, title, children, hasErrors }: LayoutProps) {
  const { t, lang, staff, professional } = ctx;
  const fullTitle = `${hasErrors ? t('common.errorPrefix') + ' ' : ''}${title} – Kansrijk`;
  return (
    <html lang={lang} dir={dirOf(lang)} class="kansrijk-theme">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        <link rel="stylesheet" href="/static/utrecht/index.css" />
        <link rel="stylesheet" href="/static/css/kansrijk-theme.css" />
        <link rel="stylesheet" href="/static/css/kansrijk-layout.css" />
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
      </head>
      <body class="utrecht-page-body utrecht-document">
        <a class="utrecht-skip-link utrecht-skip-link--visible-on-focus" href="#main">
          {t('layout.skipLink')}
        </a>
        <header class="utrecht-page-header kansrijk-header">
          <div class="kansrijk-header__inner">
            <a class="kansrijk-logo" href={staff ? '/beheer' : professional ? '/intermediair' : '/'}>
              Kansrijk
            </a>
            <nav class="kansrijk-header__nav" aria-label={t('layout.serviceNav')}>
              <LanguageSwitch ctx={ctx} />
              {staff || professional ? <StaffMenu ctx={ctx} /> : null}
            </nav>
          </div>
        </header>
        {staff ? <StaffNav ctx={ctx} /> : null}
        {professional ? <ProfessionalNav ctx={ctx} /> : null}
        <main id="main" class="utrecht-page-content kansrijk-main" tabIndex={-1}>
          {children}
        </main>
        <footer class="utrecht-page-footer kansrijk-footer">
          <div class="kansrijk-footer__inner">
            <p class="utrecht-paragraph">{t('layout.footerTagline')}</p>
            <ul class="utrecht-link-list kansrijk-footer__links">
              <li class="utrecht-link-list__item">
                <a class="utrecht-link" href="/privacy">{t('layout.privacy')}</a>
              </li>
              <li class="utrecht-link-list__item">
                <a class="utrecht-link" href="/toegankelijkheid">{t('layout.accessibility')}</a>
              </li>
              {staff || professional ? null : (
                <li class="utrecht-link-list__item">
                  <a class="utrecht-link" href="/inloggen">{t('layout.staffLogin')}</a>
                </li>
              )}
            </ul>
          </div>
        </footer>
      </body>
    </html>
  );
}

function LanguageSwitch({ ctx }: { ctx: PageContext }) {
  const others = languagesFor(Boolean(ctx.staff) || Boolean(ctx.professional) || isStaffFacingPath(ctx.path)).filter((l) => l !== ctx.lang);
  if (others.length === 0) return null;
  return (
    <ul class="kansrijk-language-switch" aria-label={ctx.t('layout.language')}>
      {others.map((l) => (
        <li key={l}>
          <a class="utrecht-link" href={`/taal/${l}?terug=${encodeURIComponent(ctx.path)}`} lang={l} hrefLang={l}>
            {LANGUAGES[l].name}
          </a>
        </li>
      ))}
    </ul>
  );
}

function StaffMenu({ ctx }: { ctx: PageContext }) {
  return (
    <div class="kansrijk-staff-menu">
      <a class="utrecht-link" href={ctx.staff ? '/account' : '/intermediair'}>
        {ctx.staff?.name ?? ctx.professional?.name}
      </a>
      <form method="post" action="/uitloggen" class="kansrijk-inline-form">
        <CsrfField token={ctx.csrfToken} />
        <button type="submit" class="utrecht-button utrecht-button--subtle">
          {ctx.t('layout.logout')}
        </button>
      </form>
    </div>
  );
}

function ProfessionalNav({ ctx }: { ctx: PageContext }) {
  return <NavBar ctx={ctx} items={[['/intermediair', ctx.t('professionals.nav.overview')]]} />;
}

function StaffNav({ ctx }: { ctx: PageContext }) {
  const { staff, t } = ctx;
  if (!staff) return null;
  const items: Array<[string, string]> = [['/beheer', t('nav.home')]];
  if (can(staff.role, 'platform.manage')) {
    items.push(['/beheer/organisaties', t('nav.organisations')], ['/beheer/gemeenten', t('nav.municipalities')]);
  } else if (can(staff.role, 'org.read')) {
    items.push([`/beheer/organisaties/${staff.organisationId}`, t('nav.myOrganisation')]);
  }
  if (can(staff.role, 'cases.read')) items.push(['/beheer/aanvragen', t('nav.cases')]);
  if (can(staff.role, 'budgets.read')) items.push(['/beheer/budgetten', t('nav.budgets')]);
  if (can(staff.role, 'finance.export')) items.push(['/beheer/betalingen', t('nav.payments')]);
  if (can(staff.role, 'referrals.report')) items.push(['/beheer/doorverwijzingen', t('nav.referrals')]);
  if (can(staff.role, 'professionals.approve')) items.push(['/beheer/intermediairs', t('nav.professionals')]);
  if (can(staff.role, 'catalogue.manage')) items.push(['/beheer/voorzieningen', t('nav.catalogue')]);
  if (can(staff.role, 'reach.read')) items.push(['/beheer/bereik', t('reach.nav')]);
  if (can(staff.role, 'audit.read')) items.push(['/beheer/audit', t('nav.audit')]);
  items.push(['/account', t('nav.account')]);
  return <NavBar ctx={ctx} items={items} />;
}

function NavBar({ ctx, items }: { ctx: PageContext; items: Array<[string, string]> }) {
  const { t } = ctx;
  const current = ctx.path.split('?')[0];
  return (
    <nav class="utrecht-nav-bar kansrijk-staff-nav" aria-label={t('nav.label')}>
      <ul class="utrecht-nav-list">
        {items.map(([href, label]) => (
          <li class="utrecht-nav-list__item" key={href}>
            <a class="utrecht-nav-list__link" href={href} aria-current={current === href ? 'page' : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}
