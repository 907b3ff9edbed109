import type { Role } from '../db/schema.ts';

/**
 * Typed permissions. Each staff route declares one in its config; roles are sets of them.
 * Organisation scoping (staff of A never see B) is enforced separately in data access.
 */
export const PERMISSIONS = [
  'staff.home', // the staff start page and one's own account
  'platform.manage', // municipalities, all organisations and their users (national office)
  'org.read', // read one's own organisation's details and colleague list
  'org.users.manage', // invite, change and disable users of one's own organisation
  'audit.read', // read the audit log (platform: everything; coordinator: own organisation)
  'catalogue.manage', // edit, preview and publish one's own organisation's provisions
  'cases.read', // the queue and cases of one's own organisation (see cases.read.all)
  'cases.read.all', // every case of the organisation; without it only cases and visits assigned to oneself (volunteers)
  'cases.handle', // assign, ask the applicant for information, plan visits, refer, close
  'cases.note', // write internal notes on a case
  'cases.decide', // grant, partly grant or reject, up to the provision's maximum and within the budget
  'cases.override', // grant above the provision's maximum or beyond the remaining budget
  'cases.intake', // enter an application for a family at a walk-in hour or on the phone
  'cases.configure', // choose the organisation's rejection reasons
  'visits.record', // record the outcome of a visit (without cases.read.all: one's own visits)
  'payments.record', // record a payment to a club, school or supplier, or goods sent
  'finance.export', // export the payments of a period as CSV
  'budgets.read', // the organisation's budgets: allocated, committed, paid
  'budgets.manage', // set the organisation's budget lines
  'referrals.report', // referral counts per pair of organisations (platform: all; others: their own)
  'reach.read', // reach figures, aggregated and suppressed (national office: all; municipality officers: their municipality; organisations: their own)
  'reach.targets', // a municipality's own target-group count and targets (municipality officers: their own; national office: any)
  'reach.manage', // import CBS target groups and refresh the reach figures (national office)
  'professionals.approve', // approve, reject or suspend professionals for one's own organisation, and choose whether approval is needed
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  // The national office manages the platform but handles no family's case: personal data stays with the organisation handling it.
  platform_admin: ['staff.home', 'platform.manage', 'org.read', 'org.users.manage', 'audit.read', 'catalogue.manage', 'referrals.report', 'reach.read', 'reach.targets', 'reach.manage'],
  coordinator: [
    'staff.home', 'org.read', 'org.users.manage', 'audit.read', 'catalogue.manage',
    'cases.read', 'cases.read.all', 'cases.handle', 'cases.note', 'cases.decide', 'cases.override', 'cases.intake', 'cases.configure',
    'visits.record', 'payments.record', 'finance.export', 'budgets.read', 'budgets.manage', 'referrals.report', 'reach.read',
    'professionals.approve',
  ],
  case_handler: ['staff.home', 'org.read', 'cases.read', 'cases.read.all', 'cases.handle', 'cases.note', 'cases.decide', 'cases.intake', 'visits.record', 'payments.record', 'budgets.read'],
  volunteer: ['staff.home', 'cases.read', 'cases.note', 'visits.record'],
  finance: ['staff.home', 'org.read', 'cases.read', 'cases.read.all', 'payments.record', 'finance.export', 'budgets.read', 'budgets.manage'],
  // Policy officers see figures, not families: the municipality's own cases are handled by its handlers and coordinators.
  municipality_officer: ['staff.home', 'org.read', 'catalogue.manage', 'reach.read', 'reach.targets'],
  read_only: ['staff.home', 'org.read', 'cases.read', 'cases.read.all', 'budgets.read', 'reach.read'],
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** Which roles a user with `actor` role may hand out in an organisation of the given type. */
export function assignableRoles(actor: Role, organisationType: string): Role[] {
  if (organisationType === 'national_office') return actor === 'platform_admin' ? ['platform_admin', 'read_only'] : [];
  const base: Role[] = ['coordinator', 'case_handler', 'volunteer', 'finance', 'read_only'];
  const roles: Role[] = organisationType === 'municipality' ? ['municipality_officer', ...base] : base;
  if (actor === 'platform_admin' || actor === 'coordinator') return roles;
  return [];
}
