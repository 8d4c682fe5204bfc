/**
 * `npm run bench -- reads [--seconds 20]`
 *
 * What a read costs, in CPU, on `npm start`'s stack with its defaults: 200 heartbeats, then each
 * request in turn for `--seconds` at 400 a second from the capacity benchmark's 8 `fetch` clients
 * (`GET /healthz`, a heartbeat's read, its logs: hourly heartbeats, so none has run and none runs
 * meanwhile), and per request the milliseconds of CPU each process used. `/healthz` answers
 * without the database or a key: its cost is the HTTP floor, and the table shows each read
 * against it. At 400 reads a second every 0.1 ms of a read's CPU is 4 % of a core, taken from
 * the runs whenever the machine is full.
 */
import { createHeartbeats } from './capacity.js';
import { apiClient, cpuSnapshot, cpuUsed, log, newBot, pacedClients, useBenchPlan } from './measure.js';
import { startBenchStack } from './stack.js';
import { ratio, sleep, summary, table } from './stats.js';

const CLIENTS = 8;
const EVERY_MS = 20; // per client: 400 requests a second in all

export async function benchReads(opts: { seconds: number }) {
  log("starting the stack as `npm start` runs it, with `npm start`'s defaults…");
  const stack = await startBenchStack();
  try {
    await useBenchPlan(stack, 'capacity');
    const api = apiClient(stack);
    const bot = await newBot(api, 'reads');
    const ids: string[] = [];
    // Hourly: none runs while the reads are measured.
    await createHeartbeats(api, bot, 200, 'fast', ids, 60);
    const requests: Array<[string, (i: number) => Promise<unknown>]> = [
      ['GET /healthz (the HTTP floor)', () => fetch(`${stack.apiUrl}/healthz`).then((r) => r.text())],
      ['GET /v1/bot/heartbeat/read', (i) => api.get('/v1/bot/heartbeat/read', { heartbeat_id: ids[i % ids.length]! })],
      [
        'GET /v1/bot/heartbeat/logs (no runs yet)',
        (i) => api.get('/v1/bot/heartbeat/logs', { heartbeat_id: ids[i % ids.length]!, per_page: '20' }),
      ],
    ];
    const rows: Array<{ name: string; n: number; p50: number; p99: number; cpu: Record<string, number> }> = [];
    for (const [name, request] of requests) {
      log(`${name}: ${opts.seconds} s at ${(CLIENTS * 1000) / EVERY_MS} a second…`);
      const latency: number[] = [];
      let n = 0;
      const before = await cpuSnapshot(stack);
      const clients = pacedClients(CLIENTS, EVERY_MS, async () => {
        const started = performance.now();
        await request(n++);
        latency.push(performance.now() - started);
      });
      await sleep(opts.seconds * 1000);
      await clients.stop();
      const used = cpuUsed(before, await cpuSnapshot(stack));
      const cpu = Object.fromEntries(Object.entries(used).map(([k, seconds]) => [k, (seconds * 1000) / n]));
      rows.push({ name, ...summary(latency), cpu });
    }
    const serverMs = (r: (typeof rows)[number]) => (r.cpu.API ?? 0) + (r.cpu.postgres ?? 0);
    const floor = rows[0]!;
    console.log(
      `\nCPU per request on npm start's defaults (${CLIENTS} fetch clients, 400 a second, ${opts.seconds} s each):`,
    );
    console.log(
      table(
        [
          'request',
          'n',
          'p50 / p99',
          'API (ms CPU)',
          'PostgreSQL (ms CPU)',
          'client (ms CPU)',
          'API + PostgreSQL vs /healthz',
        ],
        rows.map((r) => [
          r.name,
          String(r.n),
          `${r.p50.toFixed(1)} / ${r.p99.toFixed(1)} ms`,
          (r.cpu.API ?? 0).toFixed(3),
          (r.cpu.postgres ?? 0).toFixed(3),
          (r.cpu.benchmark ?? 0).toFixed(3),
          ratio(serverMs(r), serverMs(floor)),
        ]),
      ),
    );
  } finally {
    await stack.stop();
  }
}
