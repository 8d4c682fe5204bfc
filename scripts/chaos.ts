/**
 * `npm run chaos [-- --heartbeats 30 --minutes 9]`: the fault run. Every part in a process of its
 * own (PostgreSQL, the file-backed Temporal dev server, the worker, the API), a slow scripted model
 * that calls notify_user, a webhook receiver, N one-minute heartbeats, and faults on a timeline:
 * the worker killed mid-run, Temporal killed and restarted on its database file, PostgreSQL down
 * for 30 s. Meanwhile clients read and trigger through the API. Then one table: what was due, run,
 * missed, lost or doubled; credits three ways; notifications and deliveries; the longest stall;
 * and what the API answered during each outage.
 */
import { Command } from 'commander';
import { loadConfig } from '../config.js';
import { startFaultStack, type FaultStack } from '../dev/fault-stack.js';
import { startSlowProvider, startWebhookCounter } from '../dev/peers.js';
import { resolveTemporalCli } from '../dev/temporal-cli.js';
import { step } from '../dev/util.js';
import { botHeartbeatCounters } from '../db/queries/heartbeats.js';
import { countBotNotifications } from '../db/queries/notifications.js';
import { botDayCredits, botRuns } from '../db/queries/runs.js';

const MINUTE = 60_000;
const log = (line: string) => step('chaos', line);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

interface Answer {
  at: number;
  what: string;
  status: number;
  ms: number;
}

function client(stack: FaultStack, answers: Answer[]) {
  return async (what: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const started = Date.now();
    let status = 0;
    let json: any;
    try {
      const res = await fetch(`${stack.apiUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify({ project_id: stack.projectId, ...(body as object) }),
        signal: AbortSignal.timeout(90_000),
      });
      status = res.status;
      json = await res.json().catch(() => undefined);
    } catch {
      status = 0; // no answer at all (connection refused, timeout)
    }
    answers.push({ at: started, what, status, ms: Date.now() - started });
    return { status, body: json };
  };
}

async function main() {
  const opts = new Command('chaos')
    .option('--heartbeats <n>', 'one-minute heartbeats', (v) => Number(v), 30)
    .option('--minutes <n>', 'minutes of faults and load', (v) => Number(v), 9)
    .parse()
    .opts<{ heartbeats: number; minutes: number }>();
  const config = loadConfig();
  const cli = await resolveTemporalCli({
    explicitPath: config.temporal.devServer.cliPath,
    cacheDir: config.tools.cacheDir,
    pathVar: process.env.PATH,
  });
  const provider = await startSlowProvider({ minMs: 1_000, maxMs: 4_000 });
  const webhooks = await startWebhookCounter();
  log('starting PostgreSQL, Temporal, the worker and the API as separate processes…');
  const stack = await startFaultStack({
    cliPath: cli.path,
    env: { AGENT_PROVIDER: 'openai', OPENAI_BASE_URL: provider.baseURL, OUTBOUND_ALLOW_PRIVATE: 'true' },
  });
  const answers: Answer[] = [];
  const call = client(stack, answers);
  const outages: Array<{ name: string; from: number; to: number }> = [];
  try {
    const bot = await call('setup', 'POST', '/v1/bot/create', {
      name: 'Chaos',
      heartbeat: true,
      webhook_url: webhooks.url,
    });
    webhooks.setSecret(bot.body.webhook_secret);
    const botId: string = bot.body.bot.uuid;
    const ids: string[] = [];
    for (let i = 0; i < opts.heartbeats; i++) {
      const res = await call('setup', 'POST', '/v1/bot/heartbeat/configure', {
        bot_id: botId,
        prompt: `chaos ${i}`,
        interval_minutes: 1,
        enabled: true,
      });
      ids.push(res.body.heartbeat.uuid);
      await sleep(MINUTE / opts.heartbeats / 2);
    }
    const t0 = Math.ceil((Date.now() + 5_000) / MINUTE) * MINUTE;
    const t1 = t0 + opts.minutes * MINUTE;
    log(`${ids.length} heartbeats; measuring from ${new Date(t0).toISOString()} for ${opts.minutes} min`);

    let clientsRunning = true;
    const readers = Array.from({ length: 4 }, async (_, c) => {
      for (let i = c; clientsRunning; i++) {
        const id = ids[i % ids.length]!;
        await call('read', 'GET', `/v1/bot/heartbeat/read?project_id=${stack.projectId}&heartbeat_id=${id}`);
        await call('logs', 'GET', `/v1/bot/heartbeat/logs?project_id=${stack.projectId}&heartbeat_id=${id}`);
        await sleep(200);
      }
    });
    const triggers = (async () => {
      for (let i = 0; clientsRunning; i++) {
        await call('trigger', 'POST', '/v1/bot/heartbeat/trigger', { heartbeat_id: ids[i % ids.length] });
        await sleep(10_000);
      }
    })();

    const at = (fraction: number) => t0 + fraction * (t1 - t0);
    await sleep(at(0.2) - Date.now());
    log('fault: the worker is killed (kill -9) mid-run, and started again 10 s later');
    let from = Date.now();
    stack.worker.kill9();
    await sleep(10_000);
    await stack.worker.start();
    outages.push({ name: 'worker killed', from, to: Date.now() });

    await sleep(at(0.45) - Date.now());
    log('fault: Temporal is killed (kill -9) and started again on its database file 10 s later');
    from = Date.now();
    stack.temporal.kill9();
    await sleep(10_000);
    await stack.temporal.start();
    outages.push({ name: 'Temporal killed', from, to: Date.now() });

    await sleep(at(0.7) - Date.now());
    log('fault: PostgreSQL is stopped for 30 s');
    from = Date.now();
    await stack.postgres.stop();
    await sleep(30_000);
    await stack.postgres.start();
    outages.push({ name: 'PostgreSQL down 30 s', from, to: Date.now() });

    await sleep(t1 - Date.now());
    clientsRunning = false;
    await Promise.all([...readers, triggers]);
    log('load stopped; waiting 90 s for runs and deliveries under way to settle…');
    await sleep(90_000);

    // What was due in [t0, t1), and what became of each occurrence.
    const hbs = await botHeartbeatCounters(stack.db, botId);
    const rows = await botRuns(stack.db, botId);
    let due = 0;
    let ran = 0;
    let missed = 0;
    let lost = 0;
    let doubled = 0;
    let longestStall = 0;
    for (const hb of hbs) {
      const anchor = hb.anchor_at.getTime();
      const handled = new Map<number, { count: number; at: number }>();
      const mark = (t: number, at: number) => {
        const h = handled.get(t);
        handled.set(t, { count: (h?.count ?? 0) + 1, at: Math.min(h?.at ?? Infinity, at) });
      };
      for (const r of rows.filter((x) => x.heartbeat_id === hb.id && x.type === 'heartbeat')) {
        const first = r.scheduled_for!.getTime();
        if (r.reason === 'missed') {
          for (let k = 0; k < (r.missed_count ?? 0); k++) mark(first + k * MINUTE, r.created_at.getTime());
        } else mark(first, (r.started_at ?? r.created_at).getTime());
      }
      for (let t = anchor + Math.ceil((t0 - anchor) / MINUTE) * MINUTE; t < t1; t += MINUTE) {
        due++;
        const h = handled.get(t);
        if (!h) {
          lost++;
          continue;
        }
        if (h.count > 1) doubled += h.count - 1;
        const row = rows.find(
          (r) => r.heartbeat_id === hb.id && r.scheduled_for?.getTime() === t && r.reason !== 'missed',
        );
        if (row) ran++;
        else missed++;
        longestStall = Math.max(longestStall, h.at - t);
      }
    }
    const creditsInRows = rows.reduce((s, r) => s + r.credits_charged, 0);
    const creditsOnHeartbeats = hbs.reduce((s, h) => s + h.credits_used, 0);
    const dayCredits = await botDayCredits(stack.db, botId);
    const notifications = await countBotNotifications(stack.db, botId);
    const deliveredIds = new Set(webhooks.received.map((w) => w.id));
    const invalid = webhooks.received.filter((w) => !w.valid).length;

    const lines: string[][] = [
      ['due occurrences (scheduled, in the window)', String(due)],
      ['run', String(ran)],
      ['recorded missed', String(missed)],
      ['lost (neither)', String(lost)],
      ['duplicates', String(doubled)],
      [
        'credits: rows / heartbeat counters / daily totals',
        `${creditsInRows} / ${creditsOnHeartbeats} / ${dayCredits}`,
      ],
      [
        'notifications stored / delivered (distinct ids) / duplicate deliveries / bad signatures',
        `${notifications} / ${deliveredIds.size} / ${webhooks.received.length - deliveredIds.size} / ${invalid}`,
      ],
      ['longest stall (nominal → run or missed record)', `${(longestStall / 1000).toFixed(1)} s (interval 60 s)`],
    ];
    for (const o of outages) {
      const during = answers.filter((a) => a.at >= o.from - 1_000 && a.at <= o.to + 15_000);
      const codes = new Map<number, number>();
      for (const a of during) codes.set(a.status, (codes.get(a.status) ?? 0) + 1);
      const summary = [...codes].sort(([a], [b]) => a - b).map(([c, n]) => `${c === 0 ? 'no answer' : c}×${n}`);
      const fivexx = during.filter((a) => a.status >= 500);
      const stable = fivexx.every((a) => a.status === 503);
      lines.push([
        `API during "${o.name}" (+15 s after)`,
        `${summary.join(' ')}; 5xx other than 503: ${stable ? 0 : fivexx.length}; max ${Math.max(0, ...during.map((a) => a.ms))} ms`,
      ]);
    }
    const all5xx = answers.filter((a) => a.status >= 500 && a.status !== 503).length;
    const codes503 = answers.filter((a) => a.status === 503).length;
    lines.push([
      'API overall: answers / 503 (stable codes) / other 5xx',
      `${answers.length} / ${codes503} / ${all5xx}`,
    ]);
    const width = Math.max(...lines.map(([a]) => a!.length));
    console.log(lines.map(([a, b]) => `| ${a!.padEnd(width)} | ${b} |`).join('\n'));
    if (
      lost > 0 ||
      doubled > 0 ||
      all5xx > 0 ||
      creditsInRows !== creditsOnHeartbeats ||
      creditsInRows !== dayCredits
    ) {
      process.exitCode = 1;
    }
  } finally {
    await stack.close();
    await provider.close();
    await webhooks.close();
  }
}

await main();
