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
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  platform_admin: ['staff.home', 'platform.manage', 'org.read', 'org.users.manage', 'audit.read', 'catalogue.manage'],
  coordinator: ['staff.home', 'org.read', 'org.users.manage', 'audit.read', 'catalogue.manage'],
  case_handler: ['staff.home', 'org.read'],
  volunteer: ['staff.home'],
  finance: ['staff.home', 'org.read'],
  municipality_officer: ['staff.home', 'org.read', 'catalogue.manage'],
  read_only: ['staff.home', 'org.read'],
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
