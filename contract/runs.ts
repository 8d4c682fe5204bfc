/**
 * Run keys and run rows, in one place for the workflow, the activities and the API: the key that
 * makes a run exactly-once, and the log row a run, a skip or a missed stretch is written as.
 */
import type {
  AgentRunInput,
  ExecuteRunInput,
  ExecuteRunResult,
  MissedOccurrences,
  RecordRunInput,
} from './activities.js';
import type { BudgetRefusal } from '../domain/run-decision.js';
import type { HeartbeatConfig, RunStatus, RunType, SkipReason } from '../domain/heartbeat.js';

/** Run keys: one per occurrence, per manual trigger, per missed stretch. */
export const runKeys = {
  scheduled: (heartbeatId: string, due: string) => `${heartbeatId}:${due}`,
  manual: (heartbeatId: string, triggerId: string) => `${heartbeatId}:manual:${triggerId}`,
  missed: (heartbeatId: string, from: string) => `${heartbeatId}:missed:${from}`,
};

/** What happened in a run, beyond what its configuration says. */
export interface RunFacts {
  run_key: string;
  type: RunType;
  status: RunStatus;
  scheduled_for: string | null;
  at: string;
  reason?: SkipReason | null;
  missed_count?: number | null;
  response?: string | null;
  error_message?: string | null;
  duration_ms?: number;
  tokens_used?: number;
  credits_charged?: number;
}

/** A run's log row from its heartbeat's configuration and what happened. */
export function runRecord(config: HeartbeatConfig, facts: RunFacts): RecordRunInput {
  return {
    run_key: facts.run_key,
    heartbeat_id: config.heartbeat_id,
    project_id: config.project_id,
    bot_id: config.bot_id,
    member_id: config.member_id,
    prompt: config.prompt,
    type: facts.type,
    status: facts.status,
    reason: facts.reason ?? null,
    missed_count: facts.missed_count ?? null,
    response: facts.response ?? null,
    error_message: facts.error_message ?? null,
    duration_ms: facts.duration_ms ?? 0,
    tokens_used: facts.tokens_used ?? 0,
    credits_charged: facts.credits_charged ?? 0,
    scheduled_for: facts.scheduled_for,
    config_version: config.version,
    at: facts.at,
  };
}

/** The one `skipped`/`missed` row a stretch of occurrences that will never run is recorded as. */
export function missedRecord(config: HeartbeatConfig, missed: MissedOccurrences, at: string): RecordRunInput {
  return runRecord(config, {
    run_key: missed.run_key,
    type: 'heartbeat',
    status: 'skipped',
    reason: 'missed',
    missed_count: missed.count,
    error_message: `${missed.count} scheduled run(s) from ${missed.from} were missed while no run could start`,
    scheduled_for: missed.from,
    at,
  });
}

/** What a run the budget turned away answers: nothing spent, the period to sleep through. */
export function refusedRunResult(refusal: BudgetRefusal, creditsUsed: number): ExecuteRunResult {
  return {
    status: 'skipped',
    reason: 'budget_exhausted',
    response: null,
    error_message: null,
    tokens_used: 0,
    credits_charged: 0,
    duration_ms: 0,
    credits_used: creditsUsed,
    budget: refusal.budget,
    notification_ids: [],
    saved_status: refusal.status,
  };
}

/** What the agent of a run needs to know of it (and what its precheck found changed). */
export function agentInputOf(input: ExecuteRunInput, precheckContext?: string): AgentRunInput {
  const c = input.config;
  return {
    run_key: input.run_key,
    heartbeat_id: c.heartbeat_id,
    project_id: c.project_id,
    bot_id: c.bot_id,
    member_id: c.member_id,
    prompt: c.prompt,
    ...(precheckContext && { precheck_context: precheckContext }),
  };
}
