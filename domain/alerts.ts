/**
 * Alerts: events an operator wants to hear about without polling, sent to the bot's webhook
 * (signed and retried like notifications) when the bot subscribes to them, and which alerts a
 * run raises. Pure: the activities store and deliver them.
 */
import type { HeartbeatConfig, RunStatus, RunType, Streak } from './heartbeat.js';
import type { OutcomeReport } from './outcome.js';

export const ALERT_EVENTS = [
  'heartbeat.auto_paused',
  'heartbeat.budget_exhausted',
  'run.failed',
  'run.missed',
  'run.needs_attention',
  'heartbeat.stalled',
] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];

/** An alert about to be raised. `key` makes it once-only: raising it again changes nothing. */
export interface AlertCandidate {
  key: string;
  event: AlertEvent;
  project_id: string;
  bot_id: string;
  heartbeat_id: string;
  run_key: string | null;
  /** What happened, in the event's own terms (the error, the streak, the budget, the count). */
  data: Record<string, unknown>;
}

/** A stretch of occurrences that will never run, recorded as one `missed` row. */
export interface MissedStretch {
  run_key: string;
  /** The first missed occurrence (ISO). */
  from: string;
  count: number;
}

type AlertOwner = Pick<AlertCandidate, 'project_id' | 'bot_id' | 'heartbeat_id'>;

/**
 * A heartbeat found stalled from outside its workflow: once per stall (its version and the next
 * run it was stuck at), however many times the reconciler looks.
 */
export function stalledAlert(
  owner: AlertOwner,
  stall: { version: number; next_run_at: string | null; reason: string },
): AlertCandidate {
  return {
    ...owner,
    key: `${owner.heartbeat_id}:${stall.version}:${stall.next_run_at ?? 'none'}:heartbeat.stalled`,
    event: 'heartbeat.stalled',
    run_key: null,
    data: { reason: stall.reason, next_run_at: stall.next_run_at },
  };
}

/** A run that ended in an error. */
export function failedAlert(owner: AlertOwner, runKey: string, data: Record<string, unknown>): AlertCandidate {
  return { ...owner, key: `${runKey}:run.failed`, event: 'run.failed', run_key: runKey, data };
}

/** A stretch of occurrences that will never run. */
export function missedAlert(owner: AlertOwner, missed: MissedStretch): AlertCandidate {
  return {
    ...owner,
    key: `${missed.run_key}:run.missed`,
    event: 'run.missed',
    run_key: missed.run_key,
    data: { count: missed.count, from: missed.from },
  };
}

/** The run an alert is about: its heartbeat, its key and type, and the streak before it. */
export interface AlertingRun {
  config: Pick<HeartbeatConfig, 'project_id' | 'bot_id' | 'heartbeat_id' | 'max_consecutive_errors' | 'credit_budget'>;
  run_key: string;
  type: RunType;
  streak: Streak;
}

/** What a run did that alerts speak of. */
export interface RunAlertFacts {
  status: RunStatus;
  error_message: string | null;
  /** The streak after the run (for an error: the count in a row and whether it paused). */
  streak?: Streak;
  missed?: MissedStretch;
  budget?: { period_start: string; period_end: string; credits_used: number };
  /** What the run reported of itself. */
  report?: OutcomeReport | null;
}

/** The alerts a run raises: each keyed so that a retried attempt raises it once. */
export function alertsOfRun(run: AlertingRun, facts: RunAlertFacts): AlertCandidate[] {
  const c = run.config;
  const owner = { project_id: c.project_id, bot_id: c.bot_id, heartbeat_id: c.heartbeat_id };
  const alerts: AlertCandidate[] = [];
  if (facts.status === 'error') {
    alerts.push(
      failedAlert(owner, run.run_key, {
        type: run.type,
        error_message: facts.error_message,
        consecutive_errors: facts.streak?.consecutive_errors ?? null,
        max_consecutive_errors: c.max_consecutive_errors,
        outcome: facts.report?.outcome ?? null,
      }),
    );
  }
  if (facts.report?.outcome === 'needs_attention') {
    alerts.push({
      ...owner,
      key: `${run.run_key}:run.needs_attention`,
      event: 'run.needs_attention',
      run_key: run.run_key,
      data: { type: run.type, ...facts.report },
    });
  }
  if (facts.streak?.auto_paused && !run.streak.auto_paused) {
    alerts.push({
      ...owner,
      key: `${run.run_key}:heartbeat.auto_paused`,
      event: 'heartbeat.auto_paused',
      run_key: run.run_key,
      data: { paused_reason: facts.streak.paused_reason, consecutive_errors: facts.streak.consecutive_errors },
    });
  }
  if (facts.budget) {
    // Once per billing period, however many runs it turns away.
    alerts.push({
      ...owner,
      key: `${c.heartbeat_id}:${facts.budget.period_start}:heartbeat.budget_exhausted`,
      event: 'heartbeat.budget_exhausted',
      run_key: run.run_key,
      data: { credit_budget: c.credit_budget, ...facts.budget },
    });
  }
  if (facts.missed) alerts.push(missedAlert(owner, facts.missed));
  return alerts;
}

/** A stored alert, as its webhook body says it. */
export interface StoredAlert {
  id: string;
  event: string;
  project_id: string;
  bot_id: string;
  heartbeat_id: string;
  run_key: string | null;
  data: Record<string, unknown>;
  created_at: Date;
}

/** The JSON body an alert's webhook receives: `type` is the event. */
export function alertWebhookBody(a: StoredAlert): string {
  return JSON.stringify({
    type: a.event,
    id: a.id,
    project_id: a.project_id,
    bot_id: a.bot_id,
    heartbeat_id: a.heartbeat_id,
    run_key: a.run_key,
    data: a.data,
    created_at: a.created_at.toISOString(),
  });
}
