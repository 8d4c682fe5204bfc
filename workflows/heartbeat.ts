/**
 * One long-running workflow per heartbeat: sleeps until the next due time, checks the budget,
 * runs the agent, records the run, and answers enable / disable / configure / delete / trigger.
 */
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  makeContinueAsNewFunc,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { Mutex } from 'async-mutex';
import {
  CONTINUE_AS_NEW_AFTER_EVENTS,
  configureSignal,
  deleteSignal,
  disableSignal,
  enableSignal,
  stateQuery,
  triggerUpdate,
  taskQueueFor,
  type HeartbeatWorkflowInput,
  type HeartbeatWorkflowResult,
} from '../contract/workflow.js';
import { runKeys } from '../contract/runs.js';
import { plannedRun, type HeartbeatConfig } from '../domain/heartbeat.js';
import { adaptiveCatchUp, nextPlanned } from './cadence.js';
import { Publisher } from './publish.js';
import { RunPipeline } from './runs.js';
import { HeartbeatRuntime } from './state.js';

/**
 * The history limit of workflows whose input names none: those begun before the limit was lowered
 * to CONTINUE_AS_NEW_AFTER_EVENTS. They replay with it (whether to go on or continue-as-new must
 * come out as it did) and take the lower one from their next run on.
 */
const HISTORY_EVENTS_LIMIT_BEFORE_SHORT_HISTORIES = 500;

/**
 * How long before it is due a scheduled run is handed to the worker to hold (when the input's
 * `runsWaitInWorker` says so): a little more than a one-minute heartbeat's interval, so its next
 * run is handed over in the task that ends the one before. A held run's heartbeat timeout covers
 * its wait (activities/options.ts), so this also bounds how late a worker killed mid-run is noticed.
 */
const RUN_HELD_AHEAD_MS = 70_000;

/** Manual triggers that may wait for their turn; more are refused (the API answers 429). */
const MAX_WAITING_TRIGGERS = 5;

export async function heartbeatWorkflow(input: HeartbeatWorkflowInput): Promise<HeartbeatWorkflowResult> {
  const hb = new HeartbeatRuntime(input);
  const publisher = new Publisher(hb, input.published);
  const pipeline = new RunPipeline(hb, publisher, { localRuns: input.localRuns === true });
  const carriesDeliveries = input.carryDeliveries === true;
  const waitsInWorker = input.runsWaitInWorker === true;
  // Runs never overlap: a trigger and a due run take turns, in arrival order.
  const mutex = new Mutex();
  const exclusive = <T>(runKey: string, fn: () => Promise<T>) =>
    mutex.runExclusive(async () => {
      hb.runningKey = runKey;
      try {
        return await fn();
      } finally {
        hb.runningKey = null;
      }
    });

  setHandler(enableSignal, () => hb.enable());
  setHandler(disableSignal, () => hb.disable());
  setHandler(configureSignal, (next) => hb.configure(next));
  setHandler(deleteSignal, () => hb.delete());
  setHandler(stateQuery, () => hb.view());
  setHandler(
    triggerUpdate,
    async ({ trigger_id }) => {
      const runKey = runKeys.manual(hb.config.heartbeat_id, trigger_id);
      hb.triggers.push(runKey);
      try {
        return await exclusive(runKey, () => pipeline.run('manual', runKey, null));
      } finally {
        hb.triggers.splice(hb.triggers.indexOf(runKey), 1);
      }
    },
    {
      // Refusals leave no trace in the history; an accepted trigger always runs.
      validator: ({ trigger_id }) => {
        if (hb.carried.deleted)
          throw ApplicationFailure.create({ type: 'HeartbeatDeleting', message: 'the heartbeat is being deleted' });
        if (!trigger_id) throw ApplicationFailure.create({ type: 'InvalidTrigger', message: 'trigger_id is required' });
        const inFlight = hb.runningKey ?? hb.triggers[0];
        if (inFlight && (hb.pendingConfig ?? hb.config).overlap === 'skip') {
          throw ApplicationFailure.create({
            type: 'RunInProgress',
            message: `a run of this heartbeat is in flight (${inFlight}) and its overlap policy is skip`,
            details: [inFlight],
          });
        }
        if (hb.triggers.length >= MAX_WAITING_TRIGGERS) {
          throw ApplicationFailure.create({
            type: 'TriggerQueueFull',
            message: `${hb.triggers.length} triggers of this heartbeat are already waiting to run`,
          });
        }
      },
    },
  );

  const historyLimit = input.continueAsNewAfterEvents ?? HISTORY_EVENTS_LIMIT_BEFORE_SHORT_HISTORIES;
  const historyLimitReached = () => {
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength >= historyLimit;
  };
  /**
   * Waits until no run or message handler is in flight; then, for an input begun before deliveries
   * were carried over, until every webhook delivery has settled as well. Ending the workflow (a
   * delete) always waits for them.
   */
  const quiesce = async (ending = false) => {
    await condition(() => !hb.running && allHandlersFinished());
    if (ending || !carriesDeliveries) await pipeline.deliveriesSettled();
  };
  if (carriesDeliveries) {
    pipeline.resumeDeliveries(hb.carried.deliveries);
    hb.carried.deliveries = null;
  }

  for (;;) {
    if (hb.carried.pending_missed && !hb.running) {
      const stretch = hb.carried.pending_missed;
      await pipeline.recordMissedStretch(stretch);
      hb.carried.pending_missed = null;
    }
    if (hb.carried.deleted) {
      await quiesce(true);
      return { deleted: true };
    }
    if (hb.pendingConfig || historyLimitReached()) {
      await quiesce();
      if (hb.carried.deleted) continue;
      // A trigger accepted while the deliveries settled runs here, never in a run that ends.
      if (carriesDeliveries && (hb.running || !allHandlersFinished())) continue;

      // Search attributes carry over to the next run; `published` says what they and the row show.
      const next = hb.carryOver();
      return continueOn(
        input,
        next.config,
      )({
        ...next,
        carried: { ...next.carried, deliveries: pipeline.pendingDeliveries() },
        published: publisher.carryOver(),
        continueAsNewAfterEvents: input.continueAsNewAfterEvents ?? CONTINUE_AS_NEW_AFTER_EVENTS,
        carryDeliveries: true,
        localRuns: true,
        ...(waitsInWorker && { runsWaitInWorker: true }),
        ...(input.taskQueues && { taskQueues: input.taskQueues }),
      });
    }

    const seen = hb.generation;
    const changed = () => hb.generation !== seen || hb.carried.deleted || hb.pendingConfig !== undefined;

    if (!hb.scheduled) {
      await publisher.publish(null);
      await condition(changed);
      continue;
    }
    if (hb.carried.budget_sleep_until) {
      const until = Date.parse(hb.carried.budget_sleep_until);
      if (until > hb.now()) {
        await publisher.publish(plannedRun(hb.config, new Date(until - 1))?.at ?? null);
        if (await condition(changed, until - hb.now())) continue;
      }
      // A new billing period: the ticks slept through were not runs; a tick due exactly at the
      // period's start runs.
      hb.carried.budget_sleep_until = null;
      hb.advanceCursor(new Date(Math.min(until, hb.now()) - 1).toISOString());
    }

    const planned = nextPlanned(hb);
    await publisher.publish(planned?.at ?? null);
    // Publishing waits on the database: a message that came meanwhile decides first.
    if (changed()) continue;
    if (!planned) {
      await condition(changed);
      continue;
    }
    const wake = planned.at.getTime();
    if (waitsInWorker && !hb.config.adaptive && hb.config.overlap !== 'skip' && wake > hb.now()) {
      // Held by the worker from RUN_HELD_AHEAD_MS before it is due (activities/waiting-run.ts).
      const ahead = wake - hb.now() - RUN_HELD_AHEAD_MS;
      if (ahead > 0) {
        await condition(changed, ahead);
        continue;
      }
      const key = planned.nominal.toISOString();
      const runKey = runKeys.scheduled(hb.config.heartbeat_id, key);
      const before = hb.carried.cursor;
      hb.advanceCursor(key);
      // A message, or a trigger waiting for its turn, withdraws the run before it starts.
      const interrupted = () => changed() || hb.triggers.length > 0;
      const ran = await exclusive(runKey, () =>
        interrupted() || wake <= hb.now()
          ? Promise.resolve(null)
          : pipeline.runWhenDue(runKey, key, planned.at, interrupted),
      );
      // Not run: planned again, with whatever the message changed (a late one by the catch-up).
      if (!ran) hb.reopen(key, before);
      continue;
    }
    if (wake > hb.now() && (await condition(changed, wake - hb.now()))) continue;
    const { run, missed } = planned.adaptive ? adaptiveCatchUp(hb, planned.nominal) : pipeline.catchUp(planned.nominal);
    if (run) {
      const key = run.toISOString();
      const runKey = runKeys.scheduled(hb.config.heartbeat_id, key);
      await exclusive(runKey, () => pipeline.run('heartbeat', runKey, key, missed));
    } else if (missed) {
      await pipeline.recordMissed(missed);
    }
  }
}

/**
 * Continue-as-new on the task queue the configuration belongs on: a heartbeat whose cadence
 * changed between often and sparse moves to the other queue's workers (taskQueueFor).
 */
function continueOn(input: HeartbeatWorkflowInput, config: HeartbeatConfig) {
  const target = input.taskQueues && taskQueueFor(config, input.taskQueues);
  if (!target || target === workflowInfo().taskQueue) return continueAsNew<typeof heartbeatWorkflow>;
  return makeContinueAsNewFunc<typeof heartbeatWorkflow>({ taskQueue: target });
}
