import type { ExecuteRunInput, MissedOccurrences } from '../contract/activities.js';
import type { AlertCandidate } from '../domain/alerts.js';
import type { RunStatus, Streak } from '../domain/heartbeat.js';
import { alertForDelivery, setAlertDeliveryStatus, storeSubscribedAlerts } from '../db/queries/alerts.js';
import { withDbRetry } from './attempts.js';
import type { ActivityDeps } from './deps.js';
import { postSigned } from './notifications.js';

/**
 * Raises alerts: stores those the bot subscribes to (once per key) and returns the ids to
 * deliver. Keys make it safe to raise the same alerts again from a retried attempt.
 */
export async function raiseAlerts(deps: Pick<ActivityDeps, 'db'>, alerts: AlertCandidate[]): Promise<string[]> {
  if (alerts.length === 0) return [];
  return withDbRetry(() => storeSubscribedAlerts(deps.db, alerts));
}

/** POSTs a stored alert to its bot's webhook, with `type` the event: signed and retried like a notification. */
export async function deliverAlert(
  deps: Pick<ActivityDeps, 'db' | 'metrics' | 'fetch' | 'secrets'>,
  alertId: string,
): Promise<'delivered' | 'already_delivered' | 'no_webhook'> {
  const { db } = deps;
  const row = await alertForDelivery(db, alertId);
  if (!row || !row.webhook_url || !row.webhook_secret) return 'no_webhook';
  if (row.delivered_at) return 'already_delivered';
  const body = JSON.stringify({
    type: row.event,
    id: row.id,
    project_id: row.project_id,
    bot_id: row.bot_id,
    heartbeat_id: row.heartbeat_id,
    run_key: row.run_key,
    data: row.data,
    created_at: row.created_at.toISOString(),
  });
  return postSigned(deps, {
    kind: 'alert',
    url: row.webhook_url,
    sealedSecret: row.webhook_secret,
    id: row.alert_key,
    body,
    setStatus: (status, at) => setAlertDeliveryStatus(db, row.id, status, at),
  });
}

/** What a run did that alerts speak of. */
export interface RunAlertFacts {
  status: RunStatus;
  error_message: string | null;
  /** The streak after the run (for an error: the count in a row and whether it paused). */
  streak?: Streak;
  missed?: MissedOccurrences;
  budget?: { period_start: string; period_end: string; credits_used: number };
}

/** The alerts a run raises: each keyed so that a retried attempt raises it once. */
export function alertsOfRun(input: ExecuteRunInput, facts: RunAlertFacts): AlertCandidate[] {
  const c = input.config;
  const base = { project_id: c.project_id, bot_id: c.bot_id, heartbeat_id: c.heartbeat_id };
  const alerts: AlertCandidate[] = [];
  if (facts.status === 'error') {
    alerts.push(
      failedAlert(base, input.run_key, {
        type: input.type,
        error_message: facts.error_message,
        consecutive_errors: facts.streak?.consecutive_errors ?? null,
        max_consecutive_errors: c.max_consecutive_errors,
      }),
    );
  }
  if (facts.streak?.auto_paused && !input.streak.auto_paused) {
    alerts.push({
      ...base,
      key: `${input.run_key}:heartbeat.auto_paused`,
      event: 'heartbeat.auto_paused',
      run_key: input.run_key,
      data: { paused_reason: facts.streak.paused_reason, consecutive_errors: facts.streak.consecutive_errors },
    });
  }
  if (facts.budget) {
    // Once per billing period, however many runs it turns away.
    alerts.push({
      ...base,
      key: `${c.heartbeat_id}:${facts.budget.period_start}:heartbeat.budget_exhausted`,
      event: 'heartbeat.budget_exhausted',
      run_key: input.run_key,
      data: { credit_budget: c.credit_budget, ...facts.budget },
    });
  }
  if (facts.missed) alerts.push(missedAlert(base, facts.missed));
  return alerts;
}

type AlertOwner = Pick<AlertCandidate, 'project_id' | 'bot_id' | 'heartbeat_id'>;

/** A run that ended in an error. */
export function failedAlert(base: AlertOwner, runKey: string, data: Record<string, unknown>): AlertCandidate {
  return { ...base, key: `${runKey}:run.failed`, event: 'run.failed', run_key: runKey, data };
}

/** A stretch of occurrences that will never run. */
export function missedAlert(base: AlertOwner, missed: MissedOccurrences): AlertCandidate {
  return {
    ...base,
    key: `${missed.run_key}:run.missed`,
    event: 'run.missed',
    run_key: missed.run_key,
    data: { count: missed.count, from: missed.from },
  };
}
