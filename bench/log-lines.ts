/**
 * `npm run bench -- log-lines`: what one log line costs the process that writes it, in CPU
 * microseconds, for the shapes the services write (a request line, a run line) and the ways they
 * can reach their destination: JSON to a file or a pipe, synchronously or through sonic-boom's
 * buffer, and pino-pretty's coloured lines for a terminal. Printed beside a `JSON.stringify` of
 * the same object as the baseline.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import pretty from 'pino-pretty';

const LINES = 20_000;

const request = {
  method: 'GET',
  route: '/v1/bot/heartbeat/read',
  status: 200,
  duration_ms: 1.42,
  request_id: '7d0c4b7e-2f0e-4a8e-9d6f-0b1c5c1e8a11',
  project_id: '3c5b3b8e-0e7a-4f3e-8c55-7f2a9f2f6a10',
};
const runLine = {
  heartbeat_id: '0a8f1e2d-4b6c-4d8e-9f10-1a2b3c4d5e6f',
  run_key: '0a8f1e2d-4b6c-4d8e-9f10-1a2b3c4d5e6f:2026-12-02T10:00:00.000Z',
  type: 'heartbeat',
  status: 'success',
  reason: null,
  lateness_ms: 112,
  duration_ms: 38,
  tokens: 1240,
  credits: 2,
  error: null,
};

/** CPU microseconds per call of `fn`, over LINES calls after a warm-up. */
async function cpuPerLine(fn: () => void, flush: () => Promise<void> = async () => undefined): Promise<number> {
  for (let i = 0; i < 1000; i++) fn();
  await flush();
  const before = process.cpuUsage();
  for (let i = 0; i < LINES; i++) fn();
  await flush();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / LINES;
}

/** A pipe to a child that reads and drops everything, as a terminal or a log collector would read it. */
function pipeSink() {
  const child = spawn(process.execPath, ['-e', 'process.stdin.resume()'], { stdio: ['pipe', 'ignore', 'ignore'] });
  return { fd: (child.stdin as unknown as { _handle: { fd: number } })._handle.fd, close: () => child.kill() };
}

export async function benchLogLines() {
  const dir = await mkdtemp(join(tmpdir(), 'heartbeat-logbench-'));
  const rows: Array<[string, number]> = [];
  try {
    rows.push(['JSON.stringify of the line (baseline)', await cpuPerLine(() => void JSON.stringify(request))]);
    for (const sync of [true, false]) {
      const dest = pino.destination({ dest: join(dir, `file-${sync}.log`), sync, minLength: sync ? 0 : 4096 });
      const logger = pino({ name: 'api' }, dest);
      const flush = () => new Promise<void>((r) => dest.flush(() => r()));
      rows.push([
        `pino JSON to a file, ${sync ? 'synchronous' : 'buffered (4 KB)'}`,
        await cpuPerLine(() => logger.info(request, 'request'), flush),
      ]);
    }
    const pipe = pipeSink();
    const pipeDest = pino.destination({ dest: pipe.fd, sync: true });
    const pipeLogger = pino({ name: 'api' }, pipeDest);
    rows.push([
      'pino JSON to a pipe, synchronous (npm start, LOG_FORMAT=json)',
      await cpuPerLine(() => pipeLogger.info(request, 'request')),
    ]);
    const prettyStream = pretty({
      colorize: true,
      sync: true,
      translateTime: 'HH:MM:ss.l',
      ignore: 'pid,hostname',
      destination: pipe.fd,
    });
    const prettyLogger = pino({ name: 'api' }, prettyStream);
    rows.push([
      'pino-pretty to a pipe, synchronous (npm start on a terminal)',
      await cpuPerLine(() => prettyLogger.info(request, 'request')),
    ]);
    rows.push(['pino-pretty, a run line', await cpuPerLine(() => prettyLogger.info(runLine, 'run success'))]);
    const filtered = pino({ name: 'api', level: 'info' }, pipeDest);
    rows.push([
      'a request line at debug, level info (not written)',
      await cpuPerLine(() => filtered.debug(request, 'request')),
    ]);
    pipe.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  console.log(`\nCPU per log line (${LINES.toLocaleString()} lines each, this process):`);
  console.log('| how | µs per line | per 1,000 lines | vs JSON.stringify |');
  console.log('|---|---|---|---|');
  const base = rows[0]![1];
  for (const [name, us] of rows) {
    console.log(`| ${name} | ${us.toFixed(1)} | ${us.toFixed(1)} ms | ${(us / base).toFixed(1)}× |`);
  }
}
