/**
 * The bookkeeping activities: a run row the workflow put together (a `missed` stretch, or a run
 * that failed outright) and the heartbeat's status when a message changes it.
 */
import type { HeartbeatStatusInput, RecordRunInput, RecordedRun } from '../contract/activities.js';
import { missedAlert, failedAlert, type AlertCandidate } from '../domain/alerts.js';
import { billingPeriod, creditsInPeriod } from '../domain/billing.js';
import type { Db } from '../db/client.js';
import { creditCounter } from '../db/queries/heartbeats.js';
import { saveRuntimeStatus } from '../db/queries/heartbeat-status.js';
import { recordRunWithEffects } from '../db/queries/runs.js';
import { raiseAlerts } from './alerts.js';
import { withDbRetry } from './attempts.js';
import type { ActivityDeps } from './deps.js';
import { rowOf } from './execute.js';
import { countRun } from './run-telemetry.js';

/** Writes the row with its effect on the heartbeat's counters and daily totals. Idempotent on the run key. */
export async function recordRun(
  deps: Pick<ActivityDeps, 'db' | 'metrics' | 'runLog'>,
  input: RecordRunInput,
): Promise<RecordedRun> {
  const row = rowOf(input);
  const counter = await withDbRetry(() => creditCounter(deps.db, input.heartbeat_id));
  const anchor = counter?.billing_anchor ?? new Date(0);
  const result = await withDbRetry(() =>
    recordRunWithEffects(deps.db, { run: row, periodStart: billingPeriod(anchor, row.created_at).start }),
  );
  if (result.inserted) countRun(deps, input);
  const carried = counter ? creditsInPeriod(counter, anchor, row.created_at) : 0;
  const alert_ids = await raiseAlerts(deps, alertsOfRecord(input));
  return { recorded: result.inserted, credits_used: result.credits_used ?? carried, alert_ids };
}

function alertsOfRecord(input: RecordRunInput): AlertCandidate[] {
  const owner = { project_id: input.project_id, bot_id: input.bot_id, heartbeat_id: input.heartbeat_id };
  const alerts: AlertCandidate[] = [];
  if (input.status === 'error') {
    alerts.push(failedAlert(owner, input.run_key, { type: input.type, error_message: input.error_message }));
  }
  if (input.reason === 'missed' && input.scheduled_for) {
    alerts.push(
      missedAlert(owner, { run_key: input.run_key, from: input.scheduled_for, count: input.missed_count ?? 1 }),
    );
  }
  return alerts;
}

/** Mirrors the workflow's view (state, error streak, pause reason, next run) onto the heartbeat row. */
export async function saveHeartbeatStatus(db: Db, input: HeartbeatStatusInput): Promise<void> {
  await withDbRetry(() => saveRuntimeStatus(db, input));
}
