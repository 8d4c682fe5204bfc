/** A heartbeat's configuration and a failed outcome, as the workflow and run tests build them. */
import type { AgentRunOutcome, ExecuteRunInput } from '../../contract/activities.js';
import { runKeys } from '../../contract/runs.js';
import type { HeartbeatConfig } from '../../domain/heartbeat.js';

/** An hourly UTC heartbeat with no window and no budget, anchored at `anchor`. */
export function heartbeatConfig(anchor: string, overrides: Partial<HeartbeatConfig> = {}): HeartbeatConfig {
  return {
    heartbeat_id: 'hb-1',
    project_id: 'project-1',
    bot_id: 'bot-1',
    member_id: null,
    prompt: 'Check the inbox',
    interval_minutes: 60,
    cron_pattern: null,
    active_hours_start: null,
    active_hours_end: null,
    active_days: null,
    timezone: 'UTC',
    anchor,
    enabled: true,
    credit_budget: null,
    max_consecutive_errors: 5,
    version: 1,
    ...overrides,
  };
}

/** An agent run that failed with `message`. */
export const failedOutcome = (message = 'provider said no'): AgentRunOutcome => ({
  status: 'error',
  response: null,
  error_message: message,
  tokens_used: 0,
  credits_charged: 0,
  duration_ms: 3,
});

/** The input of the scheduled run of `config` due at `due` (ISO), on a heartbeat running with no errors. */
export function scheduledRunInput(
  config: HeartbeatConfig,
  due: string,
  overrides: Partial<ExecuteRunInput> = {},
): ExecuteRunInput {
  return {
    run_key: runKeys.scheduled(config.heartbeat_id, due),
    type: 'heartbeat',
    scheduled_for: due,
    config,
    streak: { enabled: true, auto_paused: false, consecutive_errors: 0, paused_reason: null },
    budget_row_written_for: null,
    next_run_at: null,
    ...overrides,
  };
}
