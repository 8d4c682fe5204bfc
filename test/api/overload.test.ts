/**
 * Runs before reads: while the workers report that runs start late, each project's reads are
 * limited, so one project's read flood is shed (503 `overloaded`, Retry-After) while another
 * project's reads and every change still go through. The lateness travels as it does in
 * production: a worker's report in PostgreSQL, polled by the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoadShedder } from '../../api/overload.js';
import type { RequestLogEntry } from '../../api/app.js';
import { requestLevel } from '../../api/serve.js';
import { currentPressure, reportPressure } from '../../db/queries/pressure.js';
import { startPressureReporter } from '../../worker/pressure.js';
import { caller, createStack, seedProject, type Stack } from '../helpers/stack.js';

let stack: Stack | undefined;
// What the API's logs would receive: failures, and one entry per request.
const failures: string[] = [];
const requests: RequestLogEntry[] = [];
// As the API builds it, polling quickly; before the stack exists there is nothing to read.
const shedder = createLoadShedder(async () => (stack ? currentPressure(stack.db, 10) : 0), {
  pollMs: 100,
  readsPerSecondWhenBehind: 5,
  behindMs: 1_000,
});

beforeAll(async () => {
  stack = await createStack({
    app: { shedder, log: (message) => failures.push(message), requestLog: (entry) => requests.push(entry) },
  });
});
afterAll(async () => {
  shedder.stop();
  await stack?.close();
});

const current = () => stack!;

async function until(what: string, ok: () => boolean, withinMs = 10_000) {
  const deadline = Date.now() + withinMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen in ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('reads while runs start late', () => {
  it("shed one project's flood, keep another project's reads and every change", async () => {
    const stack = current();
    const worker = `test-worker-${process.pid}`;
    const flooder = await seedProject(stack.db, 'prime');
    const quiet = await seedProject(stack.db, 'prime');
    const a = caller(stack.app, flooder.key);
    const b = caller(stack.app, quiet.key);
    const readA = () => a.get('/v1/bot/read', { project_id: flooder.projectId, bot_id: flooder.botId });
    const readB = () => b.get('/v1/bot/read', { project_id: quiet.projectId, bot_id: quiet.botId });

    // On time: no limit beyond the plan's.
    await reportPressure(stack.db, worker, 80);
    const onTime = await Promise.all(Array.from({ length: 30 }, readA));
    expect(onTime.every((r) => r.status === 200)).toBe(true);

    // A worker reports runs starting 4 s late.
    await reportPressure(stack.db, worker, 4_000);
    await until('the API to see the lateness', () => shedder.behind());
    shedder.takeShedCount();
    requests.length = 0;
    const flood = await Promise.all(Array.from({ length: 30 }, readA));
    const shed = flood.filter((r) => r.status === 503);
    // Counted for the summary line; no failure line and only a debug request line each.
    expect(shedder.takeShedCount()).toBe(shed.length);
    expect(failures).toEqual([]);
    const shedLines = requests.filter((e) => e.status === 503);
    expect(shedLines).toHaveLength(shed.length);
    expect(shedLines.every((e) => e.shed === true && requestLevel(e) === 'debug')).toBe(true);
    expect(flood.filter((r) => r.status === 200).length).toBeLessThanOrEqual(5);
    expect(shed.length).toBeGreaterThanOrEqual(25);
    expect(shed[0]!.body.error.code).toBe('overloaded');
    expect(shed[0]!.headers.get('retry-after')).toBe('1');

    expect((await readB()).status).toBe(200);
    const change = await a.put('/v1/bot/update', {
      project_id: flooder.projectId,
      bot_id: flooder.botId,
      name: 'Renamed',
    });
    expect(change.status).toBe(200);

    // The runs catch up: the limit lifts.
    await reportPressure(stack.db, worker, 0);
    await until('the API to see runs on time', () => !shedder.behind());
    const after = await Promise.all(Array.from({ length: 30 }, readA));
    expect(after.every((r) => r.status === 200)).toBe(true);
  });

  it('the worker reports the worst lateness of its recent runs, and clears it when it stops', async () => {
    const stack = current();
    const reporter = startPressureReporter(stack.db, `reporter-${process.pid}`, (m, e) => {
      throw new Error(`${m}: ${String(e)}`);
    });
    reporter.note(300);
    reporter.note(2_500);
    reporter.note(900);
    const reported = () =>
      stack.db
        .selectFrom('worker_pressure')
        .selectAll()
        .where('worker_id', '=', `reporter-${process.pid}`)
        .executeTakeFirst();
    let row = await reported();
    for (const deadline = Date.now() + 15_000; !row && Date.now() < deadline; row = await reported()) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(row?.lateness_ms).toBe(2_500);
    await reporter.stop();
    const gone = await stack.db
      .selectFrom('worker_pressure')
      .selectAll()
      .where('worker_id', '=', `reporter-${process.pid}`)
      .executeTakeFirst();
    expect(gone).toBeUndefined();
  });
});
