import { skipLine } from './execute.js';
import type { HeartbeatStatusInput, RecordRunInput, RecordedRun } from '../contract/activities.js';
import { billingPeriod, creditsInPeriod } from '../domain/billing.js';
import type { Db } from '../db/client.js';
import type { ActivityDeps } from './deps.js';
import { creditCounter, saveRuntimeStatus } from '../db/queries/heartbeats.js';
import { recordRunWithEffects } from '../db/queries/runs.js';
import { withDbRetry } from './attempts.js';
import { failedAlert, missedAlert, raiseAlerts } from './alerts.js';
import type { AlertCandidate } from '../domain/alerts.js';

/**
 * Writes a run row the workflow put together (a `missed` stretch, or a run that failed outright)
 * with its effect on the heartbeat's counters and daily totals. Idempotent on the run key.
 */
export async function recordRun(
  deps: Pick<ActivityDeps, 'db' | 'metrics' | 'runLog'>,
  input: RecordRunInput,
): Promise<RecordedRun> {
  const { db, metrics } = deps;
  const { at, ...row } = input;
  const now = at ? new Date(at) : new Date();
  const counter = await withDbRetry(() => creditCounter(db, input.heartbeat_id));
  const anchor = counter?.billing_anchor ?? new Date(0);
  const result = await withDbRetry(() =>
    recordRunWithEffects(db, { run: { ...row, created_at: now }, periodStart: billingPeriod(anchor, now).start }),
  );
  if (result.inserted) {
    metrics?.runs.inc({ type: input.type, status: input.status, reason: input.reason ?? '' });
    if (input.reason === 'missed') metrics?.missed.inc(input.missed_count ?? 1);
    deps.runLog?.(
      input.status === 'skipped'
        ? skipLine(input)
        : {
            heartbeat_id: input.heartbeat_id,
            run_key: input.run_key,
            type: input.type,
            status: input.status,
            reason: input.reason,
            lateness_ms: null,
            duration_ms: input.duration_ms,
            tokens: input.tokens_used,
            credits: input.credits_charged,
            error: input.error_message,
          },
    );
  }
  const carried = counter ? creditsInPeriod(counter, anchor, now) : 0;
  const base = { project_id: input.project_id, bot_id: input.bot_id, heartbeat_id: input.heartbeat_id };
  const alerts: AlertCandidate[] = [];
  if (input.status === 'error') {
    alerts.push(failedAlert(base, input.run_key, { type: input.type, error_message: input.error_message }));
  }
  if (input.reason === 'missed' && input.scheduled_for) {
    alerts.push(
      missedAlert(base, { run_key: input.run_key, from: input.scheduled_for, count: input.missed_count ?? 1 }),
    );
  }
  const alert_ids = await raiseAlerts(deps, alerts);
  return { recorded: result.inserted, credits_used: result.credits_used ?? carried, alert_ids };
}

/** Mirrors the workflow's view (state, error streak, pause reason, next run) onto the heartbeat row. */
export async function saveHeartbeatStatus(db: Db, input: HeartbeatStatusInput): Promise<void> {
  await withDbRetry(() => saveRuntimeStatus(db, input));
}
