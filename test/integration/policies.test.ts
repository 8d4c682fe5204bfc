/**
 * Schedule policies with every part in a process of its own (dev/fault-stack.ts): the worker
 * stopped for three one-minute intervals under each `missed_runs` value, and a workflow terminated
 * from the Temporal side. One-minute intervals are the shortest a schedule has, so the outage takes
 * three real minutes; both cases share it.
 */
import { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { heartbeatWorkflowId } from '../../contract/workflow.js';
import { botRuns } from '../../db/queries/runs.js';
import { startFaultStack, type FaultStack } from '../../dev/fault-stack.js';
import { startWebhookCounter } from '../../dev/peers.js';
import { connectClient } from '../helpers/stack.js';

const MINUTE = 60_000;

let stack: FaultStack;
let webhooks: Awaited<ReturnType<typeof startWebhookCounter>>;
let connection: Awaited<ReturnType<typeof connectClient>>;

const request = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify({ project_id: stack.projectId, ...(body as object) }),
  });
  return { status: res.status, body: (await res.json()) as any };
};
const read = async (id: string) =>
  (await request('GET', `/v1/bot/heartbeat/read?project_id=${stack.projectId}&heartbeat_id=${id}`)).body.heartbeat;

async function until<T>(probe: () => Promise<T>, accept: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined as T);
    if (v !== undefined && accept(v)) return v;
    if (Date.now() > deadline) throw new Error(`not so within ${timeoutMs} ms: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/** A bot whose webhook (the test's receiver, which checks its signature) gets its heartbeat.stalled alerts. */
async function alertedBot(name: string): Promise<string> {
  const bot = await request('POST', '/v1/bot/create', {
    name,
    heartbeat: true,
    webhook_url: webhooks.url,
    alert_events: ['heartbeat.stalled'],
  });
  webhooks.setSecret(bot.body.webhook_secret);
  return bot.body.bot.uuid;
}

const stallAlerts = (heartbeatId: string) =>
  stack.db
    .selectFrom('alerts')
    .select(['alert_key', 'delivered_at'])
    .where('heartbeat_id', '=', heartbeatId)
    .where('event', '=', 'heartbeat.stalled')
    .execute();

beforeAll(async () => {
  webhooks = await startWebhookCounter();
  stack = await startFaultStack({ cliPath: inject('temporalCliPath'), env: { OUTBOUND_ALLOW_PRIVATE: 'true' } });
  connection = await connectClient(stack.temporalAddress);
}, 180_000);
afterAll(async () => {
  await connection?.closeWhenQuiet();
  await stack?.close();
  await webhooks?.close();
});

describe('schedule policies across processes', () => {
  it(
    'worker stopped for three intervals: run_once runs the latest, skip none, run_all each in turn; a terminated workflow is stalled and alerted once',
    async () => {
      const botId = await alertedBot('Policies');
      const gone = (
        await request('POST', '/v1/bot/heartbeat/configure', {
          bot_id: botId,
          prompt: 'Gone',
          interval_minutes: 60,
          enabled: true,
        })
      ).body.heartbeat.uuid as string;
      const policies = ['run_once', 'skip', 'run_all'] as const;
      const ids: Record<(typeof policies)[number], string> = {} as never;
      for (const missed_runs of policies) {
        const created = await request('POST', '/v1/bot/heartbeat/configure', {
          bot_id: botId,
          prompt: `Missed runs: ${missed_runs}`,
          interval_minutes: 1,
          enabled: true,
          missed_runs,
        });
        expect(created.status).toBe(200);
        ids[missed_runs] = created.body.heartbeat.uuid;
      }

      // The terminated workflow: found by the API's own reconciler, alerted once.
      await new Client({ connection }).workflow.getHandle(heartbeatWorkflowId(gone)).terminate('ended by an operator');
      const stalled = await until(
        () => read(gone),
        (h) => h.state === 'stalled',
        60_000,
      );
      expect(stalled.stall_reason).toMatch(/was terminated/);

      // Each has run on schedule; then the worker stops for at least three intervals, until the
      // reconciler has found all three stalled.
      const runsOf = async () => (await botRuns(stack.db, botId)).filter((r) => r.status !== 'skipped');
      await until(runsOf, (runs) => policies.every((p) => runs.some((r) => r.heartbeat_id === ids[p])), 2 * MINUTE);
      await stack.worker.stop();
      const stoppedAt = Date.now();
      await until(
        async () => Promise.all(policies.map((p) => read(ids[p]))),
        (hbs) => hbs.every((h) => h.state === 'stalled') && Date.now() - stoppedAt >= 3 * MINUTE,
        6 * MINUTE,
      );
      const restartedAt = Date.now();
      await stack.worker.start();
      // Back on schedule: each has an occurrence after the restart run, and is no longer stalled.
      await until(
        async () => (await botRuns(stack.db, botId)).filter((r) => r.scheduled_for! > new Date(restartedAt)),
        (late) => policies.every((p) => late.some((r) => r.heartbeat_id === ids[p] && r.status !== 'skipped')),
        3 * MINUTE,
      );
      for (const p of policies) expect((await read(ids[p])).state, p).toBe('active');

      const rows = await botRuns(stack.db, botId);
      const of = (p: (typeof policies)[number]) =>
        rows
          .filter((r) => r.heartbeat_id === ids[p])
          .map((r) => ({ ...r, at: r.scheduled_for!.getTime(), started: r.started_at?.getTime() ?? 0 }))
          .sort((a, b) => a.at - b.at);
      for (const p of policies) {
        // Every occurrence is accounted for exactly once: run, or inside one missed row.
        const covered: number[] = [];
        for (const r of of(p)) {
          const n = r.reason === 'missed' ? r.missed_count! : 1;
          for (let k = 0; k < n; k++) covered.push(r.at + k * MINUTE);
        }
        covered.sort((a, b) => a - b);
        for (let i = 1; i < covered.length; i++) expect(covered[i]! - covered[i - 1]!, p).toBe(MINUTE);
      }
      const missedRows = (p: (typeof policies)[number]) => of(p).filter((r) => r.reason === 'missed');
      /** Runs of occurrences that fell due while the worker was stopped (so ran after it came back). */
      const outageRuns = (p: (typeof policies)[number]) =>
        of(p).filter((r) => r.reason !== 'missed' && r.at > stoppedAt && r.at <= restartedAt);

      // run_once: one catch-up, the latest of the outage; the others are one missed row.
      const once = missedRows('run_once');
      expect(once).toHaveLength(1);
      expect(once[0]!.missed_count).toBeGreaterThanOrEqual(2);
      const catchUp = of('run_once').find((r) => r.at === once[0]!.at + once[0]!.missed_count! * MINUTE)!;
      expect(catchUp.status).not.toBe('skipped');
      expect(catchUp.started).toBeGreaterThan(restartedAt);
      expect(outageRuns('run_once').length).toBeLessThanOrEqual(1);

      // skip: none ran late; the outage is one missed row.
      expect(outageRuns('skip').every((r) => r.started - r.at < MINUTE + 15_000)).toBe(true);
      const skipped = missedRows('skip');
      expect(skipped).toHaveLength(1);
      expect(skipped[0]!.missed_count).toBeGreaterThanOrEqual(2);
      for (const r of of('skip').filter((x) => x.reason !== 'missed'))
        expect(r.started - r.at).toBeLessThan(MINUTE + 15_000);

      // run_all: nothing missed; each occurrence of the outage ran, oldest first, one at a time.
      expect(missedRows('run_all')).toEqual([]);
      const caughtUp = outageRuns('run_all');
      expect(caughtUp.length).toBeGreaterThanOrEqual(3);
      for (let i = 1; i < caughtUp.length; i++)
        expect(caughtUp[i]!.started).toBeGreaterThanOrEqual(caughtUp[i - 1]!.created_at.getTime());

      // Each stall was alerted once, the terminated one included, however many passes looked.
      for (const id of [gone, ...Object.values(ids)]) {
        const alerts = await until(
          () => stallAlerts(id),
          (a) => a.length === 1 && a[0]!.delivered_at !== null,
          MINUTE,
        );
        expect(webhooks.received.filter((w) => w.id === alerts[0]!.alert_key)).toEqual([
          { id: alerts[0]!.alert_key, valid: true },
        ]);
      }
      expect((await read(gone)).state).toBe('stalled');
    },
    15 * MINUTE,
  );
});
