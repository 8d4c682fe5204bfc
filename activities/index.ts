import type { ExecuteRunInput, HeartbeatStatusInput, RecordRunInput } from '../contract/activities.js';
import type { Db } from '../db/client.js';
import type { AgentLimits } from './agent/run.js';
import type { ChatProvider } from './agent/provider.js';
import { executeRun } from './execute.js';
import { deliverNotification } from './notifications.js';
import { recordRun, saveHeartbeatStatus } from './runs.js';

export interface ActivityDeps {
  db: Db;
  provider: ChatProvider;
  creditMultipliers: Record<string, number>;
  limits?: AgentLimits;
}

/** The heartbeat workflow's activities, bound to their dependencies. All are idempotent. */
export function createActivities(deps: ActivityDeps) {
  return {
    executeRun: (input: ExecuteRunInput) => executeRun(deps, input),
    recordRun: (input: RecordRunInput) => recordRun(deps.db, input),
    saveHeartbeatStatus: (input: HeartbeatStatusInput) => saveHeartbeatStatus(deps.db, input),
    deliverNotification: (input: { notification_id: string }) => deliverNotification(deps.db, input.notification_id),
  };
}

export type Activities = ReturnType<typeof createActivities>;
