/**
 * The heartbeat workflow's activities, bound to their dependencies (`Activities` is their type for the
 * workflow).
 */
export type { ActivityDeps } from './deps.js';
import type { ExecuteRunInput, HeartbeatStatusInput, RecordRunInput } from '../contract/activities.js';
import type { ActivityDeps } from './deps.js';
import { executeRun } from './execute.js';
import { deliverAlert } from './alerts.js';
import { deliverNotification } from './notifications.js';
import { recordRun, saveHeartbeatStatus } from './runs.js';

/** The heartbeat workflow's activities, bound to their dependencies. All are idempotent. */
export function createActivities(deps: ActivityDeps) {
  return {
    executeRun: (input: ExecuteRunInput) => executeRun(deps, input),
    recordRun: (input: RecordRunInput) => recordRun(deps, input),
    saveHeartbeatStatus: (input: HeartbeatStatusInput) => saveHeartbeatStatus(deps.db, input),
    deliverNotification: (input: { notification_id: string }) => deliverNotification(deps, input.notification_id),
    deliverAlert: (input: { alert_id: string }) => deliverAlert(deps, input.alert_id),
  };
}

export type Activities = ReturnType<typeof createActivities>;
