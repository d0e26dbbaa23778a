// Kysely table types. int8 columns (money, bigint ids) arrive as bigint, dates as 'YYYY-MM-DD',
// numeric as string (see connection.ts).
import type { EscalationKind } from '../domain/escalation-rule.js';
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { CaseEventType } from '../domain/case-events.js';
import type { Method, Outcome } from '../domain/collection-records.js';
import type { CaseStage, Level } from '../domain/aging.js';
import type { LegalStage } from '../domain/legal-stages.js';
import type { Locale } from '../domain/locale.js';
import type { MessageKind } from '../domain/message-kinds.js';
import type { SubscriptionKind } from '../domain/subscription-kinds.js';
// The vocabulary is defined once in src/domain (issue 8); the store's types are the same.
export type { Method, Outcome, LegalStage, SubscriptionKind, MessageKind };

type Id = Generated<number>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateOnly = string;
type Money = ColumnType<bigint, bigint | number | string, bigint | number | string>;

export type Role = 'admin' | 'manager' | 'finance' | 'sales' | 'legal';
export type Platform = 'slack' | 'lark';
export type InvoiceStatus = 'open' | 'paid' | 'disputed' | 'written_off';
export type CaseStatus = 'open' | 'legal' | 'closed';
/** How the 48-hour rule counts: every hour, or only working hours (issue 15). */
export type RedResponseClock = 'calendar' | 'working';
export type CalendarDayKind = 'holiday' | 'workday';

export interface OrgsTable {
  id: Id; slug: string; name: string; timezone: Generated<string>; currency: Generated<string>;
  locale: Generated<Locale>; created_at: Generated<Date>;
}
export interface OrgPoliciesTable {
  org_id: number;
  yellow_days: Generated<number>; orange_days: Generated<number>; red_days: Generated<number>;
  pre_due_days: Generated<number>;
  provision_rates: Generated<Record<string, string>>;
  high_risk_industries: Generated<string[]>;
  high_risk_uplift: Generated<string>;
  work_start: Generated<string>; work_end: Generated<string>; work_days: Generated<number[]>;
  claim_lease_days: Generated<number>; red_response_hours: Generated<number>;
  escalation_min_written: Generated<number>; escalation_min_days: Generated<number>;
  contact_cap_per_week: Generated<number>; updated_at: Generated<Date>;
  limitation_years: Generated<number>;
  red_response_clock: Generated<RedResponseClock>;
}
export interface LevelThresholdsTable {
  id: Id; org_id: number; credit_grade: string | null; industry: string | null;
  yellow_days: number; orange_days: number; red_days: number;
}
export interface WorkspacesTable {
  id: Id; org_id: number; platform: Platform; external_id: string; name: string | null; created_at: Generated<Date>;
}
export interface UsersTable {
  id: Id; org_id: number; email: string; name: string; role: Role; region: string | null;
  timezone: string | null; locale: Locale | null; active: Generated<boolean>;
  created_at: Generated<Date>; updated_at: Generated<Date>;
  /** When the person left (deactivated on Slack or Lark, or `active=false` in users.csv). */
  deactivated_at: Timestamp | null;
}
export interface ChatIdentitiesTable {
  id: Id; org_id: number; user_id: number; platform: Platform; external_user_id: string; created_at: Generated<Date>;
  /** 'email': linked by duebot from the platform profile (re-checked when it changes); 'admin': by an administrator. */
  linked_by: Generated<'admin' | 'email'>;
}
export interface CustomersTable {
  id: Id; org_id: number; code: string; name: string; credit_grade: string; credit_limit_minor: Money;
  payment_terms_days: number; industry: string | null; region: string | null; owner_user_id: number | null;
  grade_refreshed_on: DateOnly | null; created_at: Generated<Date>; updated_at: Generated<Date>;
}
export interface InvoicesTable {
  id: Id; org_id: number; customer_id: number; number: string; product_line: string | null; region: string | null;
  currency: string; amount_minor: Money; paid_minor: ColumnType<bigint, bigint | number | undefined, bigint | number>;
  issued_on: DateOnly; due_on: DateOnly; status: Generated<InvoiceStatus>; disputed_reason: string | null;
  /** 0012: a non-supervisor's dispute waiting for a supervisor (issue 9). */
  dispute_requested_by: Generated<number | null>; dispute_requested_reason: Generated<string | null>; dispute_requested_at: Generated<Date | null>;
  written_off_on: DateOnly | null; created_at: Generated<Date>; updated_at: Generated<Date>;
}
export interface PaymentsTable {
  id: Id; org_id: number; invoice_id: number; amount_minor: Money; paid_on: DateOnly; reference: string | null;
  import_key: string; created_at: Generated<Date>;
}
export interface CasesTable {
  id: Id; org_id: number; customer_id: number; status: Generated<CaseStatus>; stage: Generated<CaseStage>;
  level: Level | null; owner_user_id: number | null; claimed_at: Timestamp | null;
  next_action_on: DateOnly | null; snoozed_until: DateOnly | null; snooze_reason: string | null;
  last_record_at: Timestamp | null; version: Generated<number>; opened_at: Generated<Date>;
  closed_at: Timestamp | null; close_reason: string | null;
  legal_stage: Generated<LegalStage | null>;
}
export interface CollectionRecordsTable {
  id: Id; org_id: number; seq: ColumnType<bigint, never, never>; case_id: number; customer_id: number;
  author_user_id: number | null; method: Method; outcome: Outcome | null; body: string;
  next_action_on: DateOnly | null; corrects_id: number | null; idempotency_key: string | null;
  recorded_at: Generated<Date>; prev_hash: ColumnType<string, never, never>; hash: ColumnType<string, never, never>;
}
export interface RecordChainHeadsTable { org_id: number; seq: bigint; hash: string }
export interface PromisesTable {
  id: Id; org_id: number; case_id: number; customer_id: number; record_id: number | null;
  made_by_user_id: number | null; amount_minor: Money; currency: string; promised_on: DateOnly;
  note: string | null; status: Generated<'pending' | 'kept' | 'broken' | 'cancelled'>;
  resolved_at: Timestamp | null; created_at: Generated<Date>;
  /** 0014: an instalment of a plan (its number from 1), judged like any promise. */
  plan_id: Generated<number | null>; instalment: Generated<number | null>;
}
/** 0014: an instalment plan (issue 10); its instalments are rows of `promises`. */
export interface PlansTable {
  id: Id; org_id: number; case_id: number; customer_id: number; record_id: number | null; made_by_user_id: number | null;
  instalments: number; amount_minor: Money; currency: string; first_on: DateOnly; every: 'week' | 'month'; note: string | null;
  status: Generated<'open' | 'completed' | 'cancelled'>; completed_at: Timestamp | null; created_at: Generated<Date>;
}
/** 0014c: the monthly write-off review, claimed once per org and month (issue 10). */
export interface WriteoffReviewsTable { org_id: number; month: DateOnly; as_of: DateOnly; created_at: Generated<Date> }
export interface EscalationsTable {
  id: Id; org_id: number; case_id: number; kind: EscalationKind; invoice_id: number | null;
  agency_id: Generated<number | null>;
  requested_by: number; reason: string; override_reason: string | null;
  missing: ColumnType<string[], string, string>; case_version: number; balance_minor: Money;
  status: Generated<'pending' | 'approved' | 'rejected' | 'cancelled'>; decided_by: number | null;
  decision_note: string | null; decided_at: Timestamp | null; created_at: Generated<Date>;
}
export interface AlertsSentTable {
  id: Id; org_id: number; invoice_id: number; case_id: number | null; level: Level; raised_on: DateOnly;
  created_at: Generated<Date>;
}
export interface ChannelSubscriptionsTable {
  id: Id; org_id: number; platform: Platform | 'console'; channel_id: string; kind: SubscriptionKind;
  region: string | null; product: string | null; at_time: string | null; weekdays: Generated<number[]>;
  created_by: number | null; created_at: Generated<Date>; updated_at: Generated<Date>;
}
export interface ChatMessagesTable {
  id: Id; org_id: number; platform: Platform | 'console'; channel_id: string; message_id: string;
  thread_id: string | null; kind: 'alert' | 'digest' | 'case' | 'escalation' | 'report' | 'reminder' | 'kpi' | 'other';
  case_id: number | null; escalation_id: number | null; invoice_id: number | null;
  updatable_until: Timestamp | null; superseded_by: number | null;
  created_at: Generated<Date>; updated_at: Generated<Date>;
}
export interface TargetsTable {
  id: Id; org_id: number; scope: TargetScopeKind; scope_value: Generated<string>;
  metric: Generated<TargetMetricName>;
  /** The percent metrics' figure (recovery, cei); rows before 0016 have only this. */
  percent: string | null;
  /** 0016: every metric's figure (percent, days, or major units of the org's currency); read coalesce(value, percent). */
  value: string | null;
  period: Generated<'month' | 'quarter'>;
  owner_user_id: number | null; created_by: number | null; created_at: Generated<Date>;
}
/** 0016c: the monthly re-rating, claimed once per org and month. */
export interface ReratingReviewsTable { org_id: number; month: DateOnly; as_of: DateOnly; created_at: Generated<Date> }
/** 0016c: a suggested grade for a customer, decided once (accepted or kept). */
export interface ReratingSuggestionsTable {
  id: Id; org_id: number; customer_id: number; month: DateOnly; current_grade: string; suggested_grade: string;
  late_points: number; promise_points: number; overdue_points: number;
  decision: 'accepted' | 'kept' | null; decided_by: number | null; decided_at: Timestamp | null; created_at: Generated<Date>;
}
export type TargetScopeKind = 'org' | 'region' | 'owner' | 'product';
export type TargetMetricName = 'recovery' | 'collected' | 'dso' | 'cei' | 'overdue';
/** 0016b: a target flagged under 80% in one of its periods, and the remediation plan asked for. */
export interface TargetFlagsTable {
  id: Id; org_id: number; target_id: number; period_start: DateOnly; flagged_on: DateOnly;
  achievement_num: string; achievement_den: string; asked_user_ids: Generated<number[]>; follow_up_on: DateOnly;
  plan_owner_user_id: number | null; plan_action: string | null; plan_due_on: DateOnly | null;
  plan_by_user_id: number | null; plan_at: Timestamp | null; created_at: Generated<Date>;
}
export interface RemindersTable {
  id: Id; org_id: number; kind: string; user_id: number | null; case_id: number | null;
  promise_id: number | null; escalation_id: number | null; due_at: Timestamp;
  status: Generated<'pending' | 'sent' | 'cancelled' | 'failed'>; dedupe_key: string;
  sent_at: Timestamp | null; created_at: Generated<Date>;
  /** The person the reminder is about (owner_left: who left). */
  about_user_id: number | null;
  /** 0014b: pre_due — the day the listed invoices fall due. */
  falls_due_on: Generated<DateOnly | null>;
  /** 0016b: target_flagged / target_follow_up — the flag asked about. */
  target_flag_id: Generated<number | null>;
}
export interface CaseEventsTable {
  id: ColumnType<bigint, never, never>; org_id: number; case_id: number | null; type: CaseEventType;
  payload: ColumnType<Record<string, unknown>, string | undefined, string>; created_at: Generated<Date>;
  processed_at: Timestamp | null;
}
export interface DeliveriesTable {
  id: ColumnType<bigint, never, never>; org_id: number; platform: string; channel_id: string; kind: string;
  case_id: number | null; reminder_id: number | null; dedupe_key: string | null;
  /** What it is about (migration 0003): never read back from dedupe_key. */
  subscription_id: number | null; case_event_id: ColumnType<bigint | null, bigint | string | null | undefined, bigint | string | null>;
  chat_message_id: number | null; user_id: number | null; local_date: DateOnly | null;
  /** The message an `email` delivery sends (migration 0013). */
  outbound_message_id: Generated<number | null>;
  status: Generated<'queued' | 'sending' | 'sent' | 'failed' | 'dropped'>; attempts: Generated<number>;
  message_id: string | null; last_error: string | null; reason: string | null; sending_at: Timestamp | null;
  /** The image its post shows, once uploaded (migration 0008b): a retry shows the same one. */
  image_id: Generated<string | null>; image_alt: Generated<string | null>;
  /** How many times a worker took it for a send (migration 0017): the sending mark is a compare-and-set on it. */
  claim: Generated<number>;
  /** Until when the worker that claimed it may still be in its call (migration 0017b): renewed while the call runs. */
  lease_until: Timestamp | null;
  created_at: Generated<Date>; updated_at: Generated<Date>;
}
export interface DeliveryAttemptsTable {
  id: ColumnType<bigint, never, never>; org_id: number; delivery_id: bigint | number; attempt: number;
  outcome: string; error_code: string | null; detail: string | null; at: Generated<Date>;
}
export interface ActionReceiptsTable {
  org_id: number; key: string; result: ColumnType<unknown, string, string>; created_at: Generated<Date>;
}
export interface CalendarDaysTable {
  org_id: number; day: DateOnly; kind: CalendarDayKind; name: string; created_at: Generated<Date>; updated_at: Generated<Date>;
}
export interface AuditLogTable {
  id: ColumnType<bigint, never, never>; org_id: number; actor_user_id: number | null; actor: string;
  action: string; subject_type: string | null; subject_id: string | null;
  detail: ColumnType<Record<string, unknown>, string | undefined, never>; created_at: Generated<Date>;
}
export interface KpiSnapshotsTable {
  org_id: number; region: Generated<string>; currency: string; week_ending: DateOnly; period_days: number;
  ar_balance_minor: Money; overdue_balance_minor: Money;
  dso: string | null; cei: string | null; recovery_rate: string | null; bad_debt_rate: string | null;
  promise_kept_rate: string | null; source: 'job' | 'backfill'; created_at: Generated<Date>;
}

export interface LegalMovesTable {
  id: Id; org_id: number; case_id: number; customer_id: number; stage: LegalStage;
  result: 'recovered' | 'uncollectable' | null; recovered_minor: Money | null; record_id: number;
  moved_by: number | null; moved_on: DateOnly; created_at: Generated<Date>;
}
export interface AgenciesTable {
  id: Id; org_id: number; name: string; fee_share: string; active: Generated<boolean>; created_at: Generated<Date>;
}
export interface CaseAgenciesTable {
  id: Id; org_id: number; case_id: number; agency_id: number; escalation_id: number | null; fee_share: string;
  from_on: DateOnly; until_on: DateOnly | null; created_at: Generated<Date>;
}
export interface LimitationWarningsTable {
  org_id: number; invoice_id: number; ends_on: DateOnly; threshold: number; created_at: Generated<Date>;
}
export interface ContactsTable {
  id: Id; org_id: number; customer_id: number; name: string; email: string | null; phone: string | null;
  role: Generated<string>; locale: Locale | null; created_at: Generated<Date>; updated_at: Generated<Date>;
}
export interface MessageTemplatesTable {
  org_id: number; kind: MessageKind; locale: Locale; source: string; updated_by: string; updated_at: Generated<Date>;
}
export interface OrgMessagingTable {
  org_id: number; remittance: string | null; auto_remind: Generated<boolean>;
  customer_work_start: Generated<string>; customer_work_end: Generated<string>; customer_work_days: Generated<number[]>;
  updated_at: Generated<Date>;
}
export type OutboundStatus = 'draft' | 'queued' | 'sent' | 'undelivered' | 'cancelled';
export interface OutboundMessagesTable {
  id: Id; org_id: number; case_id: number | null; customer_id: number; kind: MessageKind; locale: Locale;
  recipients: string[]; reply_to: string | null; subject: string; html: string; text_body: string;
  status: Generated<OutboundStatus>; automatic: Generated<boolean>; requested_by: number | null;
  approved_by: number | null; approved_at: Timestamp | null; override_reason: string | null; not_before: Timestamp | null;
  message_id: string | null; record_id: number | null; smtp_response: string | null; dedupe_key: string | null;
  created_at: Generated<Date>; updated_at: Generated<Date>;
}
export interface OutboundAttachmentsTable {
  message_id: number; org_id: number; position: number; filename: string; content_type: string; data: Buffer; sha256: string;
}
export interface RecordDeliveryStatusesTable {
  id: Id; org_id: number; record_id: number; status: 'undelivered'; reason: string; created_at: Generated<Date>;
}

export interface CustomerHoldsTable {
  id: Id; org_id: number; customer_id: number; reason: string; set_by: number | null; set_at: Generated<Date>;
  lifted_by: number | null; lifted_at: Timestamp | null; lift_note: string | null;
}

export interface Database {
  orgs: OrgsTable;
  org_policies: OrgPoliciesTable;
  level_thresholds: LevelThresholdsTable;
  workspaces: WorkspacesTable;
  users: UsersTable;
  chat_identities: ChatIdentitiesTable;
  customers: CustomersTable;
  customer_holds: CustomerHoldsTable;
  invoices: InvoicesTable;
  payments: PaymentsTable;
  cases: CasesTable;
  collection_records: CollectionRecordsTable;
  record_chain_heads: RecordChainHeadsTable;
  promises: PromisesTable;
  plans: PlansTable;
  writeoff_reviews: WriteoffReviewsTable;
  target_flags: TargetFlagsTable;
  rerating_reviews: ReratingReviewsTable;
  rerating_suggestions: ReratingSuggestionsTable;
  escalations: EscalationsTable;
  alerts_sent: AlertsSentTable;
  channel_subscriptions: ChannelSubscriptionsTable;
  chat_messages: ChatMessagesTable;
  targets: TargetsTable;
  reminders: RemindersTable;
  case_events: CaseEventsTable;
  deliveries: DeliveriesTable;
  delivery_attempts: DeliveryAttemptsTable;
  action_receipts: ActionReceiptsTable;
  audit_log: AuditLogTable;
  legal_moves: LegalMovesTable;
  agencies: AgenciesTable;
  case_agencies: CaseAgenciesTable;
  limitation_warnings: LimitationWarningsTable;
  calendar_days: CalendarDaysTable;
  kpi_snapshots: KpiSnapshotsTable;
  contacts: ContactsTable;
  message_templates: MessageTemplatesTable;
  org_messaging: OrgMessagingTable;
  outbound_messages: OutboundMessagesTable;
  outbound_attachments: OutboundAttachmentsTable;
  record_delivery_statuses: RecordDeliveryStatusesTable;
}

export type Org = Selectable<OrgsTable>;
export type User = Selectable<UsersTable>;
export type Customer = Selectable<CustomersTable>;
export type Invoice = Selectable<InvoicesTable>;
export type Case = Selectable<CasesTable>;
export type CollectionRecord = Selectable<CollectionRecordsTable>;
export type PromiseRow = Selectable<PromisesTable>;
export type Escalation = Selectable<EscalationsTable>;
export type NewInvoice = Insertable<InvoicesTable>;
export type CaseUpdate = Updateable<CasesTable>;
