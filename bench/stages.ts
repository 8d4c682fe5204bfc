/**
 * `npm run bench -- stages [--heartbeats 1000] [--create fast|spread] [--minutes 2]`
 *
 * Where a scheduled run waits, stage by stage, on `npm start`'s stack with its defaults: one-minute
 * heartbeats created through the API (as fast as it allows, or over a minute) with the 8 `fetch`
 * readers beside them, then, from the workflows' own histories, for every run of the measured
 * minutes: how late Temporal fired its timer, how long the workflow task waited for the worker
 * to take it, and how long the worker held the task (the run is inside it); and from the run rows,
 * the lateness of the agent's start. The stages add up to where the lateness comes from.
 */
import { Connection, Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { heartbeatWorkflowId } from '../contract/workflow.js';
import { createDb } from '../db/client.js';
import { apiClient, log, MINUTE, newBot, nextMinute, readers, scheduledRuns, useBenchPlan } from './measure.js';
import { createHeartbeats } from './capacity.js';
import { startBenchStack } from './stack.js';
import { ms, pool, sleep, summary, table } from './stats.js';

const { EventType } = proto.temporal.api.enums.v1;

export interface StagesOptions {
  heartbeats: number;
  create: 'fast' | 'spread';
  minutes: number;
}

type Timestamp = { seconds?: unknown; nanos?: number | null } | null | undefined;
const millis = (t: Timestamp) => (t ? Number(t.seconds) * 1000 + Math.floor((t.nanos ?? 0) / 1e6) : NaN);

/** Each timer-woken workflow task of one history that fell due in [t0, t1): its stages in ms. */
function stagesOf(events: proto.temporal.api.history.v1.IHistoryEvent[], t0: number, t1: number) {
  const dueByTimer = new Map<string, number>();
  const out: Array<{ timer: number; pickup: number; held: number }> = [];
  events.forEach((e, i) => {
    if (e.eventType === EventType.EVENT_TYPE_TIMER_STARTED) {
      const a = e.timerStartedEventAttributes!;
      dueByTimer.set(a.timerId!, millis(e.eventTime) + millis(a.startToFireTimeout));
    }
    if (e.eventType !== EventType.EVENT_TYPE_TIMER_FIRED) return;
    const due = dueByTimer.get(e.timerFiredEventAttributes!.timerId!);
    const [scheduled, started, completed] = [events[i + 1], events[i + 2], events[i + 3]];
    if (due === undefined || due < t0 || due >= t1) return;
    if (started?.eventType !== EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED) return;
    if (completed?.eventType !== EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) return;
    out.push({
      timer: millis(e.eventTime) - due,
      pickup: millis(started.eventTime) - millis(scheduled!.eventTime),
      held: millis(completed.eventTime) - millis(started.eventTime),
    });
  });
  return out;
}

export async function benchStages(opts: StagesOptions) {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  log("starting the stack as `npm start` runs it, with `npm start`'s defaults…");
  const stack = await startBenchStack();
  const db = createDb(stack.databaseUrl);
  const connection = await Connection.connect({ address: stack.temporalAddress });
  try {
    await useBenchPlan(stack, 'stages');
    const api = apiClient(stack);
    const bot = await newBot(api, 'stages');
    const ids: string[] = [];
    log(`creating ${opts.heartbeats} one-minute heartbeats (${opts.create})…`);
    const creating = createHeartbeats(api, bot, opts.heartbeats, opts.create, ids);
    while (ids.length === 0) await sleep(50);
    const reading = readers(api, ids);
    const created = await creating;
    const t0 = nextMinute(Date.now() + 2_000);
    const t1 = t0 + opts.minutes * MINUTE;
    log(`created in ${created.seconds.toFixed(1)} s; measuring ${opts.minutes} min…`);
    await sleep(t1 + 30_000 - Date.now());
    await reading.stop();

    const client = new Client({ connection });
    const stages = { timer: [] as number[], pickup: [] as number[], held: [] as number[] };
    await pool(ids, 8, async (id) => {
      const history = await client.workflow.getHandle(heartbeatWorkflowId(id)).fetchHistory();
      for (const s of stagesOf(history.events ?? [], t0, t1)) {
        stages.timer.push(s.timer);
        stages.pickup.push(s.pickup);
        stages.held.push(s.held);
      }
    });
    const runs = await scheduledRuns(db, bot, t0, t1);
    const row = (what: string, s: ReturnType<typeof summary>) => [what, String(s.n), ms(s.p50), ms(s.p99)];
    console.log(
      `\nWhere a run waits: ${opts.heartbeats} one-minute heartbeats created ${opts.create === 'fast' ? 'as fast as the API allows' : 'over a minute'}, ` +
        `${opts.minutes} min measured, 8 fetch readers at 400 requests a second, npm start's defaults.`,
    );
    console.log(
      table(
        ['stage', 'tasks', 'p50', 'p99'],
        [
          row('Temporal fires the timer, after its due time', summary(stages.timer)),
          row('the workflow task waits for the worker', summary(stages.pickup)),
          row('the worker holds the task (the run is inside it)', summary(stages.held)),
          [
            'the agent starts, after the due time (run rows)',
            String(runs.logged),
            ms(runs.start.p50),
            ms(runs.start.p99),
          ],
        ],
      ),
    );
    await pool(ids, 16, (id) => api.post('/v1/bot/heartbeat/disable', { heartbeat_id: id }).catch(() => undefined));
  } finally {
    await connection.close();
    await db.destroy();
    await stack.stop();
  }
}
