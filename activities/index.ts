/**
 * The heartbeat workflow's activities, bound to their dependencies (`Activities` is their type for the
 * workflow).
 */
export type { ActivityDeps } from './deps.js';
import type { ExecuteRunInput, HeartbeatStatusInput, RecordRunInput, WaitingRunInput } from '../contract/activities.js';
import type { ActivityDeps } from './deps.js';
import { executeRun } from './execute.js';
import { deliverAlert } from './alerts.js';
import { deliverNotification } from './notifications.js';
import { recordRun, saveHeartbeatStatus } from './runs.js';
import { ReportPacer, runSlots, runWhenDue, withdrawWaitingRun } from './waiting-run.js';

/**
 * The heartbeat workflow's activities, bound to their dependencies. All are idempotent.
 * `concurrentRuns`: how many runs held by this process may run at the same time once due (the
 * worker's activity limit).
 */
export function createActivities(deps: ActivityDeps, opts: { concurrentRuns?: number } = {}) {
  const held = { slots: runSlots(opts.concurrentRuns ?? 200), pacer: new ReportPacer() };
  return {
    executeRun: (input: ExecuteRunInput) => executeRun(deps, input),
    runWhenDue: (input: WaitingRunInput) => runWhenDue(deps, held, input),
    withdrawWaitingRun: (input: { run_key: string; token: string }) => withdrawWaitingRun(deps, held.pacer, input),
    recordRun: (input: RecordRunInput) => recordRun(deps, input),
    saveHeartbeatStatus: (input: HeartbeatStatusInput) => saveHeartbeatStatus(deps.db, input),
    deliverNotification: (input: { notification_id: string }) => deliverNotification(deps, input.notification_id),
    deliverAlert: (input: { alert_id: string }) => deliverAlert(deps, input.alert_id),
  };
}

export type Activities = ReturnType<typeof createActivities>;
