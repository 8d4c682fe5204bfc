import type { HeartbeatState, RunStatus, RunType } from '../domain/heartbeat.js';

/** Inputs and outputs of the heartbeat activities (shared with the workflow as types only). */

export interface BudgetCheckInput {
  heartbeat_id: string;
  project_id: string;
  credit_budget: number | null;
  /** The workflow's time (ISO): decides the billing period, the same one the run is charged to. */
  at: string;
}

export interface BudgetCheck {
  allowed: boolean;
  credits_used: number;
  /** The billing period (ISO), monthly from the project's billing anchor. */
  period_start: string;
  period_end: string;
}

export interface AgentRunInput {
  run_key: string;
  heartbeat_id: string;
  project_id: string;
  bot_id: string;
  member_id: string | null;
  prompt: string;
}

export interface AgentRunOutcome {
  status: 'success' | 'error';
  response: string | null;
  error_message: string | null;
  tokens_used: number;
  credits_charged: number;
  duration_ms: number;
  /** Notifications stored by notify_user, for webhook delivery. */
  notification_ids?: string[];
}

export interface RecordRunInput {
  run_key: string;
  heartbeat_id: string;
  project_id: string;
  bot_id: string;
  member_id: string | null;
  type: RunType;
  status: RunStatus;
  reason: string | null;
  missed_count: number | null;
  prompt: string;
  response: string | null;
  error_message: string | null;
  duration_ms: number;
  tokens_used: number;
  credits_charged: number;
  scheduled_for: string | null;
  /** The workflow's time (ISO): the billing period the credits are charged to. */
  at: string;
}

export interface RecordedRun {
  /** False when a row with this run key already existed (a retry): nothing was written or charged. */
  recorded: boolean;
  credits_used: number;
}

export interface HeartbeatStatusInput {
  heartbeat_id: string;
  version: number;
  state: HeartbeatState;
  paused_reason: string | null;
  consecutive_errors: number;
  /** Set when the workflow paused the heartbeat itself: `enabled` turns false in the database. */
  auto_paused: boolean;
}
