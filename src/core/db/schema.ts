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
  role: Role;
  organisation_id: string;
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
export type Channel = 'online' | 'walk_in' | 'phone' | 'professional';

export interface ApplicationDraftsTable {
  id: string;
  data: Json;
  email: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  expires_at: Timestamp;
  application_id: string | null;
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
}

export interface ConsentsTable {
  id: Generated<number>;
  application_id: string;
  organisation_id: string;
  given_by: 'applicant' | 'parent' | 'staff_in_person';
  given_at: DefaultTimestamp;
  statement: Json;
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

export interface DB {
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
  login_attempts: LoginAttemptsTable;
  audit_log: AuditLogTable;
  jobs: JobsTable;
  outbound_mails: OutboundMailsTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type Organisation = Selectable<OrganisationsTable>;
export type Municipality = Selectable<MunicipalitiesTable>;
