import type { FastifyInstance } from 'fastify';
import { sendPage } from '../../core/http/context.ts';
import { Layout, pageContext } from '../../core/layout/Layout.tsx';
import { can } from '../../core/auth/permissions.ts';
import { organisationRoutes } from './organisations.tsx';
import { userRoutes } from './users.tsx';
import { municipalityRoutes } from './municipalities.tsx';

export async function adminRoutes(app: FastifyInstance) {
  app.get('/beheer', { config: { permission: 'staff.home' } }, async (request, reply) => {
    const ctx = pageContext(request, reply);
    const { t } = ctx;
    const staff = request.staff!;
    const links: Array<[string, string, string]> = [];
    if (can(staff.role, 'platform.manage')) {
      links.push(['/beheer/organisaties', t('admin.home.organisations'), t('admin.home.organisationsHint')]);
      links.push(['/beheer/gemeenten', t('admin.home.municipalities'), t('admin.home.municipalitiesHint')]);
    } else if (can(staff.role, 'org.read')) {
      links.push([`/beheer/organisaties/${staff.organisationId}`, t('admin.home.myOrganisation'), can(staff.role, 'org.users.manage') ? t('admin.home.myOrganisationManageHint') : t('admin.home.myOrganisationHint')]);
    }
    if (can(staff.role, 'catalogue.manage')) links.push(['/beheer/voorzieningen', t('admin.home.catalogue'), t('admin.home.catalogueHint')]);
    if (can(staff.role, 'audit.read')) links.push(['/beheer/audit', t('admin.home.audit'), t('admin.home.auditHint')]);
    links.push(['/account', t('admin.home.account'), t('admin.home.accountHint')]);
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('admin.home.title')}>
        <h1 class="utrecht-heading-1">{t('admin.home.greeting', { name: staff.name })}</h1>
        <p class="utrecht-paragraph utrecht-paragraph--lead">{t('admin.home.role', { role: t(`roles.${staff.role}`), organisation: staff.organisationName })}</p>
        {staff.role === 'volunteer' ? <p class="utrecht-paragraph">{t('admin.home.volunteer')}</p> : null}
        {staff.role === 'municipality_officer' ? <p class="utrecht-paragraph">{t('admin.home.municipality', { codes: staff.municipalityCodes.join(', ') })}</p> : null}
        <ul class="utrecht-link-list kansrijk-home-links">
          {links.map(([href, label, hint]) => (
            <li class="utrecht-link-list__item" key={href}>
              <a class="utrecht-link" href={href}>{label}</a>
              <span class="kansrijk-home-links__hint"> – {hint}</span>
            </li>
          ))}
        </ul>
      </Layout>,
    );
  });

  await organisationRoutes(app);
  await userRoutes(app);
  await municipalityRoutes(app);
}
