/** What a written run row counts for: the worker's metrics and its one run-log line. */
import type { RecordRunInput } from '../contract/activities.js';
import type { ActivityDeps } from './deps.js';

/** For a row the agent's run wrote: what the metrics know only of runs that ran. */
export interface AgentFacts {
  /** Nominal due time → the agent's start, for scheduled runs. */
  lateness_ms: number | null;
  /** The run paused its heartbeat. */
  paused: boolean;
}

/** Counts a row once it is written (never for a retry that found it). */
export function countRun(
  deps: Pick<ActivityDeps, 'metrics' | 'runLog' | 'noteLateness'>,
  row: RecordRunInput,
  agent?: AgentFacts,
): void {
  const m = deps.metrics;
  m?.runs.inc({ type: row.type, status: row.status, reason: row.reason ?? '' });
  if (row.reason === 'missed') m?.missed.inc(row.missed_count ?? 1);
  if (agent) {
    if (agent.lateness_ms !== null) {
      m?.lateness.observe(agent.lateness_ms / 1000);
      deps.noteLateness?.(agent.lateness_ms);
    }
    m?.agentDuration.observe(row.duration_ms / 1000);
    m?.tokens.inc(row.tokens_used);
    m?.credits.inc(row.credits_charged);
    if (agent.paused) m?.autoPauses.inc();
  }
  deps.runLog?.({
    heartbeat_id: row.heartbeat_id,
    run_key: row.run_key,
    type: row.type,
    status: row.status,
    reason: row.reason,
    lateness_ms: agent?.lateness_ms ?? null,
    duration_ms: row.duration_ms,
    tokens: row.tokens_used,
    credits: row.credits_charged,
    error: row.error_message,
  });
}
