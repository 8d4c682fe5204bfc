/** The one place a run's log row is put together from the configuration and what happened. */
import type { RecordRunInput } from '../contract/activities.js';
import type { RunStatus, RunType, SkipReason } from '../domain/heartbeat.js';
import type { HeartbeatConfig } from '../domain/heartbeat.js';

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
    at: facts.at,
  };
}

/** Run keys: one per occurrence, per manual trigger, per missed stretch. */
export const runKeys = {
  scheduled: (config: HeartbeatConfig, due: string) => `${config.heartbeat_id}:${due}`,
  manual: (config: HeartbeatConfig, triggerId: string) => `${config.heartbeat_id}:manual:${triggerId}`,
  missed: (config: HeartbeatConfig, from: string) => `${config.heartbeat_id}:missed:${from}`,
};
