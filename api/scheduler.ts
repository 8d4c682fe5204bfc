import {
  Connection,
  defaultGrpcRetryOptions,
  makeGrpcRetryInterceptor,
  WithStartWorkflowOperation,
  WorkflowNotFoundError,
  type Client,
} from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import type { Heartbeat } from '../db/database.js';
import {
  configureSignal,
  deleteSignal,
  disableSignal,
  enableSignal,
  heartbeatWorkflowId,
  scheduleSpecOf,
  stateQuery,
  triggerUpdate,
  type HeartbeatConfig,
  type HeartbeatStateView,
  type RunResult,
} from '../workflows/definitions.js';
import { heartbeatWorkflow } from '../workflows/index.js';
import { describeSchedule } from '../workflows/schedule.js';
import { botIdKey, enabledKey, memberIdKey, projectIdKey } from '../workflows/search-attributes.js';

/** The API's side of the heartbeat workflows: every message goes through here. */
export interface Scheduler {
  /** Makes the workflow run `row`'s configuration (starting it if it is not running). */
  configure(row: Heartbeat): Promise<void>;
  setEnabled(row: Heartbeat): Promise<void>;
  remove(heartbeatId: string): Promise<void>;
  trigger(row: Heartbeat, triggerId: string): Promise<RunResult>;
  state(heartbeatId: string): Promise<HeartbeatStateView | undefined>;
}

/**
 * The API's Temporal connection: lazy, so the API starts while Temporal is down, and with few
 * retries, so a request answers 503 within a few seconds instead of hanging on.
 */
export function apiConnection(address: string): Connection {
  return Connection.lazy({
    address,
    connectTimeout: 2_000,
    interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: 3 }))],
  });
}

export function toWorkflowConfig(row: Heartbeat): HeartbeatConfig {
  return {
    heartbeat_id: row.id,
    project_id: row.project_id,
    bot_id: row.bot_id,
    member_id: row.member_id,
    prompt: row.prompt,
    interval_minutes: row.interval_minutes,
    cron_pattern: row.cron_pattern,
    active_hours_start: row.active_hours_start,
    active_hours_end: row.active_hours_end,
    active_days: row.active_days,
    timezone: row.timezone,
    anchor: row.anchor_at.toISOString(),
    enabled: row.enabled,
    credit_budget: row.credit_budget,
    max_consecutive_errors: row.max_consecutive_errors,
    version: row.version,
  };
}

export function createScheduler(client: Client, taskQueue: string): Scheduler {
  const startOptions = (row: Heartbeat) => {
    const config = toWorkflowConfig(row);
    return {
      workflowId: heartbeatWorkflowId(row.id),
      taskQueue,
      args: [{ config }] as [{ config: HeartbeatConfig }],
      staticSummary: describeSchedule(scheduleSpecOf(config)),
      typedSearchAttributes: new TypedSearchAttributes([
        { key: projectIdKey, value: row.project_id },
        { key: botIdKey, value: row.bot_id },
        ...(row.member_id ? [{ key: memberIdKey, value: row.member_id }] : []),
        { key: enabledKey, value: row.enabled },
      ]),
    };
  };

  return {
    async configure(row) {
      // signalWithStart: the workflow exists whenever the row does, whatever happened before.
      await client.workflow.signalWithStart(heartbeatWorkflow, {
        ...startOptions(row),
        signal: configureSignal,
        signalArgs: [toWorkflowConfig(row)],
      });
    },
    async setEnabled(row) {
      await client.workflow.signalWithStart(heartbeatWorkflow, {
        ...startOptions(row),
        signal: row.enabled ? enableSignal : disableSignal,
        signalArgs: [],
      });
    },
    async remove(heartbeatId) {
      try {
        await client.workflow.getHandle(heartbeatWorkflowId(heartbeatId)).signal(deleteSignal);
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }
    },
    async trigger(row, triggerId) {
      const startWorkflowOperation = new WithStartWorkflowOperation(heartbeatWorkflow, {
        ...startOptions(row),
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
      return client.workflow.executeUpdateWithStart(triggerUpdate, {
        args: [{ trigger_id: triggerId }],
        updateId: triggerId,
        startWorkflowOperation,
      });
    },
    async state(heartbeatId) {
      try {
        return await client.workflow.getHandle(heartbeatWorkflowId(heartbeatId)).query(stateQuery);
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return undefined;
        throw err;
      }
    },
  };
}
