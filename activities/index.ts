import type { Db } from '../db/client.js';
import * as agent from './agent/run.js';
import type { ChatProvider } from './agent/provider.js';
import { checkBudget } from './budget.js';
import { deliverNotification } from './notifications.js';
import { recordRun, saveHeartbeatStatus } from './runs.js';
import type { AgentRunInput, BudgetCheckInput, HeartbeatStatusInput, RecordRunInput } from '../contract/activities.js';

export interface ActivityDeps {
  db: Db;
  provider: ChatProvider;
  creditMultipliers: Record<string, number>;
  limits?: { maxSteps?: number; maxWallMs?: number; historyRuns?: number };
}

/** The heartbeat workflow's activities, bound to their dependencies. All are idempotent. */
export function createActivities(deps: ActivityDeps) {
  return {
    checkBudget: (input: BudgetCheckInput) => checkBudget(deps.db, input),
    runAgent: (input: AgentRunInput) => agent.runAgent(deps, input),
    recordRun: (input: RecordRunInput) => recordRun(deps.db, input),
    saveHeartbeatStatus: (input: HeartbeatStatusInput) => saveHeartbeatStatus(deps.db, input),
    deliverNotification: (input: { notification_id: string }) => deliverNotification(deps.db, input.notification_id),
  };
}

export type Activities = ReturnType<typeof createActivities>;
