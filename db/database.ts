/** The database's tables as Kysely types, and the row types the queries return. */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { KeyScope, Surface } from '../domain/access.js';
import type { CadenceMode, ContextMode, NotifyPolicy, PrecheckResult, RunOutcome } from '../domain/outcome.js';
import type { MissedRunsPolicy } from '../domain/catch-up.js';
import type { RepeatedHourPolicy, SkippedHourPolicy } from '../domain/dst.js';
import type { OverlapPolicy, RunStatus, RunType, VersionChange } from '../domain/heartbeat.js';

/** Timestamps are read as Date, written as Date or ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

export interface PlansTable {
  id: string; // 'free' | 'hobby' | 'starter' | 'pro' | 'prime'
  heartbeat_enabled: boolean;
  max_heartbeats_per_bot: number;
  min_interval_minutes: number;
  rate_limit_per_minute: number;
  max_bots: number;
  max_members: number;
  max_tools_per_bot: number;
}

export interface ProjectsTable {
  id: Generated<string>;
  name: string;
  plan_id: string;
  /** Billing periods are monthly from this instant (UTC). */
  billing_anchor: Generated<Date>;
  created_at: CreatedAt;
}

export interface ApiKeysTable {
  id: Generated<string>;
  project_id: string;
  /** SHA-256 of the key; the key itself is shown once and never stored. */
  key_hash: string;
  prefix: string;
  name: string | null;
  /** What the key may do (domain/access.ts); `full` for keys issued before scopes. */
  scope: ColumnType<KeyScope, KeyScope | undefined, KeyScope>;
  /** The one bot a `heartbeats:write` key may change the heartbeats of. */
  bot_id: string | null;
  created_at: CreatedAt;
  revoked_at: Timestamp | null;
}

export interface BotsTable {
  id: Generated<string>;
  project_id: string;
  name: string;
  model: string;
  instruction: string;
  status: Generated<number>;
  heartbeat: Generated<boolean>;
  webhook_url: string | null;
  webhook_secret: string | null;
  /** Alert events sent to the webhook (see domain/alerts.ts). */
  alert_events: Generated<string[]>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface MembersTable {
  id: Generated<string>;
  project_id: string;
  name: string | null;
  email: string | null;
  external_id: string | null;
  created_at: CreatedAt;
}

export interface HeartbeatsTable {
  id: Generated<string>;
  project_id: string;
  bot_id: string;
  member_id: string | null;
  prompt: string;
  interval_minutes: number | null;
  cron_pattern: string | null;
  enabled: boolean;
  active_hours_start: string | null;
  active_hours_end: string | null;
  active_days: string | null;
  timezone: string;
  credit_budget: number | null;
  max_consecutive_errors: number;
  /** The instant the cadence counts from. */
  anchor_at: Timestamp;
  /** Bumped by every configuration change; the workflow ignores older versions. */
  version: Generated<number>;
  /** The newest version the workflow has been told about; behind `version` until Temporal confirms. */
  synced_version: Generated<number>;
  /** The `enabled` value the workflow has been told about. */
  synced_enabled: Generated<boolean>;
  /** Set by delete; the row goes once the workflow has been told to end. */
  deleted_at: Timestamp | null;
  // Runtime figures, kept current by the workflow's activities.
  state: Generated<string>;
  paused_reason: string | null;
  consecutive_errors: Generated<number>;
  credits_used: Generated<number>;
  credits_period_start: Timestamp | null;
  execution_count: Generated<number>;
  error_count: Generated<number>;
  last_executed_at: Timestamp | null;
  last_status: string | null;
  /** The next due time as the workflow plans it (jitter included); null while nothing is planned. */
  next_run_at: Timestamp | null;
  /** Found stalled from outside the workflow (api/stalls.ts); cleared by its next status write or any change. */
  stalled_at: Timestamp | null;
  stall_reason: string | null;
  jitter_seconds: Generated<number>;
  /** Which runs' notifications are sent (see domain/outcome.ts). */
  notify_policy: Generated<NotifyPolicy>;
  /** GET before any model call; "nothing changed" skips the run for free. */
  precheck_url: string | null;
  /** A cheaper model that looks first and may end the run as nothing_to_report. */
  triage_model: string | null;
  /** Overrides the bot's model for this heartbeat. */
  model: string | null;
  max_credits_per_run: number | null;
  cadence: Generated<CadenceMode>;
  /** The longest an adaptive heartbeat waits; null: 4 × interval_minutes. */
  max_interval_minutes: number | null;
  context: Generated<ContextMode>;
  context_runs: Generated<number>;
  context_token_limit: number | null;
  /** Why the next run is when it is (an adaptive heartbeat's last adaptation). */
  next_run_reason: string | null;
  /** Policies (domain/catch-up.ts, domain/dst.ts, domain/heartbeat.ts); the defaults are what came before them. */
  missed_runs: Generated<MissedRunsPolicy>;
  catch_up_window_minutes: Generated<number>;
  dst_repeated_hour: Generated<RepeatedHourPolicy>;
  dst_skipped_hour: Generated<SkippedHourPolicy>;
  overlap: Generated<OverlapPolicy>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  /** The surface the last change came through; null for changes made before it was recorded. */
  updated_via: Surface | null;
}

/** A configuration a heartbeat has had: who changed it, when, through what, and what it was. */
export interface HeartbeatVersionsTable {
  heartbeat_id: string;
  version: number;
  project_id: string;
  change: VersionChange;
  /** The surface the change came through (api, mcp, dashboard); null where it was not known. */
  via: Surface | null;
  /** The API key that made it; null for a change no key made. */
  key_id: string | null;
  key_prefix: string | null;
  key_name: string | null;
  /** The configuration as the API showed it after the change. */
  configuration: ColumnType<Record<string, unknown>, string, never>;
  created_at: CreatedAt;
}

export interface HeartbeatRunsTable {
  id: Generated<string>;
  project_id: string;
  bot_id: string;
  /** No foreign key: logs outlive a deleted heartbeat. */
  heartbeat_id: string;
  member_id: string | null;
  /** Heartbeat id + nominal time, or the trigger's id: one row per run, however often retried. */
  run_key: string;
  type: RunType;
  status: RunStatus;
  reason: string | null;
  missed_count: number | null;
  prompt: string;
  response: string | null;
  error_message: string | null;
  /** A stable code for the error, where there is one (`run_credit_limit`). */
  error_code: string | null;
  duration_ms: Generated<number>;
  tokens_used: Generated<number>;
  credits_charged: Generated<number>;
  scheduled_for: Timestamp | null;
  /** The heartbeat's configuration version the run ran with; null on runs recorded before it was kept. */
  config_version: number | null;
  /** When the agent run began. */
  started_at: Timestamp | null;
  /** The activity attempt that finished the run. */
  attempts: Generated<number>;
  /** Earlier attempts cut short (a worker died mid-run): whether each reached the model provider. */
  interrupted_attempts: ColumnType<InterruptedAttempt[] | null, string | null, string | null>;
  /** The tools the agent called, in order. */
  tool_calls: ColumnType<RunToolCall[] | null, string | null, string | null>;
  /** What the run reported (report_outcome or HEARTBEAT_OK); null when it reported nothing. */
  outcome: RunOutcome | null;
  summary: string | null;
  next_check_in_minutes: number | null;
  /** Set when a triage model looked first: whether the run went on to the full model. */
  escalated: boolean | null;
  triage_tokens_used: number | null;
  precheck: PrecheckResult | null;
  /** Why the precheck's answer was ignored. */
  precheck_note: string | null;
  created_at: CreatedAt;
}

export interface RunToolCall {
  name: string;
  ok: boolean;
  duration_ms: number;
}

export interface InterruptedAttempt {
  attempt: number;
  /** The attempt had called the model provider (tokens may have been spent there). */
  reached_provider: boolean;
  /** Provider calls it had started. */
  provider_calls: number;
  /** What the provider reported it had spent (charged with the run); absent on older rows. */
  tokens_used?: number;
  credits_charged?: number;
}

export interface HeartbeatRunDaysTable {
  project_id: string;
  day: ColumnType<string, string, string>; // YYYY-MM-DD (UTC)
  bot_id: string;
  heartbeat_id: string;
  member_id: string | null;
  status: RunStatus;
  type: RunType;
  runs: number;
  tokens: number;
  credits: number;
  duration_ms: number;
  /** Runs by outcome (those without one are the rest). */
  nothing_to_report: Generated<number>;
  progress: Generated<number>;
  needs_attention: Generated<number>;
  /** Runs the precheck skipped, runs the triage model ended, and what the latter were charged. */
  precheck_skips: Generated<number>;
  triage_ends: Generated<number>;
  triage_credits: Generated<number>;
}

export interface NotificationsTable {
  id: Generated<string>;
  project_id: string;
  bot_id: string;
  heartbeat_id: string | null;
  member_id: string | null;
  /** Run key + call index within the run: a retried run stores and delivers it once. */
  notification_key: string;
  run_key: string;
  title: string;
  body: string;
  delivery_status: Generated<string>;
  delivered_at: Timestamp | null;
  /** Kept but not sent: the heartbeat's notify_policy held back its run's notifications. */
  suppressed: Generated<boolean>;
  created_at: CreatedAt;
}

export interface AlertsTable {
  id: Generated<string>;
  project_id: string;
  bot_id: string;
  heartbeat_id: string;
  /** Once per key: a retried run raises and delivers it once. */
  alert_key: string;
  event: string;
  run_key: string | null;
  data: Record<string, unknown>;
  delivery_status: Generated<string>;
  delivered_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface BotToolsTable {
  id: Generated<string>;
  project_id: string;
  bot_id: string;
  server_label: string;
  server_url: string;
  /** Secrets: never returned by the API nor logged. */
  headers: ColumnType<Record<string, string>, string, string>;
  created_at: CreatedAt;
}

export interface IdempotencyKeysTable {
  project_id: string;
  /** What the key was sent with: an endpoint, or an endpoint and the object it acts on. */
  scope: string;
  key: string;
  /** SHA-256 of the request: the same key with another request is refused. */
  request_hash: string;
  /** The answer, once there is one; null while the first request is still being handled. */
  response_status: number | null;
  response_body: ColumnType<unknown, string | null, string | null> | null;
  created_at: CreatedAt;
  expires_at: Timestamp;
}

/** rate-limiter-flexible's store: points used in the window that ends at `expire` (epoch ms). */
export interface RateLimitsTable {
  key: string;
  points: number;
  expire: ColumnType<number | null, number | null, number | null>;
}

/** How late a worker's runs start, as it last reported (the API sheds reads while they are late). */
export interface WorkerPressureTable {
  worker_id: string;
  lateness_ms: number;
  updated_at: Generated<Date>;
}

/** What an attempt of a run in progress has done, for the attempt after it (activities/attempts.ts). */
export interface RunAttemptsTable {
  run_key: string;
  details: ColumnType<unknown, string, string>;
  updated_at: Generated<Date>;
}

/** A waiting run's claim of its start, or the workflow's withdrawal of it (activities/waiting-run.ts). */
export interface RunClaimsTable {
  run_key: string;
  token: string;
  withdrawn: boolean;
  created_at: Generated<Date>;
}

/** A deleted heartbeat's id, kept after its row is gone so no stale copy of it starts it again. */
export interface HeartbeatTombstonesTable {
  id: string;
  project_id: string;
  deleted_at: Date;
}

/** A dashboard sign-in: its cookie is good while this row is here and unexpired. */
export interface DashboardSessionsTable {
  id: Generated<string>;
  project_id: string;
  created_at: Date;
  expires_at: Date;
}

export interface Database {
  plans: PlansTable;
  projects: ProjectsTable;
  api_keys: ApiKeysTable;
  bots: BotsTable;
  members: MembersTable;
  heartbeats: HeartbeatsTable;
  heartbeat_runs: HeartbeatRunsTable;
  heartbeat_versions: HeartbeatVersionsTable;
  heartbeat_run_days: HeartbeatRunDaysTable;
  notifications: NotificationsTable;
  alerts: AlertsTable;
  bot_tools: BotToolsTable;
  idempotency_keys: IdempotencyKeysTable;
  rate_limits: RateLimitsTable;
  worker_pressure: WorkerPressureTable;
  run_attempts: RunAttemptsTable;
  run_claims: RunClaimsTable;
  heartbeat_tombstones: HeartbeatTombstonesTable;
  dashboard_sessions: DashboardSessionsTable;
}

export type Plan = Selectable<PlansTable>;
export type Project = Selectable<ProjectsTable>;
export type Bot = Selectable<BotsTable>;
export type NewBot = Insertable<BotsTable>;
export type BotUpdate = Updateable<BotsTable>;
export type Member = Selectable<MembersTable>;
export type Heartbeat = Selectable<HeartbeatsTable>;
export type NewHeartbeat = Insertable<HeartbeatsTable>;
export type HeartbeatUpdate = Updateable<HeartbeatsTable>;
export type HeartbeatRun = Selectable<HeartbeatRunsTable>;
export type HeartbeatVersion = Selectable<HeartbeatVersionsTable>;
export type NewHeartbeatVersion = Insertable<HeartbeatVersionsTable>;
export type NewHeartbeatRun = Insertable<HeartbeatRunsTable>;
export type Notification = Selectable<NotificationsTable>;
export type BotTool = Selectable<BotToolsTable>;
