/**
 * The heartbeat workflow on the time-skipping server: schedules, enable and disable, triggers, pauses,
 * budgets.
 */
import proto from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  CONTINUE_AS_NEW_AFTER_EVENTS,
  configureSignal,
  deleteSignal,
  disableSignal,
  enableSignal,
  stateQuery,
  triggerUpdate,
} from '../../contract/workflow.js';
import type { HeartbeatConfig } from '../../domain/heartbeat.js';
import { heartbeatWorkflow } from '../../workflows/index.js';
import { failedOutcome, heartbeatConfig } from '../helpers/config.js';
import { fakeActivities, success } from '../helpers/fake-activities.js';
import { uniqueId, workflowBundle } from '../helpers/temporal.js';
import { timeSkippingSuite } from '../helpers/workflow-suite.js';

const { EventType } = proto.temporal.api.enums.v1;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const NY = 'America/New_York';

const suite = timeSkippingSuite();

const failure = failedOutcome;

async function baseConfig(overrides: Partial<HeartbeatConfig> = {}): Promise<HeartbeatConfig> {
  return heartbeatConfig(new Date(await suite.env.currentTimeMs()).toISOString(), {
    heartbeat_id: uniqueId(),
    ...overrides,
  });
}

/** Runs `body` with a fresh worker on a fresh task queue, serving `fake`'s activities. */
async function withWorker<T>(fake: ReturnType<typeof fakeActivities>, taskQueue: string, body: () => Promise<T>) {
  const worker = await Worker.create({
    connection: suite.env.nativeConnection,
    taskQueue,
    workflowBundle: workflowBundle(),
    activities: fake.activities,
  });
  return worker.runUntil(body);
}

/** Starts a heartbeat as starters do (scheduled runs as local activities), or as `extra` says. */
async function start(
  config: HeartbeatConfig,
  taskQueue: string,
  extra: { continueAsNewAfterEvents?: number; localRuns?: boolean } = {},
) {
  const handle = await suite.env.client.workflow.start(heartbeatWorkflow, {
    taskQueue,
    workflowId: `heartbeat-${config.heartbeat_id}`,
    args: [{ config, localRuns: true, ...extra }],
  });
  suite.started.push(handle);
  return handle;
}

const nyTime = (iso: string | null) => DateTime.fromISO(iso!, { zone: NY }).toFormat('ccc HH:mm');

describe('heartbeatWorkflow', () => {
  it('runs every 60 min inside 09:00–17:00 Mon–Fri in New York, skipping the weekend', async () => {
    const fake = fakeActivities();
    const taskQueue = uniqueId('tq');
    // Move the test server's clock to the next Friday 14:30 in New York.
    const now = DateTime.fromMillis(await suite.env.currentTimeMs(), { zone: NY });
    let friday = now.set({ hour: 14, minute: 30, second: 0, millisecond: 0 });
    while (friday.weekday !== 5 || friday <= now) friday = friday.plus({ days: 1 });
    await suite.env.sleep(friday.toMillis() - now.toMillis());

    const config = await baseConfig({
      timezone: NY,
      active_hours_start: '09:00',
      active_hours_end: '17:00',
      active_days: '1,2,3,4,5',
    });
    await withWorker(fake, taskQueue, async () => {
      await start(config, taskQueue);
      await suite.env.sleep(80 * HOUR); // Friday 14:30 → Monday 22:30
    });
    const expected = [
      'Fri 15:00',
      'Fri 16:00',
      ...[9, 10, 11, 12, 13, 14, 15, 16].map((h) => `Mon ${String(h).padStart(2, '0')}:00`),
    ];
    expect(fake.runs().map((r) => nyTime(r.scheduled_for))).toEqual(expected);
    // Each run started at its nominal instant, not later.
    for (const call of fake.agentCalls) {
      const row = fake.rows.find((r) => r.run_key === call.run_key)!;
      expect(call.at.getTime() - Date.parse(row.scheduled_for!)).toBeLessThan(MINUTE);
    }
    expect(fake.skipped()).toEqual([]);
  });

  it('stops running when disabled and resumes on enable, without reporting the paused time as missed', async () => {
    const fake = fakeActivities();
    const taskQueue = uniqueId('tq');
    const config = await baseConfig({ interval_minutes: 30 });
    await withWorker(fake, taskQueue, async () => {
      const handle = await start(config, taskQueue);
      await suite.env.sleep(65 * MINUTE);
      expect(fake.runs()).toHaveLength(2);
      await handle.signal(disableSignal);
      await suite.env.sleep(3 * HOUR);
      expect(fake.runs()).toHaveLength(2);
      expect((await handle.query(stateQuery)).state).toBe('disabled');
      await handle.signal(enableSignal);
      await suite.env.sleep(61 * MINUTE);
      expect(fake.runs()).toHaveLength(4);
      expect((await handle.query(stateQuery)).state).toBe('active');
    });
    expect(fake.skipped()).toEqual([]);
  });

  it('trigger runs at once while disabled, returns the result, and leaves the schedule alone', async () => {
    const fake = fakeActivities({ agent: () => ({ ...success(2500), response: 'manual answer' }) });
    const taskQueue = uniqueId('tq');
    const config = await baseConfig({ enabled: false, interval_minutes: 60 });
    await withWorker(fake, taskQueue, async () => {
      const handle = await start(config, taskQueue);
      await suite.env.sleep(90 * MINUTE);
      const result = await handle.executeUpdate(triggerUpdate, { args: [{ trigger_id: 't-1' }] });
      expect(result).toMatchObject({
        status: 'success',
        response: 'manual answer',
        tokens_used: 2500,
        credits_charged: 3,
      });
      await suite.env.sleep(3 * HOUR);
      expect(fake.rows).toHaveLength(1);
      expect(fake.rows[0]).toMatchObject({
        type: 'manual',
        run_key: `${config.heartbeat_id}:manual:t-1`,
        scheduled_for: null,
      });

      // Enabled again, the cadence still counts from the anchor: the trigger moved nothing.
      await handle.signal(enableSignal);
      await suite.env.sleep(2 * HOUR);
    });
    const anchor = Date.parse(config.anchor);
    for (const run of fake.runs().filter((r) => r.type === 'heartbeat')) {
      expect((Date.parse(run.scheduled_for!) - anchor) % HOUR).toBe(0);
    }
    expect(fake.runs().filter((r) => r.type === 'heartbeat')).toHaveLength(2);
  });

  it('auto-pauses after max_consecutive_errors failures and recovers on enable', async () => {
    let failing = true;
    const fake = fakeActivities({ agent: () => (failing ? failure('model overloaded') : success()) });
    const taskQueue = uniqueId('tq');
    const config = await baseConfig({ interval_minutes: 10, max_consecutive_errors: 3 });
    await withWorker(fake, taskQueue, async () => {
      const handle = await start(config, taskQueue);
      await suite.env.sleep(2 * HOUR);
      expect(fake.rows.map((r) => r.status)).toEqual(['error', 'error', 'error']);
      const paused = await handle.query(stateQuery);
      expect(paused).toMatchObject({ state: 'auto_paused', enabled: false, consecutive_errors: 3 });
      expect(paused.paused_reason).toContain('model overloaded');
      const saved = fake.statuses.at(-1)!;
      expect(saved).toMatchObject({ state: 'auto_paused', auto_paused: true });
      expect(saved.paused_reason).toContain('3 consecutive errors');
      // Each failure's alert was handed to the webhook delivery.
      expect(fake.alertDeliveries).toEqual(fake.rows.map((r) => `${r.run_key}:run.failed`));

      failing = false;
      await handle.signal(enableSignal);
      await suite.env.sleep(31 * MINUTE);
      expect(
        fake
          .runs()
          .slice(3)
          .map((r) => r.status),
      ).toEqual(['success', 'success', 'success']);
      expect(await handle.query(stateQuery)).toMatchObject({
        state: 'active',
        consecutive_errors: 0,
        paused_reason: null,
      });
    });
  });

  it('writes one budget_exhausted row when the budget is spent and resumes in the next billing period', async () => {
    const fake = fakeActivities({
      agent: () => success(1500), // 2 credits a run
      // The billing period rolls over 5 hours after the heartbeat starts.
      billingAnchor: DateTime.fromMillis((await suite.env.currentTimeMs()) + 5 * HOUR, { zone: 'utc' })
        .minus({ months: 1 })
        .toJSDate(),
    });
    const taskQueue = uniqueId('tq');
    const config = await baseConfig({ interval_minutes: 60, credit_budget: 3 });
    await withWorker(fake, taskQueue, async () => {
      const handle = await start(config, taskQueue);
      await suite.env.sleep(4 * HOUR + 30 * MINUTE);
      expect((await handle.query(stateQuery)).state).toBe('budget_exhausted');
      await suite.env.sleep(4 * HOUR);
    });
    const startedAt = Date.parse(config.anchor);
    const log = fake.rows.map(
      (r) => `${(Date.parse(r.scheduled_for!) - startedAt) / HOUR}h ${r.status}${r.reason ? `:${r.reason}` : ''}`,
    );
    // Runs at 1h and 2h spend 4 of 3 credits; 3h finds the budget spent and writes the period's
    // only row; 4h passes silently; the period rolls over at 5h and the same happens again.
    expect(log).toEqual([
      '1h success',
      '2h success',
      '3h skipped:budget_exhausted',
      '5h success',
      '6h success',
      '7h skipped:budget_exhausted',
    ]);
  });

  it('configure mid-sleep re-plans with the new interval, keeps counters and ignores stale versions', async () => {
    const fake = fakeActivities({ agent: () => failure() });
    const taskQueue = uniqueId('tq');
    const config = await baseConfig({ interval_minutes: 60, max_consecutive_errors: 50 });
    await withWorker(fake, taskQueue, async () => {
      const handle = await start(config, taskQueue);
      await suite.env.sleep(150 * MINUTE);
      expect(fake.rows).toHaveLength(2);
      const changedAt = await suite.env.currentTimeMs();
      await handle.signal(configureSignal, {
        ...config,
        interval_minutes: 15,
        anchor: new Date(changedAt).toISOString(),
        prompt: 'New prompt',
        version: 2,
      });
      await handle.signal(configureSignal, { ...config, interval_minutes: 5, version: 1 });
      await suite.env.sleep(61 * MINUTE);
      const after = fake.rows.slice(2);
      expect(after.map((r) => (Date.parse(r.scheduled_for!) - changedAt) / MINUTE)).toEqual([15, 30, 45, 60]);
      expect(after.every((r) => r.prompt === 'New prompt')).toBe(true);
      expect(await handle.query(stateQuery)).toMatchObject({ version: 2, consecutive_errors: 6 });
    });
  });

  it('ends on delete', async () => {
    const fake = fakeActivities();
    const taskQueue = uniqueId('tq');
    const config = await baseConfig({ interval_minutes: 10 });
    await withWorker(fake, taskQueue, async () => {
      const handle = await start(config, taskQueue);
      await suite.env.sleep(25 * MINUTE);
      await handle.signal(deleteSignal);
      expect(await handle.result()).toEqual({ deleted: true });
      await suite.env.sleep(HOUR);
    });
    expect(fake.runs()).toHaveLength(2);
  });

  it('never runs a trigger and a due run at the same time', async () => {
    let active = 0;
    let maxActive = 0;
    const fake = fakeActivities({
      agent: async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise((r) => setTimeout(r, 150));
        active--;
        return success();
      },
    });
    const taskQueue = uniqueId('tq');
    const config = await baseConfig({ interval_minutes: 10 });
    await withWorker(fake, taskQueue, async () => {
      const handle = await start(config, taskQueue);
      await suite.env.sleep(10 * MINUTE - 200);
      const triggers = [1, 2, 3].map((i) =>
        handle.executeUpdate(triggerUpdate, { args: [{ trigger_id: `race-${i}` }] }),
      );
      await suite.env.sleep(MINUTE);
      const results = await Promise.all(triggers);
      expect(results.map((r) => r.status)).toEqual(['success', 'success', 'success']);
    });
    expect(maxActive).toBe(1);
    expect(fake.runs().filter((r) => r.type === 'manual')).toHaveLength(3);
    expect(fake.runs().filter((r) => r.type === 'heartbeat')).toHaveLength(1);
  });

  it('keeps history small through continue-as-new over 1,000 occurrences, losing none', async () => {
    const OCCURRENCES = 1000;
    const fake = fakeActivities();
    const taskQueue = uniqueId('tq');
    const config = await baseConfig({ interval_minutes: 1 });
    // 1,000 one-minute occurrences through ~30 continue-as-new: enough to cross the threshold many
    // times, light enough for the time-skipping server on a busy machine.
    const threshold = 400;
    const handle = await withWorker(fake, taskQueue, async () => {
      const h = await start(config, taskQueue, { continueAsNewAfterEvents: threshold });
      await suite.env.sleep(OCCURRENCES * MINUTE + 30_000);
      return h;
    });
    const anchor = Date.parse(config.anchor);
    // Every one of the 1,000 occurrences is accounted for exactly once: run, or (where a loaded
    // machine let the clock jump past it, as real downtime would) recorded as missed. The server
    // may run further before the worker stops: only the first 1,000 are counted.
    const counted = new Map<number, number>();
    const count = (t: number) => counted.set(t, (counted.get(t) ?? 0) + 1);
    for (const row of fake.rows) {
      const first = Date.parse(row.scheduled_for!);
      const n = row.reason === 'missed' ? row.missed_count! : 1;
      for (let k = 0; k < n; k++) count(first + k * MINUTE);
    }
    for (let i = 1; i <= OCCURRENCES; i++) expect(counted.get(anchor + i * MINUTE), `occurrence ${i}`).toBe(1);
    const runs = fake.runs().filter((r) => Date.parse(r.scheduled_for!) <= anchor + OCCURRENCES * MINUTE);
    expect(runs.length).toBeGreaterThan(0);
    const description = await handle.describe();
    expect(description.runId).not.toBe(handle.firstExecutionRunId);
    expect(description.historyLength).toBeLessThan(threshold + 50);
  }, 300_000);

  it('continues-as-new after about 120 events without writing its status again, and the short history replays', async () => {
    const fake = fakeActivities();
    let statusWrites = 0;
    const save = fake.activities.saveHeartbeatStatus;
    fake.activities.saveHeartbeatStatus = async (input) => {
      statusWrites++;
      return save(input);
    };
    const taskQueue = uniqueId('tq');
    const config = await baseConfig({ interval_minutes: 1 });
    const handle = await withWorker(fake, taskQueue, async () => {
      const h = await start(config, taskQueue, { continueAsNewAfterEvents: CONTINUE_AS_NEW_AFTER_EVENTS });
      await suite.env.sleep(25 * MINUTE + 30_000);
      return h;
    });
    const first = await suite.env.client.workflow
      .getHandle(handle.workflowId, handle.firstExecutionRunId)
      .fetchHistory();
    const events = first.events ?? [];
    // About 10 one-minute runs, then continue-as-new: a wake after eviction replays at most this much.
    expect(events.length).toBeGreaterThan(100);
    expect(events.length).toBeLessThan(140);
    expect(events.at(-1)?.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    expect((await handle.describe()).runId).not.toBe(handle.firstExecutionRunId);
    // The status was written once, when the heartbeat started; each run saves it with its row, and
    // a continued run starts from what the one before it wrote instead of writing it again.
    expect(statusWrites).toBe(1);
    const continued = (await handle.fetchHistory()).events ?? [];
    const firstTimer = continued.findIndex((e) => e.eventType === EventType.EVENT_TYPE_TIMER_STARTED);
    expect(continued.slice(0, firstTimer).map((e) => e.eventType)).toEqual([
      EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
      EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
      EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
      EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
      EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES, // its next run, as every run shows
    ]);
    await Worker.runReplayHistory({ workflowBundle: workflowBundle() }, first, handle.workflowId);
  }, 120_000);

  it('a scheduled run costs the server one workflow task and seven history events (a local activity); a trigger runs as an activity', async () => {
    const fake = fakeActivities();
    const taskQueue = uniqueId('tq');
    const config = await baseConfig({ interval_minutes: 1 });
    const handle = await withWorker(fake, taskQueue, async () => {
      const h = await start(config, taskQueue);
      await suite.env.sleep(3 * MINUTE + 30_000);
      await h.executeUpdate(triggerUpdate, { args: [{ trigger_id: 'by-hand' }] });
      return h;
    });
    const events = (await handle.fetchHistory()).events ?? [];
    const fired = events.flatMap((e, i) => (e.eventType === EventType.EVENT_TYPE_TIMER_FIRED ? [i] : []));
    expect(fired.length).toBeGreaterThanOrEqual(3);
    // From one timer firing to the next timer: the run, its row and the next due time.
    expect(events.slice(fired[1]!, fired[2]!).map((e) => e.eventType)).toEqual([
      EventType.EVENT_TYPE_TIMER_FIRED,
      EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
      EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
      EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
      EventType.EVENT_TYPE_MARKER_RECORDED, // the local activity's result
      EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
      EventType.EVENT_TYPE_TIMER_STARTED,
    ]);
    const runActivities = events.filter(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'executeRun',
    );
    expect(runActivities).toHaveLength(1); // the trigger's
    expect(fake.runs().filter((r) => r.type === 'heartbeat')).toHaveLength(fired.length);
    expect(fake.runs().filter((r) => r.type === 'manual')).toHaveLength(1);
  }, 120_000);

  it('runs scheduled runs as activities for a workflow begun before they became local, as its history says', async () => {
    const fake = fakeActivities();
    const taskQueue = uniqueId('tq');
    const config = await baseConfig({ interval_minutes: 1 });
    const handle = await withWorker(fake, taskQueue, async () => {
      const h = await start(config, taskQueue, { localRuns: false });
      await suite.env.sleep(2 * MINUTE + 30_000);
      return h;
    });
    const events = (await handle.fetchHistory()).events ?? [];
    expect(events.some((e) => e.eventType === EventType.EVENT_TYPE_MARKER_RECORDED)).toBe(false);
    const runActivities = events.filter(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'executeRun',
    );
    expect(runActivities.length).toBe(fake.runs().length);
    expect(runActivities.length).toBeGreaterThanOrEqual(2);
  }, 120_000);

  it('keeps the 500-event limit for a workflow begun without one, and takes 120 from its next run', async () => {
    const fake = fakeActivities();
    const taskQueue = uniqueId('tq');
    const config = await baseConfig({ interval_minutes: 1 });
    const handle = await withWorker(fake, taskQueue, async () => {
      // The input of workflows begun before the limit was lowered (and before runs became local).
      const h = await start(config, taskQueue, { localRuns: false });
      await suite.env.sleep(60 * MINUTE + 30_000);
      return h;
    });
    const eventsOf = async (runId: string) =>
      (await suite.env.client.workflow.getHandle(handle.workflowId, runId).fetchHistory()).events ?? [];
    const first = await eventsOf(handle.firstExecutionRunId);
    expect(first.length).toBeGreaterThan(490);
    expect(first.length).toBeLessThan(520);
    const secondRunId = first.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
    const second = await eventsOf(secondRunId!);
    expect(second.at(-1)?.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    expect(second.length).toBeLessThan(140);
  }, 120_000);

  it('records the occurrences that fell due while its bookkeeping was blocked as missed when it is disabled', async () => {
    let databaseDown = true;
    const fake = fakeActivities();
    const save = fake.activities.saveHeartbeatStatus;
    fake.activities.saveHeartbeatStatus = async (input) => {
      if (databaseDown) throw new Error('the database is unreachable');
      return save(input);
    };
    const taskQueue = uniqueId('tq');
    const config = await baseConfig({ interval_minutes: 10 });
    await withWorker(fake, taskQueue, async () => {
      const handle = await start(config, taskQueue);
      await suite.env.sleep(35 * MINUTE); // three occurrences fall due while its status cannot be saved
      await handle.signal(disableSignal);
      databaseDown = false;
      await suite.env.sleep(HOUR);
      expect((await handle.query(stateQuery)).state).toBe('disabled');
    });
    const anchor = Date.parse(config.anchor);
    expect(fake.runs()).toEqual([]);
    expect(fake.skipped()).toMatchObject([{ reason: 'missed', missed_count: 3 }]);
    expect((Date.parse(fake.skipped()[0]!.scheduled_for!) - anchor) / MINUTE).toBe(10);
  });
});
