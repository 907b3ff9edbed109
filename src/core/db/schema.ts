import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** Typed view of the tables created by the migrations in ./migrations. Keep the two in step. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp with a database default: optional on insert. */
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** jsonb: written as a JSON string, read back parsed. */
type Json = ColumnType<unknown, string | undefined, string>;

export const ORGANISATION_TYPES = ['leergeld', 'jeugdfonds', 'kinderhulp', 'jarige_job', 'municipality', 'other_fund', 'national_office'] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

export const ROLES = ['platform_admin', 'coordinator', 'case_handler', 'volunteer', 'finance', 'municipality_officer', 'read_only'] as const;
export type Role = (typeof ROLES)[number];
/** Professionals (intermediairs) log in like staff but belong to no organisation of the platform. */
export type UserRole = Role | 'professional';

export interface MunicipalitiesTable {
  code: string;
  name: string;
  common_name: string;
  province: string;
  active: Generated<boolean>;
  updated_at: DefaultTimestamp;
}

export interface PostcodeAreasTable {
  pc4: string;
  municipality_code: string;
  address_count: number;
  share: string;
  rank: number;
}

export interface ReferenceImportsTable {
  id: Generated<number>;
  kind: string;
  source: string;
  row_count: number;
  summary: Json;
  imported_at: DefaultTimestamp;
}

export interface OrganisationsTable {
  id: Generated<string>;
  type: OrganisationType;
  name: string;
  contact_email: string | null;
  contact_phone: string | null;
  website: string | null;
  address: string | null;
  active: Generated<boolean>;
  retention_months: Generated<number>;
  /** rejection reasons offered, from the platform's list; null: all of them */
  rejection_reasons: string[] | null;
  /** professionals need this organisation's approval before they may submit to it */
  professional_approval: Generated<boolean>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface OrganisationMunicipalitiesTable {
  organisation_id: string;
  municipality_code: string;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  role: UserRole;
  /** null exactly for professionals */
  organisation_id: string | null;
  status: Generated<'invited' | 'active' | 'disabled'>;
  password_hash: string | null;
  totp_secret: string | null;
  totp_enabled_at: Timestamp | null;
  is_demo: Generated<boolean>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  last_login_at: Timestamp | null;
}

export interface UserMunicipalitiesTable {
  user_id: string;
  municipality_code: string;
}

export interface RecoveryCodesTable {
  id: Generated<number>;
  user_id: string;
  code_hash: string;
  used_at: Timestamp | null;
}

export type SessionStage = 'mfa' | 'enrol' | 'full';
export interface SessionsTable {
  id: string;
  user_id: string;
  stage: SessionStage;
  created_at: DefaultTimestamp;
  last_seen_at: DefaultTimestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  ip: string | null;
  user_agent: string | null;
}

export interface AuthTokensTable {
  id: string;
  user_id: string;
  purpose: 'invite' | 'password_reset';
  created_at: DefaultTimestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  email_key: string;
  ip: string;
  success: boolean;
  at: DefaultTimestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: DefaultTimestamp;
  actor_user_id: string | null;
  actor_email: string | null;
  organisation_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  ip: string | null;
  details: Json;
}

export interface JobsTable {
  id: Generated<number>;
  queue: string;
  payload: Json;
  status: Generated<'pending' | 'running' | 'done' | 'failed'>;
  run_at: DefaultTimestamp;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  locked_at: Timestamp | null;
  locked_by: string | null;
  last_error: string | null;
  unique_key: string | null;
  created_at: DefaultTimestamp;
  finished_at: Timestamp | null;
}

export interface OutboundMailsTable {
  id: Generated<string>;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  status: Generated<'queued' | 'sent' | 'kept' | 'failed'>;
  created_at: DefaultTimestamp;
  sent_at: Timestamp | null;
  message_id: string | null;
}

export const THEMES = ['school', 'sport', 'culture', 'birthday', 'leisure', 'basic_needs'] as const;
export type Theme = (typeof THEMES)[number];

export interface ProvisionsTable {
  id: Generated<string>;
  organisation_id: string;
  theme: Theme;
  status: Generated<'draft' | 'published' | 'archived'>;
  version: Generated<number>;
  rules: Json;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface ProvisionMunicipalitiesTable {
  provision_id: string;
  municipality_code: string;
}

export interface ProvisionVersionsTable {
  provision_id: string;
  version: number;
  rules: Json;
  municipality_codes: ColumnType<string[], string[] | undefined, string[]>;
  published_at: DefaultTimestamp;
  published_by: string | null;
}

export interface WizardUsesTable {
  day: string;
  municipality_code: string;
  role: string;
  age_band: string;
  theme: string;
  uses: Generated<number>;
}

export interface CacheRevisionsTable {
  name: string;
  revision: number;
}

export const ITEM_STATUSES = ['awaiting_parent', 'received', 'waiting_list', 'in_progress', 'information_requested', 'visit_planned', 'granted', 'delivered', 'rejected', 'withdrawn'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];
/** How a case came in; 'referral' only for cases (another organisation referred the family), never for an application. */
export type Channel = 'online' | 'walk_in' | 'phone' | 'professional' | 'referral';

export interface ApplicationDraftsTable {
  id: string;
  data: Json;
  email: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  expires_at: Timestamp;
  application_id: string | null;
  /** set for an application a staff member enters for a family (walk-in, phone) */
  created_by: string | null;
  channel: 'walk_in' | 'phone' | null;
}

export interface ApplicationsTable {
  id: Generated<string>;
  reference: string;
  draft_id: string | null;
  channel: Generated<Channel>;
  applicant_role: 'parent' | 'young' | 'professional';
  applicant_name: string;
  applicant_email: string;
  language: string;
  municipality_code: string;
  parent_name: string | null;
  parent_email: string | null;
  parent_token_hash: string | null;
  parent_token_expires_at: Timestamp | null;
  parent_confirmed_at: Timestamp | null;
  parent_refused_at: Timestamp | null;
  submitted_at: DefaultTimestamp;
  entered_by: string | null;
  /** the professional who applied for the family */
  professional_id: string | null;
}

export const EMPLOYER_TYPES = ['school', 'wijkteam', 'youth_care', 'food_bank', 'debt_help', 'coach', 'leergeld', 'other'] as const;
export type EmployerType = (typeof EMPLOYER_TYPES)[number];

export interface ProfessionalsTable {
  user_id: string;
  phone: string;
  employer_type: EmployerType;
  employer_name: string;
  employer_place: string;
  job_title: string;
  email_verified_at: Timestamp | null;
  created_at: DefaultTimestamp;
}

export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'suspended';

export interface ProfessionalApprovalsTable {
  professional_id: string;
  organisation_id: string;
  status: ApprovalStatus;
  reason: string | null;
  requested_at: DefaultTimestamp;
  decided_at: Timestamp | null;
  decided_by: string | null;
}

export interface ConsentsTable {
  id: Generated<number>;
  application_id: string;
  organisation_id: string;
  given_by: 'applicant' | 'parent' | 'staff_in_person';
  given_at: DefaultTimestamp;
  statement: Json;
  /** the staff member who confirmed a consent given in person */
  confirmed_by: string | null;
}

export interface CasesTable {
  id: Generated<string>;
  application_id: string;
  organisation_id: string;
  municipality_code: string;
  channel: Generated<Channel>;
  status: Generated<'awaiting_parent' | 'open' | 'closed'>;
  applicant_role: string;
  applicant_name: string;
  applicant_email: string;
  applicant_phone: string | null;
  language: string;
  parent_name: string | null;
  parent_email: string | null;
  parent_phone: string | null;
  address: Json | null;
  household: Json | null;
  income: Json | null;
  created_at: DefaultTimestamp;
  released_at: Timestamp | null;
  due_at: Timestamp | null;
  assigned_user_id: string | null;
  closed_at: Timestamp | null;
  updated_at: DefaultTimestamp;
  /** kept by triggers (migration 0006) for the queue's filters and search */
  item_statuses: Generated<ItemStatus[]>;
  themes: Generated<Theme[]>;
  search_text: Generated<string>;
}

export interface CaseChildrenTable {
  id: Generated<string>;
  case_id: string;
  position: number;
  first_name: string | null;
  last_name: string | null;
  birth_date: string | null;
  age_at_application: number;
  fields: Json;
}

export interface CaseItemsTable {
  id: Generated<string>;
  case_id: string;
  case_child_id: string;
  provision_id: string;
  provision_version: number;
  theme: Theme;
  status: ItemStatus;
  requested_cents: number | null;
  granted_cents: number | null;
  details: Json;
  child_key: string;
  period_start: string;
  reason: Json | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  decided_at: Timestamp | null;
  budget_id: string | null;
}

export interface CaseEventsTable {
  id: Generated<number>;
  case_id: string;
  item_id: string | null;
  at: DefaultTimestamp;
  kind: string;
  actor_type: 'applicant' | 'parent' | 'staff' | 'system';
  actor_user_id: string | null;
  visible_to_applicant: Generated<boolean>;
  details: Json;
}

export interface CaseMessagesTable {
  id: Generated<string>;
  case_id: string;
  sender: 'applicant' | 'organisation';
  author_user_id: string | null;
  body: string;
  created_at: DefaultTimestamp;
}

export interface CaseDocumentsTable {
  id: Generated<string>;
  case_id: string;
  message_id: string | null;
  uploaded_by: 'applicant' | 'organisation';
  file_name: string;
  content_type: 'application/pdf' | 'image/jpeg' | 'image/png';
  size_bytes: number;
  sha256: string;
  content: Buffer;
  created_at: DefaultTimestamp;
}

export interface ProvisionPlacesTable {
  provision_id: string;
  taken: number;
}

export interface ApplicantSessionsTable {
  id: string;
  application_id: string;
  created_at: DefaultTimestamp;
  expires_at: Timestamp;
}

export interface PublicAttemptsTable {
  id: Generated<number>;
  kind: string;
  key: string;
  at: DefaultTimestamp;
}

export interface CaseNotesTable {
  id: Generated<string>;
  case_id: string;
  author_user_id: string | null;
  body: string;
  created_at: DefaultTimestamp;
}

export const VISIT_KINDS = ['house_visit', 'office'] as const;
export type VisitKind = (typeof VISIT_KINDS)[number];

export interface CaseVisitsTable {
  id: Generated<string>;
  case_id: string;
  organisation_id: string;
  kind: VisitKind;
  planned_at: Timestamp;
  volunteer_user_id: string;
  status: Generated<'planned' | 'done' | 'cancelled'>;
  outcome: string | null;
  recorded_at: Timestamp | null;
  recorded_by: string | null;
  created_by: string | null;
  created_at: DefaultTimestamp;
}

export interface BudgetsTable {
  id: Generated<string>;
  organisation_id: string;
  year: number;
  municipality_code: string | null;
  funder: string | null;
  allocated_cents: number;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface PaymentsTable {
  id: Generated<string>;
  organisation_id: string;
  case_id: string | null;
  item_id: string | null;
  budget_id: string | null;
  kind: 'payment' | 'goods';
  payee_name: string;
  iban: string | null;
  amount_cents: number;
  paid_on: string;
  payment_reference: string | null;
  description: string | null;
  case_reference: string;
  recorded_by: string | null;
  recorded_at: DefaultTimestamp;
}

export type ReferralStatus = 'awaiting_consent' | 'created' | 'refused' | 'expired';

export interface ReferralsTable {
  id: Generated<string>;
  application_id: string;
  from_case_id: string | null;
  from_organisation_id: string;
  to_organisation_id: string;
  provision_id: string;
  from_child_id: string | null;
  status: ReferralStatus;
  consent_token_hash: string | null;
  consent_expires_at: Timestamp | null;
  consent_statement: Json | null;
  consent_given_by: 'applicant' | 'parent' | null;
  consent_decided_at: Timestamp | null;
  to_case_id: string | null;
  note: string | null;
  created_by: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface CaseDigestSendsTable {
  day: string;
  user_id: string;
  sent_at: DefaultTimestamp;
}

/** Reach aggregates (migration 0007): '' means "all" in a dimension, null a suppressed figure. */
export interface ReachCellsTable {
  year: number;
  month: number;
  municipality_code: string;
  organisation_id: string;
  theme: string;
  age_band: string;
  received: number | null;
  granted: number | null;
  rejected: number | null;
  net: number | null;
  median_days: string | null;
}

export interface ReachOverlapsTable {
  year: number;
  municipality_code: string;
  organisation_a: string;
  organisation_b: string;
  children: number | null;
}

export interface ReachReferralsTable {
  year: number;
  municipality_code: string;
  from_organisation_id: string;
  to_organisation_id: string;
  referrals: number | null;
}

export interface ReachDemandTable {
  year: number;
  municipality_code: string;
  theme: string;
  age_band: string;
  uses: number | null;
}

export interface ReachRefreshesTable {
  id: Generated<number>;
  started_at: DefaultTimestamp;
  finished_at: Timestamp | null;
  duration_ms: number | null;
  years: ColumnType<number[], number[] | undefined, number[]>;
  cells: number | null;
  suppressed: number | null;
  status: Generated<'running' | 'done' | 'failed'>;
  error: string | null;
}

export interface ReachTargetGroupsTable {
  municipality_code: string;
  year: number;
  source: 'cbs' | 'municipality';
  children: number;
  social_assistance_children: number | null;
  working_poor_children: number | null;
  illustrative: Generated<boolean>;
  source_note: string | null;
  updated_by: string | null;
  updated_at: DefaultTimestamp;
}

export interface ReachTargetsTable {
  municipality_code: string;
  year: number;
  social_assistance_pct: number | null;
  working_poor_pct: number | null;
  low_income_pct: number | null;
  updated_by: string | null;
  updated_at: DefaultTimestamp;
}

export interface DB {
  reach_cells: ReachCellsTable;
  reach_overlaps: ReachOverlapsTable;
  reach_referrals: ReachReferralsTable;
  reach_demand: ReachDemandTable;
  reach_refreshes: ReachRefreshesTable;
  reach_target_groups: ReachTargetGroupsTable;
  reach_targets: ReachTargetsTable;
  case_notes: CaseNotesTable;
  case_visits: CaseVisitsTable;
  budgets: BudgetsTable;
  payments: PaymentsTable;
  referrals: ReferralsTable;
  case_digest_sends: CaseDigestSendsTable;
  application_drafts: ApplicationDraftsTable;
  applications: ApplicationsTable;
  consents: ConsentsTable;
  cases: CasesTable;
  case_children: CaseChildrenTable;
  case_items: CaseItemsTable;
  case_events: CaseEventsTable;
  case_messages: CaseMessagesTable;
  case_documents: CaseDocumentsTable;
  provision_places: ProvisionPlacesTable;
  applicant_sessions: ApplicantSessionsTable;
  public_attempts: PublicAttemptsTable;
  cache_revisions: CacheRevisionsTable;
  provisions: ProvisionsTable;
  provision_municipalities: ProvisionMunicipalitiesTable;
  provision_versions: ProvisionVersionsTable;
  wizard_uses: WizardUsesTable;
  municipalities: MunicipalitiesTable;
  postcode_areas: PostcodeAreasTable;
  reference_imports: ReferenceImportsTable;
  organisations: OrganisationsTable;
  organisation_municipalities: OrganisationMunicipalitiesTable;
  users: UsersTable;
  user_municipalities: UserMunicipalitiesTable;
  recovery_codes: RecoveryCodesTable;
  sessions: SessionsTable;
  auth_tokens: AuthTokensTable;
  professionals: ProfessionalsTable;
  professional_approvals: ProfessionalApprovalsTable;
  login_attempts: LoginAttemptsTable;
  audit_log: AuditLogTable;
  jobs: JobsTable;
  outbound_mails: OutboundMailsTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type Organisation = Selectable<OrganisationsTable>;
export type Municipality = Selectable<MunicipalitiesTable>;
