/**
 * The baseline of the scale benchmark: N Temporal Schedules on the same server, each starting a
 * workflow that runs one activity, on the same cadence as the heartbeats they are compared with.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Client, Connection, ScheduleOverlapPolicy, type ScheduleSpec } from '@temporalio/client';
import { historyCost } from './history.js';
import { pool } from './stats.js';

const TASK_QUEUE = 'bench-schedules';

export interface Tick {
  nominal: number;
  started: number;
  finished: number;
}

export async function startScheduleBaseline(address: string) {
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const ticks: Tick[] = [];
  // Its worker runs in a process of its own, as the heartbeat worker does, so the benchmark's
  // own load (its API readers) competes with neither.
  const child = fork(fileURLToPath(new URL('./schedule-worker.ts', import.meta.url)), [address], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    child.on('message', (m: Tick | { ready: true }) => ('ready' in m ? resolve() : ticks.push(m)));
    void exited.then(() => reject(new Error('the Schedules worker exited')));
  });
  const ids: string[] = [];
  /** N schedules starting the tick workflow, the i-th on `spec(i)`. */
  const createMany = (n: number, prefix: string, spec: (i: number) => ScheduleSpec) =>
    pool(
      Array.from({ length: n }, (_, i) => i),
      16,
      async (i) => {
        const scheduleId = `${prefix}-${i}`;
        ids.push(scheduleId);
        await client.schedule.create({
          scheduleId,
          spec: spec(i),
          action: { type: 'startWorkflow', workflowType: 'scheduledTickWorkflow', taskQueue: TASK_QUEUE, args: [] },
          policies: { overlap: ScheduleOverlapPolicy.BUFFER_ONE, catchupWindow: '1 minute' },
        });
      },
    );

  return {
    ticks,
    client,
    pid: child.pid!,
    /** N schedules every minute, the i-th offset by i × 60 s / N (spread over the minute). */
    createSpread: (n: number, prefix: string) =>
      createMany(n, prefix, (i) => ({ intervals: [{ every: '1 minute', offset: Math.floor((i * 60_000) / n) }] })),
    /** N schedules firing at the same instant, on the cron pattern `cron` (UTC). */
    createBurst: (n: number, prefix: string, cron: string) =>
      createMany(n, prefix, () => ({ cronExpressions: [cron] })),
    async deleteAll() {
      await pool(ids.splice(0), 16, (id) =>
        client.schedule
          .getHandle(id)
          .delete()
          .catch(() => undefined),
      );
    },
    /** History events of one tick's workflow and of its schedule's own internal workflow per action. */
    async costPerTick(scheduleId: string) {
      const described = await client.schedule.getHandle(scheduleId).describe();
      const recent = described.info.recentActions.at(-1);
      if (!recent) return undefined;
      const tickHistory = await client.workflow
        .getHandle(recent.action.workflow.workflowId, recent.action.workflow.firstExecutionRunId)
        .fetchHistory();
      return { ...historyCost(tickHistory.events ?? []), actions: described.info.numActionsTaken };
    },
    async stop() {
      child.disconnect();
      await exited;
      await connection.close();
    },
  };
}
