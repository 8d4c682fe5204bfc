/**
 * The API's side of the heartbeat workflows: every message to Temporal goes through here, and
 * every Temporal fault comes out of here as one of two typed errors, classified by the
 * client's error types and gRPC status codes.
 */
import { status } from '@grpc/grpc-js';
import {
  Connection,
  defaultGrpcRetryOptions,
  isGrpcDeadlineError,
  isGrpcServiceError,
  makeGrpcRetryInterceptor,
  ServiceError,
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  WorkflowUpdateStage,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure, TypedSearchAttributes } from '@temporalio/common';
import proto from '@temporalio/proto';
import {
  newWorkflowInput,
  publishedAtStart,
  taskQueueFor,
  taskQueuesOf,
  configureSignal,
  deleteSignal,
  disableSignal,
  enableSignal,
  heartbeatWorkflowId,
  triggerUpdate,
  type HeartbeatWorkflowInput,
  type RunResult,
} from '../contract/workflow.js';
import { botIdKey, enabledKey, memberIdKey, nextRunKey, projectIdKey } from '../contract/search-attributes.js';
import type { Heartbeat } from '../db/database.js';
import { describeSchedule } from '../domain/schedule.js';
import type { heartbeatWorkflow } from '../workflows/index.js';
import { rowState, toWorkflowConfig } from './mappers.js';

/** Temporal could not be reached, or did not answer in time. */
export class TemporalUnavailableError extends Error {
  override name = 'TemporalUnavailableError';
}

/** Temporal refused the request for lack of capacity (gRPC RESOURCE_EXHAUSTED): try again later. */
export class TemporalBusyError extends Error {
  override name = 'TemporalBusyError';
}

/** The workflow refused a trigger: the heartbeat is being deleted, or too many triggers wait. */
export class TriggerRejectedError extends Error {
  override name = 'TriggerRejectedError';
  constructor(
    message: string,
    /** The workflow's failure type (`TriggerQueueFull`, `HeartbeatDeleting`, `RunInProgress`). */
    readonly reason: string | undefined,
    /** For `RunInProgress`: the run key of the run in flight. */
    readonly runKey?: string,
  ) {
    super(message);
  }
}

/**
 * The heartbeat's workflow ended because the heartbeat was deleted: a start from a copy of its row
 * read before that is refused, so a deleted heartbeat never runs again.
 */
export class HeartbeatGoneError extends Error {
  override name = 'HeartbeatGoneError';
}

/** What became of a trigger within its deadline. */
export type TriggerOutcome = { state: 'done'; result: RunResult } | { state: 'pending' };

const WORKFLOW_TYPE = 'heartbeatWorkflow';

/** The call ran out of its time (the trigger's deadline), rather than failing. */
function pastDeadline(err: unknown, deadline: number): boolean {
  return (
    (isGrpcDeadlineError(err) || err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) && Date.now() >= deadline - 50
  );
}

function grpcCode(err: unknown): number | undefined {
  if (isGrpcServiceError(err)) return err.code;
  const cause = (err as { cause?: unknown }).cause;
  return cause && cause !== err ? grpcCode(cause) : undefined;
}

/** Faults of the service → typed errors; the workflow's own answers (update failures…) pass through. */
function translate(err: unknown): unknown {
  if (err instanceof TemporalUnavailableError || err instanceof TemporalBusyError) return err;
  if (err instanceof WorkflowExecutionAlreadyStartedError) {
    return new HeartbeatGoneError('the heartbeat was deleted and its workflow has ended', { cause: err });
  }
  if (err instanceof WorkflowUpdateFailedError) {
    const cause = err.cause;
    const failure = cause instanceof ApplicationFailure ? cause : undefined;
    const runKey = failure?.details?.[0];
    return new TriggerRejectedError(
      cause?.message ?? err.message,
      failure?.type ?? undefined,
      typeof runKey === 'string' ? runKey : undefined,
    );
  }
  const isServiceFault =
    err instanceof ServiceError || err instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isGrpcServiceError(err);
  if (!isServiceFault) return err;
  const code = grpcCode(err);
  const message = (err as Error).message;
  if (code === status.RESOURCE_EXHAUSTED) return new TemporalBusyError(message, { cause: err });
  return new TemporalUnavailableError(message, { cause: err });
}

async function translated<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw translate(err);
  }
}

export interface TemporalGateway {
  /** Makes the workflow run `row`'s configuration (starting it if it is not running). */
  configure(row: Heartbeat): Promise<void>;
  setEnabled(row: Heartbeat): Promise<void>;
  remove(heartbeatId: string): Promise<void>;
  /**
   * Runs the heartbeat now and waits for the result until `deadline` (epoch ms). Past it the run
   * may still be under way (or, if Temporal had not yet handed it to a worker, still to come).
   */
  trigger(row: Heartbeat, triggerId: string, deadline: number): Promise<TriggerOutcome>;
  /** Resolves when Temporal answers. */
  ping(): Promise<void>;
  /** Where the heartbeat's workflow is (its latest run): running, closed, or absent. */
  describe(heartbeatId: string): Promise<WorkflowPresence>;
  /** Heartbeats whose workflow ended without a delete (terminated, timed out, failed) since `since`. */
  endedSince(since: Date): Promise<string[]>;
}

/**
 * A heartbeat's workflow as Temporal has it. `busy`: a worker is running one of its activities
 * now (a run that takes long is not a stall).
 */
export type WorkflowPresence =
  { state: 'running'; busy: boolean } | { state: 'ended'; status: string; at: Date | null } | { state: 'absent' };

const ENDED_WITHOUT_DELETE = ['Terminated', 'TimedOut', 'Failed', 'Canceled'];

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

/** `taskQueue`: the deployment's base task queue (taskQueuesOf names both of its queues). */
export function createTemporalGateway(client: Client, taskQueue: string): TemporalGateway {
  const queues = taskQueuesOf(taskQueue);
  const startOptions = (row: Heartbeat) => {
    const config = toWorkflowConfig(row);
    return {
      workflowId: heartbeatWorkflowId(row.id),
      taskQueue: taskQueueFor(config, queues),
      // The workflow completes only when its heartbeat is deleted: a completed one is never started
      // again (a failed or terminated one may be). The database's tombstone covers what Temporal
      // has forgotten past its retention.
      workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY' as const,
      args: [
        {
          ...newWorkflowInput(config, queues),
          published: publishedAtStart({
            ...row,
            state: rowState(row, new Date()),
            adaptive: config.adaptive !== undefined,
          }),
        },
      ] as [HeartbeatWorkflowInput],
      staticSummary: describeSchedule(config),
      staticDetails:
        'The input is the configuration this run of the workflow started with. What the heartbeat does now ' +
        '(state, next run, last run, errors in a row) is in the current details, the `state` query and the ' +
        'HeartbeatEnabled and HeartbeatNextRunAt search attributes.',
      typedSearchAttributes: new TypedSearchAttributes([
        { key: projectIdKey, value: row.project_id },
        { key: botIdKey, value: row.bot_id },
        ...(row.member_id ? [{ key: memberIdKey, value: row.member_id }] : []),
        { key: enabledKey, value: row.enabled },
        ...(row.next_run_at ? [{ key: nextRunKey, value: row.next_run_at }] : []),
      ]),
    };
  };

  return {
    configure: (row) =>
      translated(async () => {
        // signalWithStart: the workflow exists whenever the row does, whatever happened before.
        await client.workflow.signalWithStart<typeof heartbeatWorkflow, [ReturnType<typeof toWorkflowConfig>]>(
          WORKFLOW_TYPE,
          { ...startOptions(row), signal: configureSignal, signalArgs: [toWorkflowConfig(row)] },
        );
      }),
    setEnabled: (row) =>
      translated(async () => {
        await client.workflow.signalWithStart<typeof heartbeatWorkflow, []>(WORKFLOW_TYPE, {
          ...startOptions(row),
          signal: row.enabled ? enableSignal : disableSignal,
          signalArgs: [],
        });
      }),
    remove: (heartbeatId) =>
      translated(async () => {
        try {
          await client.workflow.getHandle(heartbeatWorkflowId(heartbeatId)).signal(deleteSignal);
        } catch (err) {
          if (!(err instanceof WorkflowNotFoundError)) throw err;
        }
      }),
    trigger: (row, triggerId, deadline) =>
      translated(async () => {
        const startWorkflowOperation = new WithStartWorkflowOperation<typeof heartbeatWorkflow>(WORKFLOW_TYPE, {
          ...startOptions(row),
          workflowIdConflictPolicy: 'USE_EXISTING',
        });
        let handle;
        try {
          // Accepted means a worker has it: without a deadline this waits for as long as no worker runs.
          handle = await client.connection.withDeadline(deadline, () =>
            client.workflow.startUpdateWithStart(triggerUpdate, {
              args: [{ trigger_id: triggerId }],
              updateId: triggerId,
              waitForStage: WorkflowUpdateStage.ACCEPTED,
              startWorkflowOperation,
            }),
          );
        } catch (err) {
          if (pastDeadline(err, deadline)) return { state: 'pending' } as const;
          throw err;
        }
        // Accepted: it runs. Wait for its result, through any passing fault, until the deadline.
        while (Date.now() < deadline) {
          try {
            const result = await client.connection.withDeadline(deadline, () => handle.result());
            return { state: 'done', result } as const;
          } catch (err) {
            if (pastDeadline(err, deadline)) break;
            if (!(translate(err) instanceof TemporalUnavailableError)) throw err;
            await new Promise((r) => setTimeout(r, 250));
          }
        }
        return { state: 'pending' } as const;
      }),
    ping: () =>
      translated(async () => {
        await client.connection.workflowService.getSystemInfo({});
      }),
    describe: (heartbeatId) =>
      translated(async (): Promise<WorkflowPresence> => {
        let description;
        try {
          description = await client.workflow.getHandle(heartbeatWorkflowId(heartbeatId)).describe();
        } catch (err) {
          if (err instanceof WorkflowNotFoundError) return { state: 'absent' };
          throw err;
        }
        if (description.status.name !== 'RUNNING') {
          return { state: 'ended', status: description.status.name, at: description.closeTime ?? null };
        }
        const started = proto.temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED;
        return { state: 'running', busy: (description.raw.pendingActivities ?? []).some((a) => a.state === started) };
      }),
    endedSince: (since) =>
      translated(async () => {
        const statuses = ENDED_WITHOUT_DELETE.map((s) => `ExecutionStatus = '${s}'`).join(' OR ');
        const query = `WorkflowType = '${WORKFLOW_TYPE}' AND CloseTime > '${since.toISOString()}' AND (${statuses})`;
        const ids = new Set<string>();
        for await (const info of client.workflow.list({ query })) {
          const id = info.workflowId.replace(/^heartbeat-/, '');
          if (id !== info.workflowId) ids.add(id);
        }
        return [...ids];
      }),
  };
}
